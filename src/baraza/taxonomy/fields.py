"""Form fields for vocabulary terms, listed in the reader's alphabetical order."""

from __future__ import annotations

from django import forms
from django.forms.models import ModelChoiceIterator

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
