"""Workshop runs, under ``/learning/workshops/<slug>/runs/``: recording a run, and its page
for the facilitators and the package's authors (participants and their scores, evaluations,
a summary, and the cases harvested there).

The run page holds several forms; each posts to its own address and, when its input is
refused, the page comes back with that form's errors (status 400) and nothing written.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from baraza.compendium.models import Status
from baraza.core.policies import can, require
from baraza.learning import workshop_forms as forms
from baraza.learning.models import HarvestedCase, Participant, RunKind, WorkshopRun
from baraza.learning.services import workshops as services
from baraza.learning.snapshot import pick
from baraza.learning.workshop_outputs import evaluation_form, variant_of

RUN_REFUSAL = _(
    "Only the workshop's facilitators and the package's authors see its participants and "
    "scores. The training cascade shows everyone its numbers."
)
RECORD_REFUSAL = _("Log in with an active account to record a workshop you ran.")


def _workshop(user, slug: str):
    found = services.readable_workshop(user, slug)
    if found is None:
        raise Http404
    return found


def _run(request, slug: str, pk: int, action: str = "read") -> WorkshopRun:
    package, _version = _workshop(request.user, slug)
    run = services.run_of(package, pk)
    if run is None:
        raise Http404
    require(request.user, action, run, reason=RUN_REFUSAL)
    return run


# --- Recording a run --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def run_new(request, slug: str):
    package, version = _workshop(request.user, slug)
    require(request.user, "record_run", package, reason=RECORD_REFUSAL)
    options = {
        "variants": version.data.get("variants") or [],
        "trainings": services.trainings_of(package),
    }
    status = 200
    if request.method == "POST":
        form = forms.RunForm(request.POST, **options)
        if form.is_valid():
            try:
                run = services.record_run(
                    package=package, actor=request.user, values=form.cleaned_data
                )
            except services.WorkshopError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("Your workshop is recorded. Add its participants and their scores below."),
                )
                return redirect("learning:run", package.slug, run.pk)
        status = 400
    else:
        variant = variant_of(version.data, request.GET.get("variant", ""))
        form = forms.RunForm(
            initial={
                "variant_key": variant["key"] if variant else "",
                "kind": RunKind.WORKSHOP,
                "language": "fr" if (request.LANGUAGE_CODE or "")[:2] == "fr" else "en",
            },
            **options,
        )
    return render(
        request,
        "learning/workshops/run_new.html",
        {
            "package": package,
            "version": version,
            "form": form,
            "title": pick(version.data.get("title")),
        },
        status=status,
    )


# --- A run's page -----------------------------------------------------------------------------


def _harvested(run: WorkshopRun, user) -> list[dict]:
    cases = HarvestedCase.objects.filter(run=run).select_related("experience").order_by("id")
    rows = []
    for case in cases:
        experience = case.experience
        readable = can(user, "read", experience)
        editable = experience.status in (Status.DRAFT, Status.CHANGES_REQUESTED) and (
            experience.submitter_id == user.pk
        )
        rows.append(
            {
                "experience": experience,
                # A draft's title is the submitter's, the curators' and its reviewers' only.
                "readable": readable,
                "title": experience.text("title") if readable else "",
                "status": experience.get_status_display(),
                "editable": editable,
                "public": experience.status == Status.PUBLISHED,
            }
        )
    return rows


def _run_page(request, run: WorkshopRun, *, status: int = 200, **bound):
    data = services.version_data(run)
    variant = variant_of(data, run.variant_key)
    questions = services.evaluation_questions(data)
    sessions = services.harvest_sessions(data, run.variant_key)
    participants = list(run.participants.all())
    for participant in participants:
        scored = participant.pre_score is not None and participant.post_score is not None
        participant.gain = participant.post_score - participant.pre_score if scored else None
    editable = can(request.user, "edit", run)
    forms_ = {
        "participant_form": forms.ParticipantForm(initial={"attended": True}),
        "upload_form": forms.ParticipantsUploadForm(),
        "evaluations_form": forms.EvaluationsUploadForm(questions=questions),
        "harvest_form": forms.HarvestForm(
            sessions=sessions,
            initial={"country": run.country, "language": run.language},
        )
        if sessions
        else None,
    }
    forms_.update(bound)
    names = services.country_names([run.country])
    return render(
        request,
        "learning/workshops/run.html",
        {
            "run": run,
            "package": run.package,
            "title": pick(data.get("title")) or run.package.slug,
            "variant_name": pick(variant["name"]) if variant else "",
            "country_name": names.get(run.country, run.country),
            "participants": participants,
            "questions": evaluation_form(data),
            "summary": services.summary(run, participants, questions),
            "harvest_sessions": sessions,
            "harvested": _harvested(run, request.user),
            "editable": editable,
            "participant_columns": forms.PARTICIPANT_COLUMNS,
            **forms_,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def run(request, slug: str, pk: int):
    return _run_page(request, _run(request, slug, pk))


def _refused(form, error: services.WorkshopError) -> None:
    for message in error.messages:
        form.add_error(None, message)


@login_required
@require_POST
def run_participant(request, slug: str, pk: int):
    run = _run(request, slug, pk, "edit")
    form = forms.ParticipantForm(request.POST)
    if form.is_valid():
        try:
            participant = services.add_participant(
                run=run, actor=request.user, values=form.cleaned_data
            )
        except services.WorkshopError as error:
            _refused(form, error)
        else:
            messages.success(
                request, _("%(name)s is added to the participants.") % {"name": participant.name}
            )
            return redirect("learning:run", slug, run.pk)
    return _run_page(request, run, status=400, participant_form=form)


@login_required
@require_POST
def run_participants_upload(request, slug: str, pk: int):
    run = _run(request, slug, pk, "edit")
    form = forms.ParticipantsUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            added, updated = services.save_participants(run=run, actor=request.user, rows=form.rows)
        except services.WorkshopError as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                _("Participants added: %(added)d. Participants updated: %(updated)d.")
                % {"added": added, "updated": updated},
            )
            return redirect("learning:run", slug, run.pk)
    return _run_page(request, run, status=400, upload_form=form)


@login_required
@require_POST
def run_participant_remove(request, slug: str, pk: int, participant: int):
    run = _run(request, slug, pk, "edit")
    found = get_object_or_404(Participant, pk=participant, run=run)
    services.remove_participant(participant=found, actor=request.user)
    messages.success(
        request, _("%(name)s is removed from the participants.") % {"name": found.name}
    )
    return redirect("learning:run", slug, run.pk)


@login_required
@require_POST
def run_evaluations_upload(request, slug: str, pk: int):
    run = _run(request, slug, pk, "edit")
    questions = services.evaluation_questions(services.version_data(run))
    form = forms.EvaluationsUploadForm(request.POST, request.FILES, questions=questions)
    if form.is_valid():
        try:
            count = services.add_evaluations(run=run, actor=request.user, answers=form.answers)
        except services.WorkshopError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Evaluations added: %(count)d.") % {"count": count})
            return redirect("learning:run", slug, run.pk)
    return _run_page(request, run, status=400, evaluations_form=form)


@login_required
@require_POST
def harvest(request, slug: str, pk: int):
    run = _run(request, slug, pk, "edit")
    sessions = services.harvest_sessions(services.version_data(run), run.variant_key)
    if not sessions:
        raise Http404
    form = forms.HarvestForm(request.POST, sessions=sessions)
    if form.is_valid():
        try:
            case = services.harvest_case(
                run=run,
                actor=request.user,
                session_key=form.cleaned_data["session_key"],
                values=form.cleaned_data,
            )
        except services.WorkshopError as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                _(
                    "The case is saved as draft %(identifier)s in the compendium. Complete it "
                    "there and submit it for curation when it is ready."
                )
                % {"identifier": case.experience.identifier},
            )
            return redirect("learning:run", slug, run.pk)
    return _run_page(request, run, status=400, harvest_form=form)


urlpatterns = [
    path("learning/workshops/<slug:slug>/runs/new/", run_new, name="run_new"),
    path("learning/workshops/<slug:slug>/runs/<int:pk>/", run, name="run"),
    path(
        "learning/workshops/<slug:slug>/runs/<int:pk>/participants/",
        run_participant,
        name="run_participant",
    ),
    path(
        "learning/workshops/<slug:slug>/runs/<int:pk>/participants/upload/",
        run_participants_upload,
        name="run_participants_upload",
    ),
    path(
        "learning/workshops/<slug:slug>/runs/<int:pk>/participants/<int:participant>/remove/",
        run_participant_remove,
        name="run_participant_remove",
    ),
    path(
        "learning/workshops/<slug:slug>/runs/<int:pk>/evaluations/",
        run_evaluations_upload,
        name="run_evaluations_upload",
    ),
    path("learning/workshops/<slug:slug>/runs/<int:pk>/harvest/", harvest, name="harvest"),
]
