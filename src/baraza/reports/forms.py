"""The dashboard's only input: how many weeks to look back."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from baraza.reports.queries import DEFAULT_WEEKS, WEEK_CHOICES


def _choices():
    label = ngettext_lazy("Last %(count)d week", "Last %(count)d weeks", "count")
    return [(n, label % {"count": n}) for n in WEEK_CHOICES]


class PeriodForm(forms.Form):
    weeks = forms.TypedChoiceField(label=_("Period"), coerce=int, choices=_choices)

    @classmethod
    def from_query(cls, data) -> PeriodForm:
        """The form bound to the query string; a missing or invalid period becomes the
        default (a hand-edited address never fails)."""
        form = cls(data)
        if not form.is_valid():
            form = cls({"weeks": DEFAULT_WEEKS})
            form.full_clean()
        return form

    @property
    def chosen_weeks(self) -> int:
        return self.cleaned_data["weeks"]
