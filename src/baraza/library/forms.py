from __future__ import annotations

import re
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from baraza.core.uploads import check_upload, human_size
from baraza.library import queries
from baraza.library.models import Licence, Resource, ResourceType
from baraza.library.services import ALLOWED_KINDS
from baraza.library.validators import normalise_doi, validate_web_address, validate_year
from baraza.taxonomy import queries as taxonomy
from baraza.taxonomy.fields import (
    AlphabeticalChoiceField,
    AlphabeticalMultipleChoiceField,
    country_filter,
    language_filter,
    theme_filter,
)

_REFERENCE = re.compile(r"^(?:.*/library/)?#?(\d{1,12})/?$")


class ResourceReferenceField(forms.CharField):
    """A resource already in the library, given by its address or its number."""

    def __init__(self, *, user, **kwargs):
        self.user = user
        super().__init__(max_length=500, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        found = _REFERENCE.match(urlsplit(value).path.strip() or value.strip())
        resource = queries.find_readable(self.user, int(found.group(1))) if found else None
        if resource is None:
            raise forms.ValidationError(
                _("There is no resource at this address. Copy the address of its page."),
                code="no_resource",
            )
        return resource


class WebAddressField(forms.URLField):
    """A web page's address: http or https only (a link is opened from the resource page)."""

    default_validators = [validate_web_address]
    default_error_messages = {"invalid": validate_web_address.message}

    def __init__(self, **kwargs):
        super().__init__(assume_scheme="https", **kwargs)


class ResourceForm(forms.Form):
    """Adding a resource: a file or a link, with its description."""

    required_css_class = "required"

    kind = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Choose a type")), *ResourceType.choices]
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        help_text=_("As written on the document, in its own language."),
    )
    authors = forms.CharField(
        label=_("Authors"),
        max_length=500,
        required=False,
        help_text=_("People or organisations, separated by commas."),
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        validators=[validate_year],
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    language = AlphabeticalChoiceField(
        label=_("Language of the resource"),
        queryset=taxonomy.languages(),
        to_field_name="code",
        empty_label=_("Choose a language"),
    )
    countries = AlphabeticalMultipleChoiceField(
        label=_("Countries it is about"),
        queryset=taxonomy.countries(),
        to_field_name="code",
        required=False,
        help_text=_("On a computer, hold Ctrl (or Cmd) to choose several."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=taxonomy.themes(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    licence = forms.ChoiceField(
        label=_("Licence"),
        choices=[("", _("Choose a licence")), *Licence.choices],
        help_text=_("How others may reuse it, as stated in the document."),
    )
    file = forms.FileField(label=_("File"), required=False)
    url = WebAddressField(
        label=_("Web address"),
        max_length=1000,
        required=False,
        help_text=_("For a link: the page where people can read it. Leave empty for a file."),
    )
    doi = forms.CharField(
        label=_("DOI"),
        max_length=200,
        required=False,
        help_text=_("If it has one, e.g. 10.1000/182."),
    )
    abstract = forms.CharField(
        label=_("Abstract"),
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("A few lines on what it is about, in the resource's language."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["translation_of"] = ResourceReferenceField(
            user=user,
            label=_("Translation of"),
            required=False,
            help_text=_(
                "If the library already has this document in another language, paste the "
                "address of its page."
            ),
        )
        self.fields["file"].help_text = _(
            "A PDF, Word, Excel, PowerPoint or OpenDocument file, or a picture, up to %(size)s."
        ) % {"size": human_size(settings.BARAZA_MAX_UPLOAD_MB * 1024 * 1024)}
        if not self.is_bound:
            self.fields["language"].initial = get_language()

    def clean_doi(self) -> str:
        return normalise_doi(self.cleaned_data["doi"])

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded:
            check_upload(uploaded, allowed=ALLOWED_KINDS)
            uploaded.seek(0)
        return uploaded

    def clean(self):
        data = super().clean()
        has_file, has_url = bool(data.get("file")), bool(data.get("url"))
        if has_file and has_url:
            self.add_error("url", _("Share a file or a web address, not both."))
        elif not (has_file or has_url or data.get("doi")) and not any(
            self.has_error(name) for name in ("file", "url", "doi")
        ):
            self.add_error("file", _("Upload a file, or give its web address or DOI."))
        _check_translation(self, data.get("language"), data.get("translation_of"))
        return data


class ResourceEditForm(ResourceForm):
    """Editing a resource's description; a file can be replaced, a link can move."""

    def __init__(self, *args, resource: Resource, **kwargs):
        self.resource = resource
        initial = {
            "kind": resource.kind,
            "title": resource.title,
            "authors": resource.authors,
            "year": resource.year,
            "language": resource.language.code,
            "countries": [c.code for c in resource.countries.all()],
            "themes": [t.slug for t in resource.themes.all()],
            "licence": resource.licence,
            "url": resource.url,
            "doi": resource.doi,
            "abstract": resource.abstract,
        }
        super().__init__(*args, initial=initial, **kwargs)
        if resource.is_file:
            del self.fields["url"]
            self.fields["file"].label = _("Replace the file")
            self.fields["file"].help_text = _(
                "Only to upload a corrected version; leave empty to keep %(name)s."
            ) % {"name": resource.file_name}
        else:
            del self.fields["file"]
        self.fields["translation_of"].label = _("Link to a translation")

    def clean(self):
        data = forms.Form.clean(self)
        link_given = any(data.get(f) or self.has_error(f) for f in ("url", "doi"))
        if not self.resource.is_file and not link_given:
            self.add_error("url", _("Give its web address or DOI."))
        other = data.get("translation_of")
        if other is not None and other.pk == self.resource.pk:
            self.add_error("translation_of", _("This is the address of this resource itself."))
        else:
            _check_translation(self, data.get("language"), other, resource=self.resource)
        return data


def _check_translation(form, language, other, *, resource=None) -> None:
    if language is None or other is None:
        return
    taken = queries.translation_languages(other, excluding=resource)
    if language.pk in taken:
        form.add_error(
            "translation_of",
            _("That document already has a version in %(language)s.") % {"language": language},
        )


class LibraryFilterForm(forms.Form):
    """The library's filters; invalid values are ignored, never an error page."""

    q = forms.CharField(label=_("Words"), max_length=100, required=False)
    kind = forms.ChoiceField(
        label=_("Type"), choices=[("", _("All types")), *ResourceType.choices], required=False
    )
    theme = theme_filter()
    language = language_filter()
    country = country_filter()
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].queryset = choices["languages"]
        self.fields["country"].queryset = choices["countries"]
        self.fields["theme"].queryset = choices["themes"]
        years = sorted(set(choices["years"]), reverse=True)
        self.fields["year"].choices = [("", _("All years")), *((y, y) for y in years)]

    def filters(self) -> queries.LibraryFilters:
        if not self.is_bound:
            return queries.LibraryFilters()
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value}
        return queries.LibraryFilters(
            q=data.get("q", "").strip(),
            kind=data.get("kind", ""),
            theme=data["theme"].slug if "theme" in data else "",
            language=data["language"].code if "language" in data else "",
            country=data["country"].code if "country" in data else "",
            year=data.get("year"),
        )
