"""Form fields for vocabulary terms, listed in the reader's alphabetical order."""

from __future__ import annotations

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from baraza.taxonomy import queries
from baraza.taxonomy.queries import sorted_by_name


class _AlphabeticalIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in sorted_by_name(self.queryset):
            yield self.choice(obj)


class AlphabeticalChoiceField(forms.ModelChoiceField):
    iterator = _AlphabeticalIterator


class AlphabeticalMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = _AlphabeticalIterator


# Optional filters on a vocabulary ("All countries" etc.), shared by the list pages' forms.


def country_filter(label=None) -> AlphabeticalChoiceField:
    return AlphabeticalChoiceField(
        label=label or _("Country"),
        queryset=queries.countries(),
        to_field_name="code",
        required=False,
        empty_label=_("All countries"),
    )


def language_filter(label=None) -> AlphabeticalChoiceField:
    return AlphabeticalChoiceField(
        label=label or _("Language"),
        queryset=queries.languages(),
        to_field_name="code",
        required=False,
        empty_label=_("All languages"),
    )


def theme_filter(label=None) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label or _("Theme"),
        queryset=queries.themes(),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
    )
