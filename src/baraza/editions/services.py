"""Releasing editions and building their files: the only code that writes editions.

``release`` freezes the current published versions into a new edition, with the change log
against the previous one, and queues one build per output file. ``build`` runs in the
background: it writes the file under a temporary name, then records its size and checksum;
a failure marks that file failed, with the error for the curators, and touches nothing else.
``rebuild`` queues a failed (or stalled) file again.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baraza.compendium.policies import Compendium
from baraza.compendium.services import WorkflowError, active_criteria_set
from baraza.core import audit
from baraza.core.policies import require
from baraza.core.tasks import enqueue
from baraza.editions import queries, tasks
from baraza.editions.models import (
    EDITION_NUMBER,
    BuildState,
    Edition,
    EditionEntry,
    EditionFile,
    FileKind,
)
from baraza.library.validators import normalise_doi

logger = logging.getLogger("baraza.editions")

# Every edition's files: (kind, language); "" for a file with both languages.
FILES = (
    (FileKind.PDF, "en"),
    (FileKind.PDF, "fr"),
    (FileKind.EPUB, "en"),
    (FileKind.EPUB, "fr"),
    (FileKind.OFFLINE, ""),
    (FileKind.DATASET, ""),
)
REFUSAL = _("Only curators can release editions.")


def suggested_number() -> str:
    """The next number in this year's series: 2026.1, 2026.2, …"""
    year = timezone.localdate().year
    last = Edition.objects.filter(year=year).order_by("-sequence").first()
    return f"{year}.{last.sequence + 1 if last else 1}"


def preview() -> dict:
    """What releasing now would hold: the number of records and the change log against the
    latest edition."""
    current = queries.current_versions()
    previous = queries.latest()
    changes = _changes(queries.manifest(previous) if previous else {}, current)
    return {"records": len(current), "changes": changes, "previous": previous}


@transaction.atomic
def release(*, actor, number: str, notes_en: str = "", notes_fr: str = "") -> Edition:
    """Freeze the published versions of now into edition ``number``; raises WorkflowError
    (with a message for the curator) when the number is taken or out of order, or when
    nothing has changed since the previous edition."""
    require(actor, "curate", Compendium(), reason=REFUSAL)
    number = number.strip()
    try:
        EDITION_NUMBER(number)
    except ValidationError as exc:
        raise WorkflowError(exc.messages) from None
    previous = Edition.objects.select_for_update().order_by("-year", "-sequence").first()
    year, sequence = (int(part) for part in number.split("."))
    if Edition.objects.filter(number=number).exists():
        raise WorkflowError(_("Edition %(number)s exists already.") % {"number": number})
    if previous and (year, sequence) <= (previous.year, previous.sequence):
        raise WorkflowError(
            _("The new edition's number must come after %(previous)s.")
            % {"previous": previous.number}
        )
    current = queries.current_versions()
    if not current:
        raise WorkflowError(_("There is no published record to release yet."))
    changes = _changes(queries.manifest(previous) if previous else {}, current)
    if previous and not any(changes.values()):
        raise WorkflowError(
            _(
                "Nothing has changed since edition %(previous)s: no record was published, "
                "updated or withdrawn. There is nothing to release."
            )
            % {"previous": previous.number}
        )
    vocabularies, vocabulary_version = queries.vocabulary_snapshot()
    try:
        with transaction.atomic():
            edition = Edition.objects.create(
                number=number,
                notes_en=notes_en.strip(),
                notes_fr=notes_fr.strip(),
                previous=previous,
                criteria_set=active_criteria_set(),
                vocabularies=vocabularies,
                vocabulary_version=vocabulary_version,
                changes=changes,
                released_by=actor,
            )
    except IntegrityError:  # released at the same moment by another curator
        raise WorkflowError(
            _("Another edition was released at the same moment. Reload the page and check.")
        ) from None
    EditionEntry.objects.bulk_create(
        EditionEntry(
            edition=edition,
            version_id=version.pk,
            experience_id=experience_id,
            identifier=version.experience.identifier,
            number=version.number,
        )
        for experience_id, version in current.items()
    )
    for kind, language in FILES:
        output = EditionFile.objects.create(edition=edition, kind=kind, language=language)
        enqueue(tasks.build_file, output.pk)
    audit.record(
        actor=actor,
        action="edition.release",
        target=edition,
        records=len(current),
        **{kind: len(ids) for kind, ids in changes.items()},
    )
    return edition


