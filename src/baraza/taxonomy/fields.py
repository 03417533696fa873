"""Form fields for vocabulary terms, listed in the reader's alphabetical order."""

from __future__ import annotations

from django import forms
from django.forms.models import ModelChoiceIterator

from baraza.taxonomy.queries import collation_key


class _AlphabeticalIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        objects = sorted(self.queryset, key=lambda obj: collation_key(str(obj)))
        for obj in objects:
            yield self.choice(obj)


class AlphabeticalChoiceField(forms.ModelChoiceField):
    iterator = _AlphabeticalIterator


class AlphabeticalMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = _AlphabeticalIterator
