"""The curation dashboard, the public criteria pages and the curators' criteria-set pages.

Reads come from ``baraza.compendium.dashboard``; writes go through ``services`` (new version,
activation, flagging) and ``criteria_services`` (editing and discarding drafts). A step the
input or the set's state does not allow answers 400 with the message; a person who may not
curate gets 403. Either way nothing changes.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baraza.compendium import criteria_services, services
from baraza.compendium import dashboard as queries
from baraza.compendium.models import CriteriaSet, Criterion, CriterionKind
from baraza.compendium.policies import Compendium, is_curator
from baraza.core.policies import require

# --- Forms ----------------------------------------------------------------------------------


def _label(model, name: str):
    return capfirst(model._meta.get_field(name).verbose_name)


def _lang(name: str) -> dict:
    """The language of a bilingual field's text, for screen readers and spell checkers."""
    return {"lang": name[-2:]}


def _line(model, name: str) -> forms.CharField:
    return forms.CharField(
        label=_label(model, name), max_length=200, widget=forms.TextInput(attrs=_lang(name))
    )


def _text(model, name: str, *, rows: int = 2, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=_label(model, name),
        required=required,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": rows, **_lang(name)}),
    )


class CriteriaSetForm(forms.Form):
    """A draft set's own fields."""

    required_css_class = "required"

    name_en = _line(CriteriaSet, "name_en")
    name_fr = _line(CriteriaSet, "name_fr")
    notes_en = _text(CriteriaSet, "notes_en", rows=3, required=False)
    notes_fr = _text(CriteriaSet, "notes_fr", rows=3, required=False)
    disagreement_threshold = forms.TypedChoiceField(
        label=_label(CriteriaSet, "disagreement_threshold"),
        choices=[(n, n) for n in (1, 2, 3)],
        coerce=int,
        help_text=CriteriaSet._meta.get_field("disagreement_threshold").help_text,
    )
    best_threshold = forms.DecimalField(
        label=_label(CriteriaSet, "best_threshold"),
        min_value=0,
        max_value=3,
        max_digits=3,
        decimal_places=2,
    )
    promising_threshold = forms.DecimalField(
        label=_label(CriteriaSet, "promising_threshold"),
        min_value=0,
        max_value=3,
        max_digits=3,
        decimal_places=2,
    )

    @classmethod
    def initial_for(cls, criteria_set: CriteriaSet) -> dict:
        return {name: getattr(criteria_set, name) for name in cls.base_fields}


class CriterionForm(forms.Form):
    """One criterion; its place in the form is its place in the set."""

    required_css_class = "required"

    key = forms.SlugField(
        label=_label(Criterion, "key"),
        max_length=40,
        help_text=gettext_lazy("Lowercase letters, digits and hyphens, e.g. equity-inclusion."),
    )
    kind = forms.ChoiceField(
        label=_label(Criterion, "kind"),
        choices=[("", gettext_lazy("Choose gate or scored")), *CriterionKind.choices],
    )
    is_key = forms.BooleanField(
        label=_label(Criterion, "is_key"),
        required=False,
        help_text=Criterion._meta.get_field("is_key").help_text,
    )
    name_en = _line(Criterion, "name_en")
    name_fr = _line(Criterion, "name_fr")
    question_en = _text(Criterion, "question_en")
    question_fr = _text(Criterion, "question_fr")
    anchor_0_en = _text(Criterion, "anchor_0_en", required=False)
    anchor_0_fr = _text(Criterion, "anchor_0_fr", required=False)
    anchor_1_en = _text(Criterion, "anchor_1_en", required=False)
    anchor_1_fr = _text(Criterion, "anchor_1_fr", required=False)
    anchor_2_en = _text(Criterion, "anchor_2_en", required=False)
    anchor_2_fr = _text(Criterion, "anchor_2_fr", required=False)
    anchor_3_en = _text(Criterion, "anchor_3_en", required=False)
    anchor_3_fr = _text(Criterion, "anchor_3_fr", required=False)

    def clean(self):
        data = super().clean()
        if data.get("kind") == CriterionKind.SCORED:
            missing = [
                name for name in criteria_services.ANCHOR_FIELDS if not data.get(name, "").strip()
            ]
            for name in missing:
                if not self.has_error(name):
                    self.add_error(name, _("Write what this score means."))
        return data


CriterionFormSet = forms.formset_factory(
    CriterionForm, extra=1, can_delete=True, max_num=40, validate_max=True, absolute_max=60
)


def _criteria_initial(criteria_set: CriteriaSet) -> list[dict]:
    names = list(CriterionForm.base_fields)
    return [{name: getattr(c, name) for name in names} for c in criteria_set.criteria.all()]


# --- Helpers --------------------------------------------------------------------------------


def _require_curator(request) -> None:
    require(
        request.user,
        "curate",
        Compendium(),
        reason=_("Only the curators can see and change this."),
    )


def _problem(request, error: ValidationError, *, back: str = ""):
    """The 400 page for a step the input or the state does not allow."""
    return render(
        request,
        "compendium/dashboard/problem.html",
        {"problems": error.messages, "back": back},
        status=400,
    )


# --- The dashboard --------------------------------------------------------------------------


