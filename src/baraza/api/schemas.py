"""The shapes of the API's answers and inputs (pydantic, through django-ninja).

Every error is ``{"detail": "..."}``; a withdrawn record answers 410 with its tombstone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema


class Error(Schema):
    detail: str = Field(description="What went wrong, in the request's language.")


class Page(Schema):
    count: int = Field(description="How many items there are on all pages together.")
    page: int
    page_size: int
    next: str | None = Field(description="The address of the next page, if there is one.")
    previous: str | None = Field(description="The address of the previous page, if any.")


class Bilingual(Schema):
    en: str
    fr: str


class Term(Schema):
    slug: str
    en: str
    fr: str


class CountryTerm(Schema):
    code: str = Field(description="ISO 3166-1 alpha-2 code.")
    en: str
    fr: str


# --- Experiences -----------------------------------------------------------------------------


class ExperienceSummary(Schema):
    identifier: str = Field(examples=["CE-2026-0042"])
    version: int = Field(description="The number of the latest published version.")
    cite_as: str = Field(description="The versioned identifier.", examples=["CE-2026-0042.v2"])
    original_language: Literal["en", "fr"]
    title: Bilingual
    summary: Bilingual
    who_region: str
    countries: list[str] = Field(description="ISO 3166-1 alpha-2 codes.")
    phases: list[str] = Field(description="Slugs of the phases vocabulary.")
    label: str = Field(
        description="best-practice, promising-practice, documented-experience or empty."
    )
    start_year: int | None
    end_year: int | None
    ongoing: bool
    published_at: datetime | None
    url: str = Field(description="This record in the API.")
    web_url: str = Field(description="This record's page on the site.")


class ExperiencePage(Page):
    results: list[ExperienceSummary]


class Version(Schema):
    identifier: str
    number: int
    cite_as: str
    label: str
    published_at: datetime
    change_note: str
    url: str = Field(description="This version in the API.")
    web_url: str = Field(description="This version's permanent page on the site.")


class VersionDetail(Version):
    data: dict[str, Any] = Field(
        description=(
            "The frozen record: text fields as data.text.<field>.en|fr, countries, who_region, "
            "vocabulary terms as {slug, en, fr}, years, cost, licence, references, relations, "
            "attachments, label, and the contact only when they agreed to be shown."
        )
    )


class VersionList(Schema):
    identifier: str
    results: list[Version]


class Tombstone(Schema):
    detail: str
    identifier: str
    withdrawn_at: datetime | None
    reason: str
    versions: list[str] = Field(description="The versioned identifiers it was published as.")


# --- Editions --------------------------------------------------------------------------------


class EditionCounts(Schema):
    records: int
    added: int
    updated: int
    withdrawn: int


class EditionSummary(Schema):
    number: str = Field(examples=["2026.1"])
    released_at: datetime
    notes: Bilingual
    doi: str
    counts: EditionCounts
    url: str


class EditionPage(Page):
    results: list[EditionSummary]


class EditionFile(Schema):
    kind: Literal["pdf", "epub", "offline", "dataset"]
    language: str = Field(description='"en", "fr", or "" for a file in both languages.')
    state: Literal["queued", "building", "ready", "failed"]
    progress: int
    filename: str
    size: int | None
    sha256: str
    download_url: str | None = Field(description="Set once the file is ready.")


class EditionChanges(Schema):
    added: list[str]
    updated: list[str]
    withdrawn: list[str]


class EditionDetail(EditionSummary):
    previous: str | None
    criteria_set_version: int | None
    vocabulary_version: str
    changes: EditionChanges
    files: list[EditionFile]
    records_url: str


class EditionRecord(Schema):
    identifier: str
    number: int
    cite_as: str
    label: str
    published_at: datetime
    withdrawn_since: datetime | None = Field(
        description="When the record was withdrawn, if it has been since this edition."
    )
    data: dict[str, Any]


class EditionRecordPage(Page):
    results: list[EditionRecord]


# --- Vocabularies ----------------------------------------------------------------------------


class Vocabularies(Schema):
    version: str = Field(description="A hash of every vocabulary: it changes when they do.")
    vocabularies: dict[str, list[dict[str, Any]]] = Field(
        description="Each vocabulary's terms ({slug, en, fr}), plus countries ({code, en, fr, "
        "who_region}), WHO regions and labels ({code, en, fr})."
    )


class Vocabulary(Schema):
    name: str
    terms: list[dict[str, Any]]


# --- Library and communities -----------------------------------------------------------------


class ResourceFile(Schema):
    name: str
    size: int | None
    content_type: str
    download_url: str


class Resource(Schema):
    id: int
    kind: str
    title: str
    authors: str
    year: int | None
    language: str
    countries: list[str]
    themes: list[str]
    licence: str
    doi: str
    link: str = Field(description="The web address (or DOI link) of a link resource.")
    abstract: str
    file: ResourceFile | None
    community: str | None = Field(description="The public community whose library it is in.")
    created_at: datetime
    url: str
    web_url: str


class ResourcePage(Page):
    results: list[Resource]


class Community(Schema):
    slug: str
    name: Bilingual
    description: Bilingual
    original_language: str
    member_count: int
    created_at: datetime
    url: str
    web_url: str


class CommunityPage(Page):
    results: list[Community]


class Discussion(Schema):
    title: str
    language: str
    created_at: datetime
    last_post_at: datetime
    post_count: int


class CommunityDetail(Community):
    discussions: list[Discussion] = Field(description="Its latest discussions (titles only).")


# --- Writing ---------------------------------------------------------------------------------

Year = Field(None, ge=1950, le=2100)


class ExperienceIn(Schema):
    """A new record, in the original language (the translation may follow)."""

    original_language: Literal["en", "fr"] = "en"
    title: str = Field(min_length=1, max_length=300)
    summary: str = Field("", max_length=20_000)
    what_was_done: str = Field("", max_length=50_000)
    outcomes: str = Field("", max_length=50_000)
    lessons_learned: str = Field("", max_length=50_000)
    countries: list[str] = Field(default_factory=list, max_length=60)
    phases: list[str] = Field(default_factory=list, max_length=20)
    health_areas: list[str] = Field(default_factory=list, max_length=40)
    approaches: list[str] = Field(default_factory=list, max_length=40)
    settings: list[str] = Field(default_factory=list, max_length=20)
    engagement_level: str = ""
    evidence_type: str = ""
    start_year: int | None = Year
    end_year: int | None = Year
    ongoing: bool = False
    licence: Literal["cc-by-4.0", "cc-by-sa-4.0", "cc-by-nc-4.0", "cc0"] = "cc-by-4.0"
    consent_confirmed: bool = False
    safeguarding_confirmed: bool = False
    rights_confirmed: bool = False
    submit: bool = Field(
        False, description="Also send it to curation (the submission checks must pass)."
    )


class ExperienceCreated(Schema):
    identifier: str
    status: str
    web_url: str


class ImportProblem(Schema):
    row: int | None
    field: str
    message: str


class ImportCandidate(Schema):
    row: int
    action: str
    identifier: str
    title: str


class ImportJob(Schema):
    id: int
    name: str
    format: str
    size: int
    state: Literal[
        "checking", "checked", "rejected", "importing", "imported", "failed", "discarded"
    ]
    rows: int | None
    problems: list[ImportProblem]
    candidates: list[ImportCandidate]
    created_at: datetime
    finished_at: datetime | None
    url: str
    confirm_url: str
