"""Importing a file from the web: upload, check, confirm, import (``ImportJob``).

The web path runs the same ``importer`` as ``baraza import-experiences``, in two steps a
curator can see: the upload is checked at once as a dry run (every problem by row and field,
or what would be created, updated and left unchanged), and nothing is written until a curator
confirms. The import then validates the whole file again, since records and vocabularies may
have changed in between, and writes every row or none.

Both steps run as background tasks (``tasks.check_import`` and ``tasks.run_import``): a large
file takes minutes, longer than a web request may last. The job's page follows their progress.
The report is written in the language of the curator who uploaded the file.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from baraza.compendium import importer, tasks
from baraza.compendium.models import ImportJob, ImportState
from baraza.compendium.policies import Compendium
from baraza.compendium.services import WorkflowError
from baraza.core import audit
from baraza.core.policies import require
from baraza.core.tasks import enqueue

logger = logging.getLogger("baraza.compendium")

REFUSAL = _("Only curators can import records.")


def start(*, uploaded, fmt: str, actor) -> ImportJob:
    """Keep the uploaded file and queue its check."""
    require(actor, "import", Compendium(), reason=REFUSAL)
    job = ImportJob(
        name=uploaded.name[:200],
        format=fmt,
        size=uploaded.size,
        uploaded_by=actor,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    job.file.save(uploaded.name, uploaded, save=False)
    job.save()
    audit.record(actor=actor, action="experience.import.upload", target=job, file=job.name)
    enqueue(tasks.check_import, job.pk)
    return job


def confirm(*, job: ImportJob, actor) -> None:
    """Queue the import of a checked file; only once, and only if the check found no problem
    and something to write."""
    require(actor, "import", Compendium(), reason=REFUSAL)
    if job.state == ImportState.CHECKED and not job.to_write:
        raise WorkflowError(_("There is nothing to import: every record in the file is unchanged."))
    claimed = ImportJob.objects.filter(pk=job.pk, state=ImportState.CHECKED).update(
        state=ImportState.IMPORTING, confirmed_by=actor, started_at=timezone.now()
    )
    if not claimed:
        raise WorkflowError(_("This file is not waiting for confirmation any more."))
    job.refresh_from_db()
    enqueue(tasks.run_import, job.pk)


def discard(*, job: ImportJob, actor) -> None:
    """Drop a file that was checked but not imported, or whose step stalled, and delete it."""
    require(actor, "import", Compendium(), reason=REFUSAL)
    states = [ImportState.CHECKED, ImportState.REJECTED]
    if job.stalled:
        states.append(job.state)
    discarded = ImportJob.objects.filter(pk=job.pk, state__in=states).update(
        state=ImportState.DISCARDED, finished_at=timezone.now()
    )
    if not discarded:
        raise WorkflowError(_("Only a file that was checked and not imported can be discarded."))
    transaction.on_commit(lambda: job.file.delete(save=False))
    audit.record(actor=actor, action="experience.import.discard", target=job, file=job.name)


# --- The background steps ----------------------------------------------------------------------


def check(job_id: int) -> None:
    job = ImportJob.objects.filter(pk=job_id, state=ImportState.CHECKING).first()
    if job is None:
        return
    result = _run(job, actor=job.uploaded_by, dry_run=True)
    if result is not None:
        _finish(job, ImportState.CHECKED if result.ok else ImportState.REJECTED, result)


def run(job_id: int) -> None:
    job = ImportJob.objects.filter(pk=job_id, state=ImportState.IMPORTING).first()
    if job is None:
        return
    result = _run(job, actor=job.confirmed_by, dry_run=False)
    if result is not None:
        _finish(job, ImportState.IMPORTED if result.written else ImportState.FAILED, result)


def _run(job: ImportJob, *, actor, dry_run: bool) -> importer.Result | None:
    """The importer's result, or None when it broke (the job is then marked failed)."""
    with translation.override(job.language):
        try:
            with job.file.open("rb") as handle:
                data = handle.read()
            return importer.import_data(
                data, name=job.name, fmt=job.format, actor=actor, dry_run=dry_run
            )
        except Exception:
            logger.exception("import failed", extra={"import": job.pk})
            job.report = {
                **job.report,
                "problems": [
                    {
                        "row": None,
                        "field": "",
                        "message": str(
                            _(
                                "The file could not be processed because of an error on our "
                                "side. Nothing was imported; the site's administrators have "
                                "been told."
                            )
                        ),
                    }
                ],
            }
            job.state = ImportState.FAILED
            job.finished_at = timezone.now()
            job.save(update_fields=["report", "state", "finished_at"])
            return None


def _finish(job: ImportJob, state: str, result: importer.Result) -> None:
    with translation.override(job.language):
        job.report = report(result, previous=job.report)
    job.state = state
    job.finished_at = timezone.now()
    job.save(update_fields=["report", "state", "finished_at"])


def report(result: importer.Result, *, previous: dict | None = None) -> dict:
    """What the importer found, as stored on the job. A failed import keeps the check's list
    of records, so the curator still sees what the file holds."""
    candidates = [
        {
            "row": c.row,
            "action": c.action,
            "identifier": c.existing.identifier if c.existing else "",
            "title": c.title[:300],
        }
        for c in result.candidates
    ]
    if not candidates and previous:
        candidates = previous.get("candidates", [])
    return {
        "rows": result.rows,
        "problems": [
            {"row": p.row, "field": p.field, "message": str(p.message)} for p in result.problems
        ],
        "candidates": candidates,
    }
