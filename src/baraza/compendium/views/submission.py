"""Writing an experience: a new draft, then one page per step, then the checks and submit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from baraza.compendium import screening, services
from baraza.compendium.forms import STEP_NAMES, STEPS, AboutForm, ChecklistForm, PublishNoteForm
from baraza.compendium.models import Experience, Status
from baraza.compendium.policies import Compendium
from baraza.core.policies import require

# Which step holds each field, so a screening problem links to where it is fixed.
FIELD_STEP = {
    **dict.fromkeys(("title", "summary", "what_was_done", "outcomes"), "about"),
    **dict.fromkeys(
        ("lessons_learned", "facilitators", "barriers", "challenges", "population_description"),
        "learning",
    ),
    **dict.fromkeys(
        (
            "countries",
            "settings",
            "phases",
            "health_areas",
            "approaches",
            "engagement_level",
            "start_year",
            "end_year",
            "cost_currency",
        ),
        "context",
    ),
    **dict.fromkeys(("evidence_type", "evidence_description", "references"), "evidence"),
}


def _follow_url(experience: Experience) -> str:
    try:
        return reverse("compendium:follow", args=[experience.identifier])
    except NoReverseMatch:
        return reverse("compendium:edit", args=[experience.identifier])


def _workflow_errors(error: ValidationError) -> list[str]:
    return list(error.messages)


@login_required
def submit_new(request):
    """Step one of a new record; saving it creates the draft."""
    require(request.user, "submit", Compendium())
    language = "fr" if (request.LANGUAGE_CODE or "")[:2] == "fr" else "en"
    form = AboutForm(
        request.POST or None, initial={"original_language": language}, language=language
    )
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            experience = services.create_experience(actor=request.user, values=form.values())
        except ValidationError as error:
            errors = _workflow_errors(error)
        else:
            messages.success(
                request,
                _("Draft %(id)s saved. You can come back to it at any time.")
                % {"id": experience.identifier},
            )
            return redirect("compendium:edit_step", experience.identifier, "context")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "compendium/submission/step.html",
        {"form": form, "step": "about", "steps": _steps(None, "about"), "errors": errors},
        status=status,
    )


def _steps(experience, current):
    return [
        {
            "name": name,
            "label": label,
            "current": name == current,
            "url": reverse("compendium:edit_step", args=[experience.identifier, name])
            if experience
            else "",
        }
        for name, label, _form in STEPS
    ]


def _load(request, identifier: str) -> Experience:
    experience = get_object_or_404(Experience, identifier=identifier.upper())
    if not request.user.is_authenticated:
        raise Http404
    require(
        request.user,
        "edit",
        experience,
        reason=_("This record cannot be edited now: it is “%(status)s”.")
        % {"status": experience.get_status_display()},
    )
    return experience


@login_required
def edit(request, identifier: str):
    experience = _load(request, identifier)
    return redirect("compendium:edit_step", experience.identifier, "about")


@login_required
def edit_step(request, identifier: str, step: str):
    if step not in STEP_NAMES:
        raise Http404
    experience = _load(request, identifier)
    if step == "submit" and experience.status == Status.PUBLISHED:
        return redirect("compendium:edit_step", experience.identifier, "about")
    form_class = dict((name, form) for name, _label, form in STEPS)[step]
    data = request.POST if request.method == "POST" else None
    if form_class is ChecklistForm:
        form = ChecklistForm(
            data,
            initial={f: getattr(experience, f) for f in ChecklistForm.base_fields},
        )
    else:
        form = form_class(data, experience=experience)
    published = experience.status == Status.PUBLISHED
    note_form = PublishNoteForm(data) if published else None
    errors: list[str] = []
    problems: list = []
    if request.method == "POST":
        valid = form.is_valid() and (note_form is None or note_form.is_valid())
        if valid:
            try:
                if published:
                    version = services.publish_edit(
                        experience=experience,
                        actor=request.user,
                        values=form.values(),
                        change_note=note_form.cleaned_data["change_note"],
                    )
                    messages.success(
                        request,
                        _("Version %(n)d of %(id)s is published.")
                        % {"n": version.number, "id": experience.identifier},
                    )
                    return redirect("compendium:detail", experience.identifier)
                services.save_draft(experience=experience, actor=request.user, values=form.values())
                if step == "submit" and "submit" in request.POST:
                    experience.refresh_from_db()
                    services.submit(experience=experience, actor=request.user)
                    messages.success(
                        request,
                        _("%(id)s is submitted. The curators will screen it and tell you by email.")
                        % {"id": experience.identifier},
                    )
                    return redirect(_follow_url(experience))
            except services.ScreeningFailed as failure:
                problems = failure.problems
            except ValidationError as error:
                errors = _workflow_errors(error)
            else:
                messages.success(request, _("Saved."))
                following = STEP_NAMES.index(step) + 1
                if "next" in request.POST and following < len(STEP_NAMES):
                    return redirect(
                        "compendium:edit_step", experience.identifier, STEP_NAMES[following]
                    )
                return redirect("compendium:edit_step", experience.identifier, step)
    experience.refresh_from_db()
    if step == "submit" and not problems:
        problems = screening.check(experience)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "compendium/submission/step.html",
        {
            "experience": experience,
            "form": form,
            "note_form": note_form,
            "step": step,
            "steps": _steps(experience, step),
            "errors": errors,
            "problems": [
                {"message": p.message, "step": FIELD_STEP.get(p.field, "submit")} for p in problems
            ],
            "published": published,
            "follow_url": _follow_url(experience),
        },
        status=status,
    )


@login_required
def discuss(request, identifier: str):
    """POST: open (or go to) the published record's discussion topic."""
    if request.method != "POST":
        return redirect("compendium:detail", identifier)
    experience = get_object_or_404(
        Experience, identifier=identifier.upper(), status=Status.PUBLISHED
    )
    try:
        topic = services.open_discussion(experience=experience, actor=request.user)
    except ValidationError as error:
        return render(
            request,
            "compendium/submission/problem.html",
            {"experience": experience, "errors": _workflow_errors(error)},
            status=400,
        )
    return redirect("discussions:topic", topic.pk)
