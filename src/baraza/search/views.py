from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from baraza.communities import queries as community_queries
from baraza.search import analysis, forms, queries, registry


@require_GET
def search(request):
    form = forms.SearchForm(request.GET or None)
    wanted = form.request()
    results = queries.search(request.user, wanted)
    ids = {hit.community_id for hit in results.hits if hit.community_id}
    communities = (
        {c.pk: c for c in community_queries.readable_by(request.user).filter(pk__in=ids)}
        if ids
        else {}
    )
    labels = {kind.name: kind.label for kind in registry.kinds()}
    hits = [
        {
            "hit": hit,
            "label": labels.get(hit.kind, hit.kind),
            "community": communities.get(hit.community_id),
        }
        for hit in results.hits
    ]
    facets = []
    for name, title in forms.FACET_TITLES.items():
        values = results.facets.get(name) or []
        if not values:
            continue
        facets.append(
            {
                "name": name,
                "title": title,
                "values": [{"value": v, "href": "?" + _toggle(wanted, name, v)} for v in values],
            }
        )
    page = min(max(1, wanted.page), results.pages)
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "wanted": wanted,
            "results": results,
            "hits": hits,
            "facets": facets,
            "page": page,
            "previous": "?" + forms.query_string(wanted, page=page - 1) if page > 1 else "",
            "next": "?" + forms.query_string(wanted, page=page + 1) if page < results.pages else "",
            "sorts": [
                {
                    "value": value,
                    "label": label,
                    "href": "?" + forms.query_string(wanted, sort=value),
                    "current": (wanted.sort == value),
                }
                for value, label in forms.SORT_CHOICES
            ],
            "clear": "?"
            + forms.query_string(wanted, type=None, lang=None, theme=None, country=None),
            "filtered": bool(wanted.kinds or wanted.language or wanted.tags),
            "first_page": forms.query_string(wanted),
            "max_words": analysis.MAX_QUERY_WORDS,
        },
    )


def _toggle(wanted: queries.Request, facet: str, value: queries.FacetValue) -> str:
    """The link of a facet value: choose it, or let it go if it is chosen."""
    if facet == "kind":
        kinds = [k for k in wanted.kinds if k != value.value]
        if not value.selected:
            kinds.append(value.value)
        return forms.query_string(wanted, type=kinds)
    parameter = "lang" if facet == "language" else facet
    return forms.query_string(wanted, **{parameter: None if value.selected else value.value})
