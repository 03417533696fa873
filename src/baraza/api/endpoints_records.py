"""Read endpoints of the compendium: experiences, their versions, and editions."""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Path, Query, Schema
from ninja import Status as Answer
from ninja.errors import HttpError

from baraza.api import queries, schemas
from baraza.api.core import DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE, absolute, api, paginate
from baraza.compendium.citation import version_url
from baraza.compendium.models import Status, reader_language
from baraza.compendium.queries import public_data
from baraza.editions.models import BuildState

READ = {400: schemas.Error, 429: schemas.Error}
PAGE = Query(1, ge=1, le=MAX_PAGE, description="The page number, from 1.")
PAGE_SIZE = Query(
    DEFAULT_PAGE_SIZE,
    ge=1,
    le=MAX_PAGE_SIZE,
    description=f"Items per page, at most {MAX_PAGE_SIZE}.",
)


class ExperienceFilters(Schema):
    """The compendium list's facets: values of one filter are alternatives (OR), filters
    combine (AND). Every filter may repeat."""

    region: list[str] = Field(None, description="WHO region code, e.g. AFR.")
    country: list[str] = Field(None, description="ISO 3166-1 alpha-2 country code, e.g. KE.")
    phase: list[str] = Field(None, description="Slug of the phases vocabulary.")
    health_area: list[str] = Field(None, description="Slug of the health areas vocabulary.")
    approach: list[str] = Field(None, description="Slug of the approaches vocabulary.")
    level: list[str] = Field(None, description="Slug of the engagement levels vocabulary.")
    setting: list[str] = Field(None, description="Slug of the settings vocabulary.")
    evidence: list[str] = Field(None, description="Slug of the evidence types vocabulary.")
    label: list[str] = Field(
        None, description="best-practice, promising-practice or documented-experience."
    )
    year: list[int] = Field(None, description="A year the experience ran (1950–2100).")
    language: list[Literal["en", "fr"]] = Field(None, description="Readable in this language.")
    q: str = Field("", max_length=200, description="Words in the titles or summaries.")
    sort: Literal["newest", "title", "start"] = "newest"


def _bilingual(obj, name: str) -> dict:
    return {"en": getattr(obj, f"{name}_en") or "", "fr": getattr(obj, f"{name}_fr") or ""}


def _web(name: str, *args) -> str:
    return absolute(reverse(name, args=args))


def _summary(e) -> dict:
    return {
        "identifier": e.identifier,
        "version": e.version_number,
        "cite_as": e.cite_identifier,
        "original_language": e.original_language,
        "title": _bilingual(e, "title"),
        "summary": _bilingual(e, "summary"),
        "who_region": e.who_region,
        "countries": [c.code for c in e.countries.all()],
        "phases": [p.slug for p in sorted(e.phases.all(), key=lambda p: (p.position, p.slug))],
        "label": e.label,
        "start_year": e.start_year,
        "end_year": e.end_year,
        "ongoing": e.ongoing,
        "published_at": e.published_at,
        "url": absolute(reverse("api:experience", args=[e.identifier])),
        "web_url": _web("compendium:detail", e.identifier),
    }


@api.get(
    "/experiences/",
    response={200: schemas.ExperiencePage, **READ},
    url_name="experiences",
    tags=["experiences"],
    summary=gettext_lazy("List published experiences"),
    description=gettext_lazy(
        "Published records, filtered like the compendium's list page. An unknown filter "
        "value (a region, a vocabulary slug, a year out of range) is a 400 that names it."
    ),
)
def experiences(
    request, filters: Query[ExperienceFilters], page: int = PAGE, page_size: int = PAGE_SIZE
):
    known = {*ExperienceFilters.model_fields, "page", "page_size"}
    unknown = sorted(name[:40] for name in request.GET if name not in known)
    problems = [
        _("“%(name)s” is not a filter of this list.") % {"name": name} for name in unknown
    ] + queries.filter_problems(request.GET)
    if problems:
        raise HttpError(400, " ".join(problems))
    found = paginate(request, queries.experiences(request.GET), page=page, page_size=page_size)
    found["results"] = [_summary(e) for e in found["results"]]
    return found


def _tombstone(experience) -> Answer:
    from baraza.compendium.queries import cite_identifiers

    return Answer(
        410,
        {
            "detail": _("This record was withdrawn."),
            "identifier": experience.identifier,
            "withdrawn_at": experience.withdrawn_at,
            "reason": experience.withdrawal_reason,
            "versions": cite_identifiers(experience),
        },
    )


def _version(experience, version, *, data: bool) -> dict:
    found = {
        "identifier": experience.identifier,
        "number": version.number,
        "cite_as": f"{experience.identifier}.v{version.number}",
        "label": version.label,
        "published_at": version.published_at,
        "change_note": version.change_note,
        "url": absolute(reverse("api:version", args=[experience.identifier, version.number])),
        "web_url": version_url(experience.identifier, version.number, reader_language()),
    }
    if data:
        found["data"] = public_data([version.data])[0]
    return found


def _record(identifier: str):
    experience = queries.public_experience(identifier)
    if experience is None:
        raise HttpError(404, _("There is no published record %(id)s.") % {"id": identifier[:40]})
    return experience


RECORD = {200: schemas.VersionDetail, 404: schemas.Error, 410: schemas.Tombstone, **READ}


