"""What Baraza holds about a member, for the "download my data" page and for account deletion.

Each app that stores personal data registers a section: an exporter that returns JSON-ready
data, and optionally an eraser called inside the deletion transaction. Later apps (communities,
discussions, mail) register theirs in ``AppConfig.ready()``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Exporter = Callable[[Any], Any]
Eraser = Callable[[Any], None]


@dataclass(frozen=True)
class Section:
    name: str
    export: Exporter
    erase: Eraser | None = None


_sections: dict[str, Section] = {}


def register(name: str, *, export: Exporter, erase: Eraser | None = None) -> None:
    _sections[name] = Section(name=name, export=export, erase=erase)


def sections() -> list[Section]:
    return list(_sections.values())
