"""The curation workflow's pages: follow a record, act on it, review it, and the queues.

Every state change is one call to ``baraza.compendium.services``. A form that fails, or a
step the record's state does not allow (``WorkflowError``), re-renders the page with the
message and answers 400; a step the person may not take (``Refused``) answers 403. Either
way nothing changes.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baraza.compendium import curation_forms as forms
from baraza.compendium import curation_queries as queries
from baraza.compendium import labels, screening, services
from baraza.compendium.models import (
    TEXT_FIELDS,
    CriterionKind,
    Experience,
    Label,
    NoteKind,
    Reference,
    ReviewState,
    Status,
)
from baraza.compendium.policies import Compendium, is_curator
from baraza.core.policies import Refused, can, require

# What happens next, in plain words, for each state.
NEXT_STEP = {
    Status.DRAFT: gettext_lazy(
        "This record is a draft: only its submitter and the curators can see it. Once it is "
        "complete, the submitter sends it to the curators, who check it before independent "
        "reviewers assess it."
    ),
    Status.SUBMITTED: gettext_lazy(
        "The record has been submitted. A curator will screen it: check that it is complete "
        "and fits the compendium, then either ask for changes or send it to at least two "
        "independent reviewers."
    ),
    Status.SCREENING: gettext_lazy(
        "A curator is screening the record. Next, they either ask the submitter for changes "
        "or send it to at least two independent reviewers."
    ),
    Status.CHANGES_REQUESTED: gettext_lazy(
        "The curators have asked for changes. The submitter edits the record following their "
        "feedback below, then submits it again."
    ),
    Status.RESUBMITTED: gettext_lazy(
        "The record has been changed and submitted again. A curator will screen it again."
    ),
    Status.IN_REVIEW: gettext_lazy(
        "Independent reviewers are assessing the record against the published criteria. Each "
        "first declares any conflict of interest, and none sees the others’ scores before "
        "handing in their own. When every review is in, a curator decides."
    ),
    Status.RECONCILIATION: gettext_lazy(
        "The reviewers disagree on some criteria. The disagreement is settled by a discussion "
        "among the reviewers or by a third reviewer, as the curator chooses; then a curator "
        "decides."
    ),
    Status.PUBLISHED: gettext_lazy(
        "The record is published, with the label that the published rule derives from the "
        "reviews. Its page is public and can be cited."
    ),
    Status.DECLINED: gettext_lazy("The record was declined. The reasons are in the timeline."),
    Status.WITHDRAWN: gettext_lazy(
        "The record was withdrawn. Its address now shows a notice that gives the reason."
    ),
}

QUEUE_GROUPS = (
    ("submitted", gettext_lazy("Submitted, to screen")),
    ("resubmitted", gettext_lazy("Resubmitted after changes, to screen again")),
    ("screening", gettext_lazy("In screening")),
    ("reviews-pending", gettext_lazy("In review: reviews pending")),
    ("reviews-complete", gettext_lazy("In review: every review in, ready for a decision")),
    ("reconciliation", gettext_lazy("Reconciliation")),
)

TEXT_LABELS = {
    "title": gettext_lazy("Title"),
    "summary": gettext_lazy("Summary"),
    "what_was_done": gettext_lazy("What was done"),
    "outcomes": gettext_lazy("Outcomes"),
    "lessons_learned": gettext_lazy("Lessons learned"),
    "facilitators": gettext_lazy("Facilitators"),
    "barriers": gettext_lazy("Barriers"),
    "challenges": gettext_lazy("Challenges"),
    "evidence_description": gettext_lazy("Evidence"),
    "population_description": gettext_lazy("People reached"),
}

SCREENABLE = (Status.SUBMITTED, Status.RESUBMITTED)
CHANGES_FROM = (Status.SUBMITTED, Status.RESUBMITTED, Status.SCREENING)
ASSIGNABLE = (Status.SCREENING, Status.IN_REVIEW)
DECIDABLE = (Status.IN_REVIEW, Status.RECONCILIATION)
SCREENING_SHOWN = (
    Status.DRAFT,
    Status.CHANGES_REQUESTED,
    Status.SUBMITTED,
    Status.RESUBMITTED,
    Status.SCREENING,
)


# --- The record's curation page -------------------------------------------------------------


@login_required
@require_GET
def follow(request, identifier: str):
    experience = queries.experience_for_follow(request.user, identifier)
    return _follow_page(request, experience)


def _follow_page(request, experience: Experience, *, bound=None, errors=None, status=200):
    """The page, with ``bound`` forms (by name) and ``errors`` shown after a failed step."""
    user = request.user
    bound = bound or {}
    is_submitter = experience.submitter_id == user.pk
    curator = is_curator(user)
    reviews = queries.reviews(experience)
    own = next((r for r in reviews if r.reviewer_id == user.pk), None)
    pending_reviewer = own is not None and own.state == ReviewState.ASSIGNED
    # Curators see every review, but not of a record they submitted, nor before handing in
    # their own when they review it too (no reviewer sees another's scores before that).
    curator_view = curator and not is_submitter and not pending_reviewer
    context = {
        "experience": experience,
        "next_step": NEXT_STEP[experience.status],
        "is_submitter": is_submitter,
        "is_curator": curator,
        "curator_view": curator_view,
        "own_review": own,
        "timeline": queries.timeline(
            experience,
            note_kinds=queries.visible_note_kinds(
                curator_view=curator_view,
                reviewer_submitted=own is not None and own.state == ReviewState.SUBMITTED,
            ),
        ),
        "errors": errors or [],
        "can_edit": can(user, "edit", experience),
        "can_submit": experience.status in (Status.DRAFT, Status.CHANGES_REQUESTED)
        and can(user, "submit", experience),
        **_preview(experience),
    }
    if experience.status in SCREENING_SHOWN and (is_submitter or curator):
        context["problems"] = _problems(experience)
    if curator:
        context.update(_curator_panels(experience, reviews, bound, curator_view=curator_view))
    for form in bound.values():
        # A form whose panel the record's state does not show: its errors go to the top.
        if not any(form is value for value in context.values()):
            context["errors"] = [*context["errors"], *_form_errors(form)]
    return render(request, "compendium/curation/follow.html", context, status=status)


def _form_errors(form) -> list[str]:
    return [str(error) for errors in form.errors.values() for error in errors]


def _curator_panels(experience, reviews, bound, *, curator_view: bool) -> dict:
    state = experience.status
    active = [r for r in reviews if r.state != ReviewState.RECUSED]
    submitted = [r for r in reviews if r.state == ReviewState.SUBMITTED]
    pending = [r for r in reviews if r.state == ReviewState.ASSIGNED]
    panels = {
        "reviews": reviews if curator_view else [],
        "review_counts": {"active": len(active), "submitted": len(submitted)},
        "can_screen": state in SCREENABLE,
        "min_reviewers": services.MIN_REVIEWERS,
        "note_form": bound.get("note") or forms.NoteForm(experience=experience),
    }
    needs_people = state in ASSIGNABLE or state == Status.RECONCILIATION
    suggestions = queries.suggested_reviewers(experience) if needs_people else []
    if state in CHANGES_FROM:
        panels["changes_form"] = bound.get("changes") or forms.RequestChangesForm()
    if state in ASSIGNABLE:
        panels["assign_form"] = bound.get("assign") or forms.AssignReviewersForm(
            experience=experience, suggestions=suggestions
        )
    if state == Status.RECONCILIATION:
        panels["reconcile_form"] = bound.get("reconcile") or forms.ReconciliationForm(
            experience=experience, suggestions=suggestions
        )
    if state in DECIDABLE and not pending and len(submitted) >= services.MIN_REVIEWERS:
        # The rule that ``services.outcome`` and ``services.decide`` apply, on the reviews
        # already loaded for the page.
        criteria_set = submitted[0].criteria_set
        criteria = queries.criteria(criteria_set)
        result = labels.derive(criteria_set, criteria, services.judgements(submitted))
        panels["decision_form"] = bound.get("decide") or forms.DecisionForm()
        panels["outcome"] = _outcome_rows(result, criteria_set, criteria)
        panels["outcome_label"] = Label(result.label).label if result.label else ""
        panels["can_publish"] = not result.failed_gates
    if state == Status.PUBLISHED:
        panels["withdraw_form"] = bound.get("withdraw") or forms.WithdrawForm()
    return panels


def _outcome_rows(result: labels.Outcome, criteria_set, criteria) -> dict:
    rows = []
    for criterion in criteria:
        consensus = result.consensus.get(criterion.key)
        rows.append(
            {
                "criterion": criterion,
                "gate": criterion.kind == CriterionKind.GATE,
                "consensus": consensus,
                "disagreement": criterion.key in result.disagreements,
            }
        )
    names = {c.key: c.name for c in criteria}
    return {
        "rows": rows,
        "average": result.average,
        "failed_gates": [names.get(k, k) for k in result.failed_gates],
        "disagreements": [names.get(k, k) for k in result.disagreements],
        "criteria_set": criteria_set,
    }


def _field_name(field: str) -> str:
    """The name people know a screening problem's field by."""
    if field in TEXT_LABELS:
        return str(TEXT_LABELS[field])
    if field == "references":
        return str(Reference._meta.verbose_name_plural)
    try:
        return str(Experience._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:
        return field


def _problems(experience: Experience) -> list[dict]:
    return [
        {"field": _field_name(p.field), "message": p.message} for p in screening.check(experience)
    ]


def _preview(experience: Experience) -> dict:
    """The record's texts in the reader's language (the original where untranslated)."""
    texts = []
    for field in TEXT_FIELDS[1:]:
        value = experience.text(field)
        if value:
            texts.append({"name": TEXT_LABELS[field], "field": field, "text": value})
    return {"texts": texts}


# --- Curator actions ------------------------------------------------------------------------


def _act(request, identifier: str, *, name: str, form_class, run, done, curate: bool = True):
    """Validate ``form_class`` and run ``run(experience, form)``; on failure, show the page
    again with the bound form (400), the reason (403), and change nothing."""
    experience = queries.experience_for_action(request.user, identifier)
    if curate:
        require(request.user, "curate", experience, reason=_("Only the curators can do this."))
    form = form_class(request.POST, **_form_kwargs(form_class, experience))
    errors = []
    if form.is_valid():
        try:
            run(experience, form)
        except services.WorkflowError as error:
            errors = error.messages
        else:
            messages.success(request, done)
            return redirect("compendium:follow", identifier=experience.identifier)
    experience = queries.experience_for_follow(request.user, identifier)
    return _follow_page(request, experience, bound={name: form}, errors=errors, status=400)


def _form_kwargs(form_class, experience) -> dict:
    if form_class in (forms.NoteForm, forms.AssignReviewersForm, forms.ReconciliationForm):
        return {"experience": experience}
    return {}


class _NoFields(forms.forms.Form):
    """A button with nothing to fill in."""


@login_required
@require_POST
def submit(request, identifier: str):
    return _act(
        request,
        identifier,
        name="submit",
        form_class=_NoFields,
        run=lambda e, f: services.submit(experience=e, actor=request.user),
        done=_("Your record has been sent to the curators."),
        curate=False,
    )


@login_required
@require_POST
def screen(request, identifier: str):
    return _act(
        request,
        identifier,
        name="screen",
        form_class=_NoFields,
        run=lambda e, f: services.start_screening(experience=e, actor=request.user),
        done=_("Screening has started."),
    )


@login_required
@require_POST
def request_changes(request, identifier: str):
    return _act(
        request,
        identifier,
        name="changes",
        form_class=forms.RequestChangesForm,
        run=lambda e, f: services.request_changes(
            experience=e, actor=request.user, message=f.cleaned_data["message"]
        ),
        done=_("The submitter has been asked for changes."),
    )


@login_required
@require_POST
def assign(request, identifier: str):
    return _act(
        request,
        identifier,
        name="assign",
        form_class=forms.AssignReviewersForm,
        run=lambda e, f: services.assign_reviewers(
            experience=e, actor=request.user, reviewers=f.cleaned_data["people"]
        ),
        done=_("The reviewers have been assigned and told by email."),
    )


@login_required
@require_POST
def reconcile(request, identifier: str):
    return _act(
        request,
        identifier,
        name="reconcile",
        form_class=forms.ReconciliationForm,
        run=lambda e, f: services.choose_reconciliation(
            experience=e,
            actor=request.user,
            mode=f.cleaned_data["mode"],
            third_reviewer=f.cleaned_data["person"],
        ),
        done=_("The reconciliation has started."),
    )


@login_required
@require_POST
def decide(request, identifier: str):
    return _act(
        request,
        identifier,
        name="decide",
        form_class=forms.DecisionForm,
        run=lambda e, f: services.decide(
            experience=e, actor=request.user, accept=f.accept, reasons=f.cleaned_data["reasons"]
        ),
        done=_("The decision has been recorded and the submitter told."),
    )


@login_required
@require_POST
def withdraw(request, identifier: str):
    return _act(
        request,
        identifier,
        name="withdraw",
        form_class=forms.WithdrawForm,
        run=lambda e, f: services.withdraw(
            experience=e, actor=request.user, reason=f.cleaned_data["reason"]
        ),
        done=_("The record has been withdrawn."),
    )


@login_required
@require_POST
def note(request, identifier: str):
    return _act(
        request,
        identifier,
        name="note",
        form_class=forms.NoteForm,
        run=lambda e, f: services.add_note(
            experience=e,
            actor=request.user,
            kind=f.cleaned_data["kind"],
            body=f.cleaned_data["body"],
        ),
        done=_("The note has been added."),
    )


# --- Reviewing ------------------------------------------------------------------------------


def _own_review(request, identifier: str):
    experience, review = queries.review_of(request.user, identifier)
    if review is None:
        raise Refused(_("Only the reviewers assigned to this record can review it."))
    return experience, review


@login_required
@require_http_methods(["GET", "POST"])
def review(request, identifier: str):
    experience, own = _own_review(request, identifier)
    criteria = queries.criteria(own.criteria_set)
    open_for_review = own.state == ReviewState.ASSIGNED and experience.status in DECIDABLE
    step, form, errors, status = "", None, [], 200
    if open_for_review:
        step = "declare"
        form = forms.ConflictForm()
    if request.method == "POST":
        step = request.POST.get("step")
        if step == "declare":
            form = forms.ConflictForm(request.POST)
            if form.is_valid() and form.has_conflict:
                try:
                    services.submit_review(
                        review=own,
                        actor=request.user,
                        has_conflict=True,
                        conflict_statement=form.cleaned_data["statement"],
                    )
                except services.WorkflowError as error:
                    errors, status = error.messages, 400
                else:
                    messages.success(
                        request,
                        _("You have stood down from this review. Thank you for saying so."),
                    )
                    return redirect("compendium:mine")
            elif form.is_valid():
                step, form = "score", forms.ReviewForm(criteria=criteria)
            else:
                status = 400
        elif step == "score":
            form = forms.ReviewForm(request.POST, criteria=criteria)
            if form.is_valid():
                try:
                    services.submit_review(
                        review=own,
                        actor=request.user,
                        has_conflict=False,
                        answers=form.answers(),
                        comments=form.cleaned_data["comments"],
                    )
                except services.WorkflowError as error:
                    errors, status = error.messages, 400
                else:
                    messages.success(request, _("Thank you: your review has been handed in."))
                    return redirect("compendium:review", identifier=experience.identifier)
            else:
                status = 400
        else:
            errors, status = [_("This form is not complete: please start again.")], 400
    return _review_page(
        request, experience, own, criteria, step=step, form=form, errors=errors, status=status
    )


def _review_page(
    request,
    experience,
    own,
    criteria,
    *,
    step,
    form=None,
    errors=(),
    status=200,
    revise_form=None,
    discuss_form=None,
):
    context = {
        "experience": experience,
        "review": own,
        "criteria": criteria,
        "step": step,
        "form": form,
        "errors": list(errors),
        **_preview(experience),
    }
    if own.state == ReviewState.SUBMITTED:
        # Blind review: the others' reviews are loaded only once this one is handed in.
        context.update(_after_review(experience, own, criteria, revise_form, discuss_form))
    return render(request, "compendium/curation/review.html", context, status=status)


def _after_review(experience, own, criteria, revise_form, discuss_form) -> dict:
    everyone = queries.reviews(experience)
    submitted = [r for r in everyone if r.state == ReviewState.SUBMITTED]
    submitted.sort(key=lambda r: r.pk != own.pk)
    own = submitted[0]
    reconciling = experience.status == Status.RECONCILIATION
    discussing = reconciling and experience.reconciliation_mode == "discussion"
    disagreements = set()
    if reconciling and len(submitted) > 1:
        disagreements = set(
            labels.disagreements(
                criteria,
                services.judgements(submitted),
                own.criteria_set.disagreement_threshold,
            )
        )
    by_review = [{s.criterion_id: s for s in r.scores.all()} for r in submitted]
    table = [
        {
            "criterion": c,
            "gate": c.kind == CriterionKind.GATE,
            "disagreement": c.key in disagreements,
            "cells": [scores.get(c.pk) for scores in by_review],
        }
        for c in criteria
    ]
    context = {
        "own": own,
        "others": submitted[1:],
        "submitted_reviews": submitted,
        "table": table,
        "reconciling": reconciling,
        "discussing": discussing,
        "has_disagreements": bool(disagreements),
    }
    if reconciling:
        context["discussion"] = queries.discussion(experience)
    if discussing:
        context["revise_form"] = revise_form or forms.ReviewForm(criteria=criteria, review=own)
        context["discuss_form"] = discuss_form or forms.DiscussionNoteForm()
    return context


@login_required
@require_POST
def revise(request, identifier: str):
    experience, own = _own_review(request, identifier)
    criteria = queries.criteria(own.criteria_set)
    form = forms.ReviewForm(request.POST, criteria=criteria)
    errors = []
    if form.is_valid():
        try:
            services.revise_review(review=own, actor=request.user, answers=form.answers())
        except services.WorkflowError as error:
            errors = error.messages
        else:
            messages.success(request, _("Your revised scores have been saved."))
            return redirect("compendium:review", identifier=experience.identifier)
    return _review_page(
        request, experience, own, criteria, step="", errors=errors, status=400, revise_form=form
    )


@login_required
@require_POST
def discuss(request, identifier: str):
    experience, own = _own_review(request, identifier)
    criteria = queries.criteria(own.criteria_set)
    form = forms.DiscussionNoteForm(request.POST)
    errors = []
    if form.is_valid():
        try:
            services.add_note(
                experience=experience,
                actor=request.user,
                kind=NoteKind.RECONCILIATION,
                body=form.cleaned_data["body"],
            )
        except services.WorkflowError as error:
            errors = error.messages
        else:
            messages.success(request, _("Your message has been added to the discussion."))
            return redirect("compendium:review", identifier=experience.identifier)
    return _review_page(
        request, experience, own, criteria, step="", errors=errors, status=400, discuss_form=form
    )


# --- Lists ----------------------------------------------------------------------------------


@login_required
@require_GET
def mine(request):
    return render(
        request,
        "compendium/curation/mine.html",
        {
            "submissions": list(queries.my_submissions(request.user)),
            "assignments": list(queries.my_reviews(request.user)),
            "is_curator": is_curator(request.user),
        },
    )


@login_required
@require_GET
def queue(request):
    require(request.user, "curate", Compendium(), reason=_("Only the curators see the queue."))
    groups = {key: [] for key, _title in QUEUE_GROUPS}
    for record in queries.queue():
        if record.status == Status.IN_REVIEW:
            key = "reviews-pending" if record.n_pending else "reviews-complete"
        else:
            key = record.status
        groups[key].append(record)
    return render(
        request,
        "compendium/curation/queue.html",
        {
            "groups": [
                {"key": key, "title": title, "records": groups[key]} for key, title in QUEUE_GROUPS
            ],
            "total": sum(len(records) for records in groups.values()),
        },
    )
