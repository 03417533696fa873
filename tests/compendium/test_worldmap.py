"""The world map's data (built from Natural Earth at build time) and the choropleth."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from baraza.compendium import worldmap
from baraza.taxonomy.models import Country

ROOT = Path(__file__).resolve().parents[2]
# The copy of the demo data set that ships in the package (tests/compendium/test_demo.py
# checks it against the shared original).
DEMO = ROOT / "src" / "baraza" / "compendium" / "data" / "ce-experiences-demo.json"
PATH_SYNTAX = re.compile(r"^(M-?\d+ -?\d+l(-?\d+ ?-?\d+ ?)+z)+$")


def _rings(path: str) -> list[list[tuple[int, int]]]:
    """The absolute points of each ring of a path written as the build script writes them."""
    rings = []
    for ring in re.findall(r"M[^z]*z", path):
        numbers = [int(n) for n in re.findall(r"-?\d+", ring)]
        x, y = numbers[0], numbers[1]
        points = [(x, y)]
        for dx, dy in zip(numbers[2::2], numbers[3::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
        rings.append(points)
    return rings


def _points(path: str) -> list[tuple[int, int]]:
    return [point for ring in _rings(path) for point in ring]


def _centre(code: str) -> tuple[float, float]:
    points = _points(worldmap.shapes()["countries"][code])
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def test_the_data_file_is_small_and_documents_its_source():
    assert worldmap.DATA.stat().st_size < 120 * 1024
    data = worldmap.shapes()
    assert "Natural Earth" in data["source"]
    assert data["licence"] == "Public domain (Natural Earth)"
    assert (data["width"], data["height"]) == (1000, 434)


def test_the_outlines_cover_the_world():
    countries = worldmap.shapes()["countries"]
    assert len(countries) >= 170
    assert {"SN", "KE", "BR", "IN", "FR", "US", "CN", "AU", "RU", "FJ"} <= set(countries)
    assert "AQ" not in countries


def test_every_path_is_compact_svg_inside_the_canvas():
    data = worldmap.shapes()
    for code, path in data["countries"].items():
        assert PATH_SYNTAX.match(path), code
        for x, y in _points(path):
            assert 0 <= x <= data["width"] and 0 <= y <= data["height"], code


def test_countries_sit_where_they_belong():
    senegal, kenya, brazil = _centre("SN"), _centre("KE"), _centre("BR")
    india, norway, australia = _centre("IN"), _centre("NO"), _centre("AU")
    assert brazil[0] < senegal[0] < kenya[0] < india[0] < australia[0]
    assert norway[1] < senegal[1] < kenya[1] < australia[1]  # y grows southwards


def test_no_outline_crosses_the_whole_map():
    """Rings that cross the antimeridian (Russia, Fiji) are cut, not drawn across the world."""
    for code in ("RU", "FJ", "US"):
        for ring in _rings(worldmap.shapes()["countries"][code]):
            assert max(x for x, _y in ring) - min(x for x, _y in ring) < 500, code


def test_every_demo_country_is_drawn_or_marked():
    records = json.loads(DEMO.read_text(encoding="utf-8"))
    codes = set()
    for record in records:
        value = record.get("countries") or record.get("country")
        codes.update([value] if isinstance(value, str) else value)
    data = worldmap.shapes()
    missing = sorted(c for c in codes if c not in data["countries"] and c not in data["markers"])
    assert missing == []
    # Too small for the 1:110m outlines, so drawn as a circle.
    assert sorted(c for c in codes if c in data["markers"]) == ["WS"]


@pytest.mark.django_db
def test_every_country_of_the_vocabulary_can_be_shown():
    data = worldmap.shapes()
    shown = set(data["countries"]) | set(data["markers"])
    assert sorted(set(Country.objects.values_list("code", flat=True)) - shown) == ["AQ"]
    width, height = data["width"], data["height"]
    assert all(0 <= x <= width and 0 <= y <= height for x, y in data["markers"].values())


@pytest.mark.parametrize(
    ("highest", "bounds"),
    [
        (0, []),
        (1, [1]),
        (3, [1, 2, 3]),
        (5, [1, 2, 3, 4, 5]),
        (8, [1, 2, 5]),
        (40, [1, 2, 5, 10, 20]),
        (1000, [1, 5, 20, 50, 200]),
    ],
)
def test_at_most_five_buckets_with_round_bounds(highest, bounds):
    assert worldmap.bucket_bounds(highest) == bounds


def test_the_choropleth_fills_each_country_by_its_bucket():
    world = worldmap.build({"KE": 12, "SN": 1, "WS": 3}, {"KE": "Kenya", "SN": "Sénégal"})
    assert [(b.range, b.colour) for b in world.buckets] == [
        ("1", "#c7e9b4"),
        ("2–4", "#7fcdbb"),
        ("5–9", "#2c7fb8"),
        ("10–12", "#253494"),
    ]
    areas = {a.code: a for a in world.areas}
    assert (areas["KE"].bucket, areas["KE"].colour, areas["KE"].title) == (
        4,
        "#253494",
        "Kenya: 12 experiences",
    )
    assert (areas["SN"].bucket, areas["SN"].title) == (1, "Sénégal: 1 experience")
    assert (areas["BR"].bucket, areas["BR"].colour, areas["BR"].title) == (
        0,
        worldmap.NO_DATA,
        "BR: 0 experiences",
    )
    # Samoa is too small to draw: a circle marks it, and only because it has experiences.
    assert [(m.code, m.bucket, m.title) for m in world.markers] == [("WS", 2, "WS: 3 experiences")]
    assert [(r.code, r.count) for r in world.rows] == [("KE", 12), ("WS", 3), ("SN", 1)]


def test_an_empty_map_has_no_buckets():
    world = worldmap.build({}, {})
    assert world.buckets == [] and world.rows == [] and world.markers == []
    assert {a.colour for a in world.areas} == {worldmap.NO_DATA}


def _script():
    spec = importlib.util.spec_from_file_location(
        "build_world_map", ROOT / "scripts" / "build_world_map.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_build_script_decodes_quantized_delta_encoded_arcs():
    script = _script()
    topology = {
        "transform": {"scale": [0.5, 0.25], "translate": [-10, 20]},
        "arcs": [[[0, 0], [4, 0], [0, 8]], [[2, 2], [-2, -2]]],
    }
    assert script.decode_arcs(topology) == [
        [(-10.0, 20.0), (-8.0, 20.0), (-8.0, 22.0)],
        [(-9.0, 20.5), (-10.0, 20.0)],
    ]
    arcs = [[(0, 0), (1, 0), (1, 1)], [(1, 1), (0, 1), (0, 0)]]
    assert script.ring_points([0, 1], arcs) == [(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]
    assert script.ring_points([~1], arcs) == [(0, 0), (0, 1), (1, 1)]


def test_the_build_script_cuts_rings_at_the_antimeridian():
    script = _script()
    ring = [(178.0, -16.0), (-179.0, -16.0), (-179.0, -18.0), (178.0, -18.0)]
    assert script.crosses_antimeridian(ring)
    west, east = script.split_at_antimeridian(ring)
    assert all(lon >= 178 for lon, _ in west) and max(lon for lon, _ in west) == 180
    assert all(lon <= -179 for lon, _ in east) and min(lon for lon, _ in east) == -180


def test_the_build_script_simplifies_keeping_the_ends():
    script = _script()
    line = [(0, 0), (1, 0.1), (2, -0.1), (3, 5), (4, 0)]
    assert script.simplify(line, 0.5) == [(0, 0), (2, -0.1), (3, 5), (4, 0)]
    assert script.path([[(10, 20), (15, 20), (15, 10)]]) == "M10 20l5 0 0-10z"
