"""Importing records from a file on the web, for curators (``import_jobs``).

Upload a file; its page shows the check (every problem by row and field, or what would be
created, updated and left unchanged) and, once a curator confirms, the import. While a step is
running the page reloads itself every few seconds, without JavaScript.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baraza.compendium import import_jobs
from baraza.compendium.curation_forms import ImportForm
from baraza.compendium.models import ImportJob, ImportState
from baraza.compendium.policies import Compendium
from baraza.compendium.services import WorkflowError
from baraza.core.policies import require

RECENT = 20
REFRESH_SECONDS = 5


def _require_curator(request) -> None:
    require(request.user, "import", Compendium(), reason=import_jobs.REFUSAL)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    _require_curator(request)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            job = import_jobs.start(
                uploaded=form.cleaned_data["file"], fmt=form.format, actor=request.user
            )
            return redirect("compendium:import_job", pk=job.pk)
    else:
        form = ImportForm()
    recent = _jobs()[:RECENT]
    return render(
        request,
        "compendium/imports/upload.html",
        {"form": form, "jobs": recent},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_GET
def job(request, pk: int):
    _require_curator(request)
    return _job_page(request, get_object_or_404(_jobs(), pk=pk))


def _job_page(request, job: ImportJob, *, status: int = 200):
    report = job.report or {}
    candidates = report.get("candidates", [])
    return render(
        request,
        "compendium/imports/job.html",
        {
            "job": job,
            "problems": report.get("problems", []),
            "candidates": [c for c in candidates if c["action"] != "unchanged"],
            "counts": {action: job.count(action) for action in _ACTIONS},
            "refresh": REFRESH_SECONDS if job.working else None,
            "states": ImportState,
        },
        status=status,
    )


_ACTIONS = ("create", "update", "unchanged", "withdrawn")


@login_required
@require_POST
def confirm(request, pk: int):
    return _act(request, pk, import_jobs.confirm, _("The import has started."))


@login_required
@require_POST
def discard(request, pk: int):
    return _act(request, pk, import_jobs.discard, _("The file was discarded."))


def _act(request, pk: int, action, done: str):
    _require_curator(request)
    job = get_object_or_404(_jobs(), pk=pk)
    try:
        action(job=job, actor=request.user)
    except WorkflowError as exc:
        messages.error(request, exc.args[0])
        job.refresh_from_db()
        return _job_page(request, job, status=400)
    messages.success(request, done)
    return redirect("compendium:import_job", pk=job.pk)


@login_required
@require_GET
def original(request, pk: int):
    """The uploaded file as it was, for curators (gone once discarded)."""
    _require_curator(request)
    job = get_object_or_404(_jobs(), pk=pk)
    if job.state == ImportState.DISCARDED or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=job.name)


def _jobs():
    return ImportJob.objects.select_related("uploaded_by", "confirmed_by")
