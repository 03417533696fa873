"""The search page's input. Whatever arrives, the reader gets a page: values that make no
sense (an unknown type, page "abc", a NUL byte) are dropped, never an error."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from baraza.search import queries, registry

SORT_CHOICES = [("relevance", _("Most relevant")), ("date", _("Newest"))]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, strip=True)
    type = forms.MultipleChoiceField(label=_("Type"), required=False)
    lang = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", ""), ("en", "en"), ("fr", "fr")]
    )
    theme = forms.SlugField(required=False, max_length=64)
    country = forms.RegexField(regex=r"^[A-Z]{2}$", required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)
    page = forms.IntegerField(required=False, min_value=1, max_value=queries.MAX_PAGE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [(k.name, k.plural) for k in registry.kinds()]

    def request(self) -> queries.Request:
        """The search to run, from the valid values only."""
        if not self.is_bound:
            return queries.Request()
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value}
        if "q" in self.errors:  # a NUL byte, say: search for the rest
            data["q"] = self.data.get("q", "").replace("\x00", " ").strip()
        tags = tuple((facet, data[facet]) for facet in queries.TAG_FACETS if facet in data)
        return queries.Request(
            q=data.get("q", ""),
            kinds=tuple(data.get("type", ())),
            language=data.get("lang", ""),
            tags=tags,
            sort=data.get("sort") or "relevance",
            page=data.get("page") or 1,
        )


def query_string(request: queries.Request, **changes) -> str:
    """The address's query of ``request`` with ``changes`` (None removes a parameter), for
    the facet, sort and page links. The page goes back to 1 unless it is what changes."""
    params: dict[str, object] = {
        "q": request.q,
        "type": list(request.kinds),
        "lang": request.language,
        **dict(request.tags),
        "sort": "" if request.sort == "relevance" else request.sort,
    }
    params.update(changes)
    if "page" not in changes:
        params.pop("page", None)
    pairs = []
    for name, value in params.items():
        values = value if isinstance(value, list) else [value]
        pairs += [(name, v) for v in values if v not in (None, "")]
    return urlencode(pairs)


FACET_TITLES = {
    "kind": _("Type"),
    "language": _("Language"),
    "theme": _("Theme"),
    "country": _("Country"),
}
