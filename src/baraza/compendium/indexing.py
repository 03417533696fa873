"""The compendium in the search index: one entry per published record ("experience").

An entry is made from the record's current published version (``ExperienceVersion.data``),
the frozen copy its public page shows, never from the working copy: a curator's edit is found
only once it is published as a new version. Records that are not public (drafts, records in
curation, declined ones) have no entry; a withdrawn record's entry is removed (its address
shows only a tombstone). The entry's ``object_id`` is the record's identifier.

The services call ``search.index("experience", record)`` after publishing (first version or a
new one) and ``search.remove("experience", [identifier])`` after withdrawing.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from baraza.compendium.models import TEXT_FIELDS, Experience, ExperienceVersion, Status
from baraza.search import registry
from baraza.search.documents import Access, Entry, Text, path_of

KIND = "experience"
LANGUAGES = ("en", "fr")
# Vocabulary terms of the frozen record whose names are searchable, in each language.
TERMS = (
    "settings",
    "phases",
    "health_areas",
    "approaches",
    "population_groups",
    "partner_types",
    "engagement_level",
    "evidence_type",
)


def _current_versions():
    """The current version of every published record, with its record's few columns."""
    return (
        ExperienceVersion.objects.filter(
            experience__status=Status.PUBLISHED, number=F("experience__version_number")
        )
        .select_related("experience")
        .only("pk", "number", "data", "published_at", "experience__identifier")
    )


def _names(items, language: str) -> list[str]:
    return [item.get(language) or "" for item in items if isinstance(item, dict)]


def _text(data: dict, language: str, identifier: str) -> Text | None:
    """The record's text in ``language``, or None if it has no title in it (a translation
    starts with the title; the original language always has one, its identifier at worst)."""
    texts = data.get("text") or {}
    original = data.get("original_language", "en")

    def field(name: str) -> str:
        return ((texts.get(name) or {}).get(language) or "").strip()

    title = field("title")
    if not title:
        if language != original:
            return None
        title = identifier
    parts = [field(name) for name in TEXT_FIELDS[1:]]
    parts.append(identifier)
    parts += _names(data.get("countries") or [], language)
    parts.append(data.get("subnational_area") or "")
    for name in TERMS:
        value = data.get(name)
        parts += _names(value if isinstance(value, list) else [value], language)
    contact = data.get("contact") or {}
    parts.append(contact.get("organisation") or "")
    if language == original:
        # References keep the language they were written in: they go with the original text.
        for reference in data.get("references") or []:
            parts += [reference.get("title") or "", reference.get("publisher") or ""]
    body = "\n".join(part for part in parts if part)
    return Text(title=title, body=body, summary=field("summary"))


def _entry(version: ExperienceVersion, identifier: str) -> Entry:
    data = version.data
    texts = {}
    for language in LANGUAGES:
        text = _text(data, language, identifier)
        if text is not None:
            texts[language] = text
    countries = [c.get("code") for c in data.get("countries") or [] if c.get("code")]
    return Entry(
        kind=KIND,
        object_id=identifier,
        texts=texts,
        original_language=data.get("original_language", "en"),
        path=path_of("compendium:detail", identifier),
        date=version.published_at,
        access=Access.PUBLIC,
        tags=tuple(("country", code) for code in countries),
        meta={"identifier": identifier},
    )


def entry(experience: Experience) -> Entry | None:
    """The entry of a published record, from the version its page shows (read afresh, so a
    stale ``experience`` object does no harm); None for any record the public cannot read."""
    version = _current_versions().filter(experience_id=experience.pk).first()
    if version is None:
        return None
    return _entry(version, version.experience.identifier)


def entries() -> Iterator[Entry]:
    for version in _current_versions().order_by("pk").iterator(chunk_size=500):
        yield _entry(version, version.experience.identifier)


def register() -> None:
    registry.register(
        KIND,
        label=_("Experience"),
        plural=_("Experiences"),
        order=10,
        entry=entry,
        entries=entries,
        count=lambda: _current_versions().count(),
        key=lambda experience: experience.identifier,
    )