def _changes(before: dict[int, tuple[str, int]], current: dict) -> dict[str, list[str]]:
    """Added, updated and withdrawn identifiers, each sorted."""
    added, updated = [], []
    for experience_id, version in current.items():
        if experience_id not in before:
            added.append(version.experience.identifier)
        elif before[experience_id][1] != version.number:
            updated.append(version.experience.identifier)
    withdrawn = [identifier for pk, (identifier, _n) in before.items() if pk not in current]
    return {"added": sorted(added), "updated": sorted(updated), "withdrawn": sorted(withdrawn)}


def set_doi(*, actor, edition: Edition, doi: str) -> Edition:
    """The one thing that may change after release: the DOI, once registered."""
    require(actor, "curate", Compendium(), reason=REFUSAL)
    edition.doi = normalise_doi(doi) if doi.strip() else ""
    edition.save(update_fields=["doi"])
    audit.record(actor=actor, action="edition.doi", target=edition, doi=edition.doi)
    return edition


def rebuild(*, actor, output: EditionFile) -> None:
    """Queue a file again: one whose build failed, or stalled (its worker died: a restart, a
    lack of memory), never a ready file, which stays as it was released."""
    require(actor, "curate", Compendium(), reason=REFUSAL)
    allowed = Q(state=BuildState.FAILED)
    if output.stalled:
        allowed |= Q(state__in=(BuildState.QUEUED, BuildState.BUILDING))
    claimed = EditionFile.objects.filter(allowed, pk=output.pk).update(
        state=BuildState.QUEUED, progress=0, error="", started_at=None
    )
    if not claimed:
        raise WorkflowError(_("Only a file whose build failed or stalled can be built again."))
    enqueue(tasks.build_file, output.pk)


# --- The background build ------------------------------------------------------------------


def builders() -> dict:
    """kind -> build(edition, language, out, progress) (imported late: they are heavy)."""
    from baraza.editions.outputs import dataset, epub, offline, pdf

    return {
        FileKind.PDF: pdf.build,
        FileKind.EPUB: epub.build,
        FileKind.OFFLINE: offline.build,
        FileKind.DATASET: dataset.build,
    }


def build(output_id: int) -> None:
    claimed = EditionFile.objects.filter(
        pk=output_id, state__in=(BuildState.QUEUED, BuildState.FAILED)
    ).update(state=BuildState.BUILDING, progress=0, error="", started_at=timezone.now())
    if not claimed:
        return
    output = EditionFile.objects.select_related("edition").get(pk=output_id)

    def progress(percent: int) -> None:
        EditionFile.objects.filter(pk=output_id).update(progress=max(0, min(100, int(percent))))

    old = output.file.name
    try:
        with tempfile.TemporaryDirectory(prefix="baraza-edition-") as folder:
            path = Path(folder) / output.filename
            with path.open("wb") as out:
                builders()[output.kind](output.edition, output.language, out, progress)
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            with path.open("rb") as handle:
                output.file.save(output.filename, File(handle), save=False)
            output.size = path.stat().st_size
            output.sha256 = digest.hexdigest()
            output.state = BuildState.READY
            output.progress = 100
            output.finished_at = timezone.now()
            output.save(
                update_fields=["file", "size", "sha256", "state", "progress", "finished_at"]
            )
    except Exception as exc:
        logger.exception("edition build failed", extra={"file": output_id})
        EditionFile.objects.filter(pk=output_id).update(
            state=BuildState.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        return
    # The row points at the new file now; an earlier attempt's file can go.
    if old and old != output.file.name:
        output.file.storage.delete(old)
