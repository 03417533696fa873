"""Curators' write endpoints: submit a record, import a file. Token authentication only.

Both go through the same services as the web pages (``services.create_experience`` and
``services.submit``; ``import_jobs.start`` and ``import_jobs.confirm``).
"""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import File, Path, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from baraza.api import schemas
from baraza.api.core import TokenAuth, absolute, api, require_curator
from baraza.compendium import import_jobs, importer, services
from baraza.compendium.models import ImportJob, Source
from baraza.core.uploads import human_size
from baraza.taxonomy.models import (
    Country,
    EngagementApproach,
    EngagementLevel,
    EvidenceType,
    HealthArea,
    Phase,
    Setting,
)

WRITE = {
    400: schemas.Error,
    401: schemas.Error,
    403: schemas.Error,
    429: schemas.Error,
}
TERM_LISTS = {
    "phases": Phase,
    "health_areas": HealthArea,
    "approaches": EngagementApproach,
    "settings": Setting,
}
SINGLE_TERMS = {"engagement_level": EngagementLevel, "evidence_type": EvidenceType}
TEXTS = ("title", "summary", "what_was_done", "outcomes", "lessons_learned")
PLAIN = (
    "start_year",
    "end_year",
    "ongoing",
    "licence",
    "consent_confirmed",
    "safeguarding_confirmed",
    "rights_confirmed",
)


class BadTerms(Exception):
    pass


def _unknown(field: str, values) -> str:
    return _("%(field)s: unknown value(s): %(values)s.") % {
        "field": field,
        "values": ", ".join(sorted(values))[:200],
    }


def _values(payload: schemas.ExperienceIn) -> dict:
    """The services' values from the request body; unknown codes or slugs raise ``BadTerms``."""
    language = payload.original_language
    values: dict = {"original_language": language}
    for name in TEXTS:
        values[f"{name}_{language}"] = getattr(payload, name)
    problems = []
    codes = {c.strip().upper() for c in payload.countries}
    countries = list(Country.objects.filter(code__in=codes))
    if len(countries) != len(codes):
        problems.append(_unknown("countries", codes - {c.code for c in countries}))
    values["countries"] = countries
    for name, model in TERM_LISTS.items():
        slugs = {s.strip().lower() for s in getattr(payload, name)}
        terms = list(model.objects.filter(slug__in=slugs))
        if len(terms) != len(slugs):
            problems.append(_unknown(name, slugs - {t.slug for t in terms}))
        values[name] = terms
    for name, model in SINGLE_TERMS.items():
        slug = getattr(payload, name).strip().lower()
        term = model.objects.filter(slug=slug).first() if slug else None
        if slug and term is None:
            problems.append(_unknown(name, {slug}))
        values[name] = term
    if problems:
        raise BadTerms(" ".join(problems))
    for name in PLAIN:
        values[name] = getattr(payload, name)
    return values


@api.post(
    "/experiences/",
    auth=TokenAuth(),
    response={201: schemas.ExperienceCreated, **WRITE},
    url_name="experience_create",
    tags=["curation"],
    summary=gettext_lazy("Create a record (curators)"),
    description=gettext_lazy(
        "Creates a draft record written by a curator, in its original language. With "
        '"submit": true it is also sent to curation, if the submission checks pass; '
        "otherwise nothing is created and the answer lists the problems."
    ),
)
def create_experience(request, payload: schemas.ExperienceIn):
    require_curator(request)
    try:
        values = _values(payload)
    except BadTerms as exc:
        raise HttpError(400, str(exc)) from None
    user = request.auth.user
    with transaction.atomic():
        experience = services.create_experience(actor=user, values=values, source=Source.CURATOR)
        if payload.submit:
            experience = services.submit(experience=experience, actor=user)
    return Status(
        201,
        {
            "identifier": experience.identifier,
            "status": experience.status,
            "web_url": absolute(reverse("compendium:detail", args=[experience.identifier])),
        },
    )


# --- Imports ---------------------------------------------------------------------------------


def _job(job: ImportJob) -> dict:
    report = job.report or {}
    return {
        "id": job.pk,
        "name": job.name,
        "format": job.format,
        "size": job.size,
        "state": job.state,
        "rows": report.get("rows"),
        "problems": report.get("problems", []),
        "candidates": report.get("candidates", []),
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "url": absolute(reverse("api:import", args=[job.pk])),
        "confirm_url": absolute(reverse("api:import_confirm", args=[job.pk])),
    }


def _format(uploaded) -> str:
    """The importer's format for the file, checked as the web form checks it."""
    from django.core.exceptions import ValidationError

    limit = settings.BARAZA_MAX_UPLOAD_MB * 1024 * 1024
    try:
        fmt = importer.detect_format(PurePath(uploaded.name or ""))
    except importer.Bad:
        raise ValidationError(
            _("“%(name)s” is not a .json, .csv or .xlsx file.")
            % {"name": (uploaded.name or "")[:80]}
        ) from None
    if uploaded.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files can be at most %(limit)s.")
            % {
                "name": uploaded.name[:80],
                "size": human_size(uploaded.size),
                "limit": human_size(limit),
            }
        )
    return fmt


@api.post(
    "/imports/",
    auth=TokenAuth(),
    response={202: schemas.ImportJob, **WRITE},
    url_name="imports",
    tags=["curation"],
    summary=gettext_lazy("Upload a file to import (curators)"),
    description=gettext_lazy(
        "A .json, .csv or .xlsx file of records is checked as a dry run in the background; "
        "nothing is written until the import is confirmed. Follow the job at its address."
    ),
)
def upload_import(request, file: File[UploadedFile]):
    require_curator(request)
    fmt = _format(file)
    with transaction.atomic():
        job = import_jobs.start(uploaded=file, fmt=fmt, actor=request.auth.user)
    job.refresh_from_db()
    return Status(202, _job(job))


def _job_or_none(request, job_id: int) -> ImportJob | None:
    return ImportJob.objects.filter(pk=job_id).first()


@api.get(
    "/imports/{job_id}",
    auth=TokenAuth(),
    response={200: schemas.ImportJob, 404: schemas.Error, **WRITE},
    url_name="import",
    tags=["curation"],
    summary=gettext_lazy("Follow an import (curators)"),
    description=gettext_lazy(
        "The state of an import and what the check found: the problems by row and field, "
        "or what would be created, updated and left unchanged."
    ),
)
def import_status(request, job_id: int = Path(..., ge=1, le=2**62)):
    require_curator(request)
    job = _job_or_none(request, job_id)
    if job is None:
        raise HttpError(404, _("Not found."))
    return _job(job)


@api.post(
    "/imports/{job_id}/confirm",
    auth=TokenAuth(),
    response={202: schemas.ImportJob, 404: schemas.Error, 409: schemas.Error, **WRITE},
    url_name="import_confirm",
    tags=["curation"],
    summary=gettext_lazy("Confirm an import (curators)"),
    description=gettext_lazy(
        "Imports a file whose check found no problem. A file that is not waiting for "
        "confirmation, or that changes nothing, answers 409."
    ),
)
def confirm_import(request, job_id: int = Path(..., ge=1, le=2**62)):
    require_curator(request)
    job = _job_or_none(request, job_id)
    if job is None:
        raise HttpError(404, _("Not found."))
    try:
        with transaction.atomic():
            import_jobs.confirm(job=job, actor=request.auth.user)
    except services.WorkflowError as exc:
        raise HttpError(409, " ".join(exc.messages)) from None
    job.refresh_from_db()
    return Status(202, _job(job))
