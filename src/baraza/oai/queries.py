"""What the OAI-PMH endpoint reads: its items, their sets, and pages of them.

An item is an experience that has been published at least once: a published record (its
latest version), or a withdrawn one, which harvesters see as deleted. Drafts and records in
curation that were never published are not items. An edition set (``edition:2026.1``) holds
the items of the records in that edition, as they are now: one identifier is one record, so a
record withdrawn since is deleted there too (the frozen versions are in the edition's files
and in the API).

A page is read in a fixed number of queries whatever its size: the page of items (keyset on
id), then the versions' data, the phases and the editions of those items.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import (
    Case,
    DateTimeField,
    F,
    FilteredRelation,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import translation

from baraza.compendium import queries as compendium_queries
from baraza.compendium.models import Experience, ExperienceVersion, Status
from baraza.editions.models import Edition, EditionEntry
from baraza.taxonomy.models import Phase, WHORegion

ITEM_STATUSES = (Status.PUBLISHED, Status.WITHDRAWN)


@dataclass
class Item:
    id: int
    identifier: str
    datestamp: datetime
    deleted: bool
    version_id: int | None
    who_region: str
    sets: list[str]
    version: ExperienceVersion | None = None


def items():
    """Every item with its datestamp: the latest of its latest version's publication, its
    withdrawal, and the release of the newest edition that holds it (which adds the item to
    a set, so selective harvesters must see it again).

    The latest version is the one numbered ``version_number``: one join, no subquery per row
    for it; the newest edition is one subquery.
    """
    changed = Case(
        When(
            status=Status.WITHDRAWN,
            then=Coalesce(F("withdrawn_at"), F("latest__published_at")),
        ),
        default=F("latest__published_at"),
        output_field=DateTimeField(),
    )
    released = Subquery(
        EditionEntry.objects.filter(experience=OuterRef("pk"))
        .order_by("-edition__released_at")
        .values("edition__released_at")[:1],
        output_field=DateTimeField(),
    )
    return (
        Experience.objects.annotate(
            latest=FilteredRelation("versions", condition=Q(versions__number=F("version_number")))
        )
        .filter(status__in=ITEM_STATUSES, version_number__gt=0, latest__isnull=False)
        .annotate(
            version_id=F("latest__id"),
            deleted=Case(When(status=Status.WITHDRAWN, then=Value(True)), default=Value(False)),
            changed=changed,
            # SQLite's MAX() of a NULL is NULL: a record in no edition counts its change twice.
            datestamp=Greatest(F("changed"), Coalesce(released, F("changed"))),
        )
        .values("id", "identifier", "who_region", "version_id", "deleted", "datestamp")
    )


def edition_items(edition: Edition):
    """The items of an edition set: the records the edition holds, as they are now."""
    return items().filter(
        pk__in=EditionEntry.objects.filter(edition=edition).values("experience_id")
    )


def select(set_spec: str = "", lower: datetime | None = None, upper: datetime | None = None):
    """The items of a set (all of them when ``set_spec`` is empty) with a datestamp in
    [lower, upper); ``None`` when the set does not exist."""
    kind, _colon, value = set_spec.partition(":")
    if not set_spec:
        queryset = items()
    elif kind == "region" and value in WHORegion.values:
        queryset = items().filter(who_region=value)
    elif kind == "phase" and value:
        queryset = items().filter(phases__slug=value)
    elif kind == "edition" and value:
        edition = Edition.objects.filter(number=value).first()
        if edition is None:
            return None
        queryset = edition_items(edition)
    else:
        return None
    if lower is not None:
        queryset = queryset.filter(datestamp__gte=lower)
    if upper is not None:
        queryset = queryset.filter(datestamp__lt=upper)
    return queryset


def page(queryset, after: int | None, size: int, *, with_versions: bool):
    """Up to ``size`` items after the item with id ``after``, in id order, with their sets
    (and their versions when ``with_versions``), and whether more follow.

    Id order (not datestamp order) lets each page read only its own rows through the primary
    key, however many items there are: a datestamp order would sort them all every page.
    """
    if after is not None:
        queryset = queryset.filter(id__gt=after)
    rows = list(queryset.order_by("id")[: size + 1])
    more = len(rows) > size
    found = [Item(**row, sets=[]) for row in rows[:size]]
    _add_sets(found)
    if with_versions:
        wanted = [item.version_id for item in found if not item.deleted and item.version_id]
        versions = ExperienceVersion.objects.only(
            "id", "number", "data", "label", "published_at"
        ).in_bulk(wanted)
        public_data(versions.values())
        for item in found:
            item.version = None if item.deleted else versions.get(item.version_id)
    return found, more


def public_data(versions) -> None:
    """Give the loaded versions (never saved again) their public data: no relations to
    records that are not public."""
    versions = list(versions)
    for version, data in zip(
        versions, compendium_queries.public_data([v.data for v in versions]), strict=True
    ):
        version.data = data


def _add_sets(found: list[Item]) -> None:
    """Each item's setSpecs: its region, its phases and the editions that hold it."""
    ids = [item.id for item in found]
    if not ids:
        return
    phases: dict[int, list[str]] = {}
    through = Experience.phases.through.objects.filter(experience_id__in=ids)
    for experience_id, slug in through.order_by("phase__position", "phase__slug").values_list(
        "experience_id", "phase__slug"
    ):
        phases.setdefault(experience_id, []).append(f"phase:{slug}")
    editions: dict[int, list[str]] = {}
    entries = EditionEntry.objects.filter(experience_id__in=ids).order_by(
        "edition__year", "edition__sequence"
    )
    for experience_id, number in entries.values_list("experience_id", "edition__number"):
        editions.setdefault(experience_id, []).append(f"edition:{number}")
    for item in found:
        region = [f"region:{item.who_region}"] if item.who_region else []
        item.sets = region + phases.get(item.id, []) + editions.get(item.id, [])


def item(identifier: str) -> Item | None:
    """One item by its record identifier, with its sets and latest version."""
    rows = list(items().filter(identifier=identifier)[:1])
    if not rows:
        return None
    found = Item(**rows[0], sets=[])
    _add_sets([found])
    if not found.deleted:
        found.version = ExperienceVersion.objects.get(pk=found.version_id)
        public_data([found.version])
    return found


def earliest_datestamp() -> datetime | None:
    """The first publication of any item's version: no datestamp, in any set, is earlier."""
    versions = ExperienceVersion.objects.filter(experience__status__in=ITEM_STATUSES)
    return versions.aggregate(first=Min("published_at"))["first"]


@dataclass(frozen=True)
class Set:
    spec: str
    name: str
    name_fr: str = ""


def sets() -> list[Set]:
    """The sets with items: WHO regions and phases, then every edition, oldest first."""
    published = Experience.objects.filter(status__in=ITEM_STATUSES, version_number__gt=0)
    regions = set(published.exclude(who_region="").values_list("who_region", flat=True))
    with translation.override("en"):  # set names are in English, like the protocol
        found = [
            Set(f"region:{code}", f"WHO {label}")
            for code, label in WHORegion.choices
            if code in regions
        ]
    used = Experience.phases.through.objects.filter(experience__in=published)
    phases = Phase.objects.filter(pk__in=used.values("phase_id"))
    found += [Set(f"phase:{p.slug}", p.name_en, p.name_fr) for p in phases]
    found += [
        Set(f"edition:{e.number}", f"Edition {e.number}")
        for e in Edition.objects.order_by("year", "sequence")
    ]
    return found
