"""Reading editions: the current published versions, an edition's records, the vocabularies.

``records(edition)`` is what every output (PDF, EPUB, offline bundle, dataset), the OAI-PMH
edition sets and the API read: the frozen version data of each entry, in identifier order,
with whether the record has been withdrawn since.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, OuterRef, Subquery

from baraza.compendium import queries as compendium_queries
from baraza.compendium.models import Experience, ExperienceVersion, Status
from baraza.editions.models import Edition, EditionEntry
from baraza.taxonomy.models import (
    Country,
    EngagementApproach,
    EngagementLevel,
    EvidenceType,
    HealthArea,
    PartnerType,
    Phase,
    PopulationGroup,
    Setting,
)

VOCABULARY_MODELS = {
    "settings": Setting,
    "phases": Phase,
    "health_areas": HealthArea,
    "approaches": EngagementApproach,
    "engagement_levels": EngagementLevel,
    "evidence_types": EvidenceType,
    "population_groups": PopulationGroup,
    "partner_types": PartnerType,
}


@dataclass(frozen=True)
class Record:
    """One entry of an edition, as its outputs show it."""

    identifier: str
    number: int  # the version's number
    data: dict  # the version's frozen record (compendium/snapshot.py)
    label: str
    published_at: datetime
    withdrawn_at: datetime | None  # set when the record has been withdrawn since

    @property
    def versioned_identifier(self) -> str:
        return f"{self.identifier}.v{self.number}"


def latest() -> Edition | None:
    return Edition.objects.order_by("-year", "-sequence").first()


def released():
    """Every edition, the latest first."""
    return Edition.objects.select_related("released_by", "criteria_set").order_by(
        "-year", "-sequence"
    )


def current_versions() -> dict[int, ExperienceVersion]:
    """The latest version of each published experience, by experience id."""
    newest = (
        ExperienceVersion.objects.filter(experience=OuterRef("experience"))
        .order_by("-number")
        .values("number")[:1]
    )
    versions = (
        ExperienceVersion.objects.filter(experience__status=Status.PUBLISHED)
        .filter(number=Subquery(newest))
        .select_related("experience")
        .only("id", "number", "experience__id", "experience__identifier")
    )
    return {v.experience_id: v for v in versions}


def manifest(edition: Edition) -> dict[int, tuple[str, int]]:
    """``{experience id: (identifier, version number)}`` of an edition's entries."""
    return {
        experience: (identifier, number)
        for experience, identifier, number in edition.entries.values_list(
            "experience_id", "identifier", "number"
        )
    }


def entries(edition: Edition):
    """The edition's entries in identifier order, with their frozen version and the record's
    status now (for the withdrawn-since mark)."""
    return (
        EditionEntry.objects.filter(edition=edition)
        .select_related("version", "experience")
        .only(
            "identifier",
            "number",
            "version__data",
            "version__label",
            "version__published_at",
            "experience__status",
            "experience__withdrawn_at",
        )
        .order_by("identifier")
    )


def with_counts():
    """Every edition, the latest first, with its number of records (``n_records``)."""
    # A GROUP BY query ignores Meta.ordering: released() orders explicitly.
    return released().annotate(n_records=Count("entries"))


def records(edition: Edition, *, chunk_size: int = 200):
    """The edition's records in identifier order, one at a time (an edition can be large)."""
    public = compendium_queries.public_identifiers()
    for entry in entries(edition).iterator(chunk_size=chunk_size):
        withdrawn = entry.experience.status == Status.WITHDRAWN
        yield Record(
            identifier=entry.identifier,
            number=entry.number,
            # Relations to records that are not public are left out of every output.
            data=compendium_queries.without_private_relations(entry.version.data, public),
            label=entry.version.label,
            published_at=entry.version.published_at,
            withdrawn_at=entry.experience.withdrawn_at if withdrawn else None,
        )


def withdrawn_since(edition: Edition) -> set[str]:
    """Identifiers of the edition's records that have been withdrawn since."""
    return set(
        edition.entries.filter(experience__status=Status.WITHDRAWN).values_list(
            "identifier", flat=True
        )
    )


def vocabulary_snapshot() -> tuple[dict, str]:
    """Every vocabulary's terms (slug and both names, in order) and its hash: the vocabulary
    version an edition records."""
    data = {
        name: [
            {"slug": t.slug, "en": t.name_en, "fr": t.name_fr}
            for t in model.objects.order_by("position", "slug")
        ]
        for name, model in VOCABULARY_MODELS.items()
    }
    data["countries"] = [
        {"code": c.code, "en": c.name_en, "fr": c.name_fr, "who_region": c.who_region}
        for c in Country.objects.order_by("code")
    ]
    encoded = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    return data, hashlib.sha256(encoded).hexdigest()[:12]


def last_change() -> datetime | None:
    """When a published record last changed (a version, or a withdrawal)."""
    published = ExperienceVersion.objects.aggregate(at=Max("published_at"))["at"]
    withdrawn = Experience.objects.aggregate(at=Max("withdrawn_at"))["at"]
    return max((d for d in (published, withdrawn) if d), default=None)