@require_GET
def dashboard(request):
    _require_curator(request)
    return render(request, "compendium/dashboard/dashboard.html", {"d": queries.dashboard()})


@require_POST
def flag_for_reassessment(request):
    _require_curator(request)
    try:
        count = services.flag_for_reassessment(actor=request.user)
    except ValidationError as error:
        return _problem(request, error)
    if count:
        messages.success(
            request,
            ngettext(
                "%(n)d record is now flagged for re-assessment.",
                "%(n)d records are now flagged for re-assessment.",
                count,
            )
            % {"n": count},
        )
    else:
        messages.info(request, _("No record needed flagging."))
    return redirect("compendium:dashboard")


# --- Public criteria pages ------------------------------------------------------------------


@require_GET
def criteria(request, version: int | None = None):
    criteria_set = queries.criteria_set_for_page(request.user, version)
    all_criteria = list(criteria_set.criteria.all())
    gates = [c for c in all_criteria if c.kind == CriterionKind.GATE]
    scored = [c for c in all_criteria if c.kind == CriterionKind.SCORED]
    return render(
        request,
        "compendium/dashboard/criteria.html",
        {
            "criteria_set": criteria_set,
            "gates": gates,
            "scored": scored,
            "key_names": ", ".join(str(c.name) for c in scored if c.is_key),
            "versions": queries.criteria_versions(request.user),
            "curator": is_curator(request.user),
        },
    )


# --- Curators' criteria-set pages -----------------------------------------------------------


@require_GET
def criteria_manage(request):
    _require_curator(request)
    return render(
        request,
        "compendium/dashboard/criteria_manage.html",
        {"rows": queries.criteria_versions_for_curators()},
    )


@require_POST
def criteria_new_version(request, version: int):
    _require_curator(request)
    base = queries.criteria_set_by_version(version)
    try:
        draft = services.new_criteria_version(actor=request.user, base=base)
    except ValidationError as error:
        return _problem(request, error)
    messages.success(
        request,
        _("Version %(new)d is a draft copy of version %(base)d: edit it, then activate it.")
        % {"new": draft.version, "base": base.version},
    )
    return redirect("compendium:criteria_edit", version=draft.version)


@require_http_methods(["GET", "POST"])
def criteria_edit(request, version: int):
    _require_curator(request)
    criteria_set = queries.criteria_set_by_version(version)
    if criteria_set.state != CriteriaSet.State.DRAFT:
        return _problem(
            request,
            ValidationError(
                _("Only a draft criteria set can be edited: make a new version from this one.")
            ),
        )
    if request.method == "POST":
        form = CriteriaSetForm(request.POST)
        formset = CriterionFormSet(
            request.POST, initial=_criteria_initial(criteria_set), prefix="criteria"
        )
        errors = []
        if form.is_valid() and formset.is_valid():
            kept = [
                criteria_services.CriterionValues(
                    **{k: v for k, v in data.items() if k != "DELETE"}
                )
                for data in formset.cleaned_data
                if data and not data.get("DELETE")
            ]
            try:
                criteria_services.update_criteria_set(
                    actor=request.user,
                    criteria_set=criteria_set,
                    values=form.cleaned_data,
                    criteria=kept,
                )
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(
                    request, _("Version %(n)d has been saved.") % {"n": criteria_set.version}
                )
                return redirect("compendium:criteria_edit", version=criteria_set.version)
        status = 400
    else:
        form = CriteriaSetForm(initial=CriteriaSetForm.initial_for(criteria_set))
        formset = CriterionFormSet(initial=_criteria_initial(criteria_set), prefix="criteria")
        errors, status = [], 200
    return render(
        request,
        "compendium/dashboard/criteria_edit.html",
        {"criteria_set": criteria_set, "form": form, "formset": formset, "errors": errors},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def criteria_activate(request, version: int):
    _require_curator(request)
    criteria_set = queries.criteria_set_by_version(version)
    active = CriteriaSet.objects.filter(state=CriteriaSet.State.ACTIVE).first()
    if request.method == "POST":
        try:
            services.activate_criteria_set(actor=request.user, criteria_set=criteria_set)
        except ValidationError as error:
            return _problem(request, error)
        messages.success(
            request,
            _(
                "Version %(n)d is now active. Records labelled under earlier versions keep "
                "their label; flag them for re-assessment from the dashboard."
            )
            % {"n": criteria_set.version},
        )
        return redirect("compendium:criteria_manage")
    if criteria_set.state != CriteriaSet.State.DRAFT:
        return _problem(request, ValidationError(_("Only a draft criteria set can be activated.")))
    return render(
        request,
        "compendium/dashboard/criteria_activate.html",
        {"criteria_set": criteria_set, "active": active},
    )


@require_POST
def criteria_discard(request, version: int):
    _require_curator(request)
    criteria_set = queries.criteria_set_by_version(version)
    try:
        criteria_services.discard_criteria_draft(actor=request.user, criteria_set=criteria_set)
    except ValidationError as error:
        return _problem(request, error)
    messages.success(request, _("The draft version %(n)d was discarded.") % {"n": version})
    return redirect("compendium:criteria_manage")
