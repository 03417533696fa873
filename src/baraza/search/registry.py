"""The kinds of things search finds, registered by their apps in ``AppConfig.ready()``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import Promise

from baraza.search.documents import Entry


@dataclass(frozen=True)
class Kind:
    name: str
    label: Promise  # "Experience"
    plural: Promise  # "Experiences"
    order: int
    entry: Callable[[object], Entry | None]
    entries: Callable[[], Iterable[Entry]]
    count: Callable[[], int] | None = None  # how many ``entries()`` yields, for progress bars
    # The ``object_id`` of an object (its pk unless the kind says otherwise), to remove it.
    key: Callable[[object], str] = lambda obj: str(obj.pk)


_kinds: dict[str, Kind] = {}


def register(
    name: str,
    *,
    label: Promise,
    plural: Promise,
    order: int,
    entry: Callable[[object], Entry | None],
    entries: Callable[[], Iterable[Entry]],
    count: Callable[[], int] | None = None,
    key: Callable[[object], str] | None = None,
) -> None:
    _kinds[name] = Kind(
        name, label, plural, order, entry, entries, count, key or (lambda obj: str(obj.pk))
    )


def kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: k.order)


def get(name: str) -> Kind:
    return _kinds[name]


def known(name: str) -> bool:
    return name in _kinds
