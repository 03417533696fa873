"""The world map of published experiences: a choropleth drawn on the server as SVG.

The outlines are Natural Earth's (public domain), converted at build time by
``scripts/build_world_map.py`` into ``data/world-110m.json``: one SVG path per country, keyed
by ISO 3166-1 alpha-2, and a marker position for countries too small to draw at that scale.
Nothing is fetched or computed from geometry while the site runs.
"""

from __future__ import annotations

import json
import math
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db.models import Count
from django.utils.translation import ngettext

from baraza.compendium.models import Experience, Status
from baraza.taxonomy.models import Country

DATA = Path(__file__).resolve().parent / "data" / "world-110m.json"
BUCKETS = 5
# A sequential palette (ColorBrewer YlGnBu), light to dark, readable by colour-blind people;
# countries without experiences are a neutral grey.
COLOURS = ("#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")
NO_DATA = "#e4e4e4"


@cache
def shapes() -> dict:
    """The outlines and markers (read once per process)."""
    return json.loads(DATA.read_text(encoding="utf-8"))


def published_counts() -> dict[str, int]:
    """Published experiences per country code, in one query."""
    rows = (
        Experience.objects.filter(status=Status.PUBLISHED, countries__isnull=False)
        .values_list("countries__code")
        .annotate(n=Count("pk", distinct=True))
    )
    return {code: n for code, n in rows}


def _nice(value: float) -> int:
    """The 1-2-5 number (1, 2, 5, 10, 20, 50...) nearest to ``value`` on a log scale."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    candidates = [step * magnitude for step in (1, 2, 5, 10)]
    return min(candidates, key=lambda c: abs(math.log(c / value)))


def bucket_bounds(highest: int) -> list[int]:
    """The lowest count of each bucket (none for an empty map): one bucket per count up to
    five, else up to five buckets with roughly geometric bounds rounded to 1-2-5 numbers."""
    if highest <= BUCKETS:
        return list(range(1, highest + 1))
    bounds = [1]
    for i in range(1, BUCKETS):
        bound = _nice(highest ** (i / BUCKETS))
        if bound <= bounds[-1]:
            bound = _nice(bounds[-1] * 2.2)  # the next 1-2-5 number
        if bound > highest:
            break
        bounds.append(bound)
    return bounds


def _colours(n: int) -> list[str]:
    """``n`` colours of the palette, spread from light to dark."""
    if n <= 1:
        return [COLOURS[3]] * n
    return [COLOURS[round(i * (len(COLOURS) - 1) / (n - 1))] for i in range(n)]


@dataclass(frozen=True)
class Bucket:
    index: int  # 1-based; 0 is "no experiences"
    low: int
    high: int
    colour: str

    @property
    def range(self) -> str:
        return str(self.low) if self.high == self.low else f"{self.low}–{self.high}"


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    count: int
    bucket: int
    colour: str
    title: str
    path: str = ""
    x: int = 0
    y: int = 0


@dataclass(frozen=True)
class WorldMap:
    width: int
    height: int
    areas: list[Area]  # outlines, drawn first
    markers: list[Area]  # small countries with experiences, drawn on top
    unassigned: list[str]  # land with no ISO code of its own, drawn plain
    buckets: list[Bucket]
    rows: list[Area]  # countries with experiences, most first: the accessible table
    total: int  # published experiences (one may count in several countries)
    no_data_colour: str = NO_DATA


def _sortable(name: str) -> str:
    """Accents ignored, so that "Éthiopie" sorts with the Es."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def build(counts: dict[str, int], names: dict[str, str], total: int | None = None) -> WorldMap:
    """The map for ``counts`` per country code; ``names`` gives each code's name in the
    reader's language."""
    data = shapes()
    highest = max(counts.values(), default=0)
    bounds = bucket_bounds(highest)
    buckets = [
        Bucket(
            index=i + 1,
            low=low,
            high=(bounds[i + 1] - 1) if i + 1 < len(bounds) else highest,
            colour=colour,
        )
        for i, (low, colour) in enumerate(zip(bounds, _colours(len(bounds)), strict=True))
    ]

    def area(code: str, **position) -> Area:
        count = counts.get(code, 0)
        bucket = next((b for b in reversed(buckets) if count >= b.low), None) if count else None
        name = names.get(code, code)
        title = ngettext(
            "%(country)s: %(count)s experience", "%(country)s: %(count)s experiences", count
        ) % {"country": name, "count": count}
        return Area(
            code=code,
            name=name,
            count=count,
            bucket=bucket.index if bucket else 0,
            colour=bucket.colour if bucket else NO_DATA,
            title=title,
            **position,
        )

    areas = [area(code, path=d) for code, d in data["countries"].items()]
    markers = [area(code, x=x, y=y) for code, (x, y) in data["markers"].items() if counts.get(code)]
    rows = sorted(
        (area(code) for code, n in counts.items() if n), key=lambda a: (-a.count, _sortable(a.name))
    )
    return WorldMap(
        width=data["width"],
        height=data["height"],
        areas=areas,
        markers=markers,
        unassigned=data["unassigned"],
        buckets=buckets,
        rows=rows,
        total=sum(counts.values()) if total is None else total,
    )


def published_map(language: str) -> WorldMap:
    """The map of every published experience: one query for the counts, one for the names,
    one for the total (an experience may take place in several countries)."""
    counts = published_counts()
    names = {
        code: (french if language == "fr" and french else english)
        for code, english, french in Country.objects.values_list("code", "name_en", "name_fr")
    }
    total = Experience.objects.filter(status=Status.PUBLISHED).count()
    return build(counts, names, total=total)