@api.get(
    "/experiences/{identifier}",
    response=RECORD,
    url_name="experience",
    tags=["experiences"],
    summary=gettext_lazy("Read a published experience"),
    description=gettext_lazy(
        "The latest published version of a record. A withdrawn record answers 410 with its "
        "tombstone; a record that was never published does not exist here (404)."
    ),
)
def experience(request, identifier: str):
    experience = _record(identifier)
    if experience.status == Status.WITHDRAWN:
        return _tombstone(experience)
    version = queries.latest_version(experience)
    if version is None:
        raise HttpError(404, _("Not found."))
    return _version(experience, version, data=True)


@api.get(
    "/experiences/{identifier}/versions",
    response={200: schemas.VersionList, 404: schemas.Error, **READ},
    url_name="versions",
    tags=["experiences"],
    summary=gettext_lazy("List the versions of an experience"),
    description=gettext_lazy(
        "Every published version, oldest first; still listed after a withdrawal, so that "
        "citations can be checked."
    ),
)
def versions(request, identifier: str):
    experience = _record(identifier)
    return {
        "identifier": experience.identifier,
        "results": [_version(experience, v, data=False) for v in queries.versions(experience)],
    }


@api.get(
    "/experiences/{identifier}/versions/{number}",
    response=RECORD,
    url_name="version",
    tags=["experiences"],
    summary=gettext_lazy("Read one version of an experience"),
    description=gettext_lazy("One frozen version (410 once the record has been withdrawn)."),
)
def version(request, identifier: str, number: int = Path(..., ge=1, le=1_000_000)):
    experience = _record(identifier)
    if experience.status == Status.WITHDRAWN:
        return _tombstone(experience)
    found = queries.version(experience, number)
    if found is None:
        raise HttpError(
            404,
            _("%(id)s has no version %(number)s.")
            % {"id": experience.identifier, "number": number},
        )
    return _version(experience, found, data=True)


# --- Editions --------------------------------------------------------------------------------


def _edition_summary(edition) -> dict:
    return {
        "number": edition.number,
        "released_at": edition.released_at,
        "notes": {"en": edition.notes_en, "fr": edition.notes_fr},
        "doi": edition.doi,
        "counts": {
            "records": edition.n_records,
            "added": edition.count("added"),
            "updated": edition.count("updated"),
            "withdrawn": edition.count("withdrawn"),
        },
        "url": absolute(reverse("api:edition", args=[edition.number])),
    }


def _file(f, edition) -> dict:
    ready = f.state == BuildState.READY and bool(f.file)
    return {
        "kind": f.kind,
        "language": f.language,
        "state": f.state,
        "progress": f.progress,
        "filename": f.filename,
        "size": f.size if ready else None,
        "sha256": f.sha256 if ready else "",
        "download_url": (absolute(_download_path(edition.number, f.filename)) if ready else None),
    }


@api.get(
    "/editions/",
    response={200: schemas.EditionPage, **READ},
    url_name="editions",
    tags=["editions"],
    summary=gettext_lazy("List the editions"),
    description=gettext_lazy("Every released edition, the latest first."),
)
def editions(request, page: int = PAGE, page_size: int = PAGE_SIZE):
    found = paginate(request, queries.editions(), page=page, page_size=page_size)
    found["results"] = [_edition_summary(e) for e in found["results"]]
    return found


def _edition_or_404(number: str):
    edition = queries.edition(number)
    if edition is None:
        raise HttpError(404, _("There is no edition %(number)s.") % {"number": number[:20]})
    return edition


@api.get(
    "/editions/{number}",
    response={200: schemas.EditionDetail, 404: schemas.Error, **READ},
    url_name="edition",
    tags=["editions"],
    summary=gettext_lazy("Read an edition"),
    description=gettext_lazy(
        "An edition's change log, counts and files (with size, SHA-256 and download address "
        "once built)."
    ),
)
def edition(request, number: str):
    edition = _edition_or_404(number)
    changes = {
        kind: list(edition.changes.get(kind, [])) for kind in ("added", "updated", "withdrawn")
    }
    return {
        **_edition_summary(edition),
        "previous": edition.previous.number if edition.previous else None,
        "criteria_set_version": edition.criteria_set.version if edition.criteria_set else None,
        "vocabulary_version": edition.vocabulary_version,
        "changes": changes,
        "files": [_file(f, edition) for f in edition.files.all()],
        "records_url": absolute(reverse("api:edition_records", args=[edition.number])),
    }


@api.get(
    "/editions/{number}/records",
    response={200: schemas.EditionRecordPage, 404: schemas.Error, **READ},
    url_name="edition_records",
    tags=["editions"],
    summary=gettext_lazy("List an edition's records"),
    description=gettext_lazy(
        "The frozen versions in the edition, by identifier; a record withdrawn since is "
        "marked with the date."
    ),
)
def edition_records(request, number: str, page: int = PAGE, page_size: int = PAGE_SIZE):
    edition = _edition_or_404(number)
    found = paginate(request, queries.edition_entries(edition), page=page, page_size=page_size)
    found["results"] = [
        {
            "identifier": entry.identifier,
            "number": entry.number,
            "cite_as": f"{entry.identifier}.v{entry.number}",
            "label": entry.version.label,
            "published_at": entry.version.published_at,
            "withdrawn_since": (
                entry.experience.withdrawn_at
                if entry.experience.status == Status.WITHDRAWN
                else None
            ),
            "data": data,
        }
        for entry, data in zip(
            found["results"], public_data([e.version.data for e in found["results"]]), strict=True
        )
    ]
    return found


def _download_path(number: str, filename: str) -> str:
    """The file's address on the edition's page (in the site's default language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("editions:download", args=[number, filename])
