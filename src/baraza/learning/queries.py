"""Reads of packages and their published versions."""

from __future__ import annotations

from django.db.models import QuerySet

from baraza.compendium.models import Experience, Status
from baraza.learning.models import Package, PackageVersion
from baraza.learning.snapshot import experience_identifiers


def published(kind: str | None = None) -> QuerySet[Package]:
    packages = Package.objects.filter(version_number__gt=0)
    return packages.filter(kind=kind) if kind else packages


def package_by_slug(slug: str) -> Package | None:
    return Package.objects.filter(slug=slug).first()


def latest_version(package: Package) -> PackageVersion | None:
    """The version learners, facilitators and exports use: the latest published one."""
    if not package.version_number:
        return None
    return package.versions.filter(number=package.version_number).first()


def version(package: Package, number: int) -> PackageVersion | None:
    return package.versions.filter(number=number).first()


def experience_cards(identifiers: list[str]) -> dict[str, Experience]:
    """The public records (published, or withdrawn with a tombstone) among ``identifiers``, by
    identifier, with what an experience card shows. A card reads the record live, so it always
    shows the record's current title, summary and status."""
    if not identifiers:
        return {}
    found = Experience.objects.filter(
        identifier__in=identifiers, status__in=(Status.PUBLISHED, Status.WITHDRAWN)
    ).only(
        "pk",
        "identifier",
        "status",
        "original_language",
        "version_number",
        "title_en",
        "title_fr",
        "summary_en",
        "summary_fr",
    )
    return {e.identifier: e for e in found}


def unavailable_experiences(data: dict) -> list[str]:
    """The identifiers a version links to that are not published now (withdrawn, or gone back
    to curation): an export or a new version must not carry a broken link to them."""
    wanted = experience_identifiers(data)
    if not wanted:
        return []
    live = set(
        Experience.objects.filter(identifier__in=wanted, status=Status.PUBLISHED).values_list(
            "identifier", flat=True
        )
    )
    return [identifier for identifier in wanted if identifier not in live]
