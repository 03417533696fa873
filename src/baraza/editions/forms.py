"""The curators' forms for editions: release one, record its DOI."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from baraza.editions.models import EDITION_NUMBER
from baraza.library.validators import normalise_doi

MAX_NOTES = 20_000


class ReleaseForm(forms.Form):
    number = forms.CharField(
        label=_("Edition number"),
        max_length=8,
        validators=[EDITION_NUMBER],
        help_text=_("The year, a dot and the edition's number in that year, e.g. 2026.1."),
    )
    notes_en = forms.CharField(
        label=_("Release notes (English)"),
        required=False,
        max_length=MAX_NOTES,
        widget=forms.Textarea(attrs={"rows": 5, "lang": "en"}),
    )
    notes_fr = forms.CharField(
        label=_("Release notes (French)"),
        required=False,
        max_length=MAX_NOTES,
        widget=forms.Textarea(attrs={"rows": 5, "lang": "fr"}),
    )

    def clean(self):
        data = super().clean()
        if not (data.get("notes_en", "").strip() or data.get("notes_fr", "").strip()):
            raise ValidationError(
                _("Write the release notes in at least one language: what this edition holds.")
            )
        return data


class DoiForm(forms.Form):
    doi = forms.CharField(
        label=_("DOI"),
        required=False,
        max_length=200,
        help_text=_("E.g. 10.5281/zenodo.1234567, or its doi.org link. Leave empty to remove."),
    )

    def clean_doi(self) -> str:
        return normalise_doi(self.cleaned_data["doi"])
