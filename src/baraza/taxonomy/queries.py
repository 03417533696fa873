"""Reads of the controlled vocabularies."""

from __future__ import annotations

import unicodedata

from django.db.models import Model, QuerySet

from baraza.taxonomy.models import Country, Language, StakeholderType, Theme


def collation_key(text: str) -> str:
    """Sort key that puts "Égypte" next to "Egypt", not after "Zimbabwe"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def sorted_by_name(objects) -> list[Model]:
    return sorted(objects, key=lambda obj: collation_key(str(obj)))


def countries() -> QuerySet[Country]:
    return Country.objects.all()


def languages() -> QuerySet[Language]:
    return Language.objects.all()


def stakeholder_types() -> QuerySet[StakeholderType]:
    return StakeholderType.objects.all()


def themes() -> QuerySet[Theme]:
    return Theme.objects.all()
