"""Regenerate ``src/baraza/compendium/data/world-110m.json``: the compendium's world map.

A development tool, not part of the installed package, run once at build time (never while the
site runs). It needs node's ``npm`` (to fetch the data package from the npm registry) and
pycountry (a dependency of Baraza).

Source: the npm package ``world-atlas`` version 2 by Mike Bostock (ISC licence), which ships
Natural Earth's "Admin 0 – Countries" at 1:110 million and 1:50 million as TopoJSON. Natural
Earth data is in the public domain (https://www.naturalearthdata.com/about/terms-of-use/), and
so is the map this script writes.

What it does:

1. ``npm install world-atlas@2`` into a temporary folder (or ``--source`` an unpacked copy).
2. Decodes the TopoJSON itself: quantized, delta-encoded arcs, scaled by the ``transform``.
3. Projects every point with the Natural Earth projection (Šavrič et al., 2011, the formula d3
   uses) onto a 1000-unit-wide canvas, simplifies each shared arc (Douglas–Peucker) so that
   neighbours keep a common border, rounds to whole units and writes each country's outline as
   one SVG path with relative coordinates, keyed by its ISO 3166-1 alpha-2 code (world-atlas
   uses the numeric code; pycountry maps one to the other).
4. Countries too small to show at this scale (most island states) get a ``marker``: the
   projected centre of their largest polygon in the 1:50m data, where the map draws a small
   circle. Territories that Natural Earth folds into another country (French Guiana is part of
   France's outline) get the approximate position listed in ``PLACES`` below.
5. Shapes with no ISO code of their own (Kosovo, Northern Cyprus, Somaliland) are drawn as
   plain land in ``unassigned``: the map neither counts them nor assigns them to a country.
   Antarctica is left out.

    python scripts/build_world_map.py [--source DIR] [--check]
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parents[1] / "src/baraza/compendium/data/world-110m.json"
WIDTH = 1000
MARGIN = 4
TOLERANCE = 0.4  # Douglas–Peucker tolerance, in map units (1/1000 of the width)
MIN_AREA = 2.0  # rings smaller than this (square map units) are dropped
LEAVE_OUT = {"010"}  # Antarctica

# Territories that Natural Earth includes in another country's outline, by (longitude, latitude).
PLACES = {
    "BQ": (-68.27, 12.18),
    "GF": (-53.13, 3.93),
    "GP": (-61.55, 16.25),
    "MQ": (-61.02, 14.64),
    "RE": (55.54, -21.12),
    "YT": (45.15, -12.83),
    "SJ": (16.0, 78.5),
    "TK": (-171.85, -9.2),
    "CC": (96.87, -12.17),
    "CX": (105.69, -10.45),
    "BV": (3.41, -54.42),
    "UM": (-160.03, -0.37),
    "GI": (-5.35, 36.14),
    "MC": (7.42, 43.74),
    "VA": (12.45, 41.9),
    "SM": (12.46, 43.94),
    "AD": (1.52, 42.51),
    "LI": (9.55, 47.16),
    "MT": (14.44, 35.9),
    "TV": (179.2, -8.52),
}


def natural_earth(lon: float, lat: float) -> tuple[float, float]:
    """The Natural Earth projection, in radians of the unit sphere (y grows northwards)."""
    lam, phi = math.radians(lon), math.radians(lat)
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (
        0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4))
    )
    y = phi * (
        1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4))
    )
    return x, y


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Every arc as a list of (longitude, latitude): undo the delta encoding and quantization."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def polygons(geometry: dict) -> list[list[list[int]]]:
    """A geometry's polygons, each a list of rings, each a list of arc indexes."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def ring_points(ring: list[int], arcs: list[list]) -> list:
    """Stitch a ring's arcs (a negative index ``~i`` means arc ``i`` reversed)."""
    points: list = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker, keeping both ends (iterative: long arcs can't hit the recursion limit)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        worst, worst_index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                distance = math.hypot(px - ax, py - ay)
            else:
                distance = abs(dy * px - dx * py + bx * ay - by * ax) / length
            if distance > worst:
                worst, worst_index = distance, i
        if worst > tolerance:
            keep[worst_index] = True
            stack.append((first, worst_index))
            stack.append((worst_index, last))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def crosses_antimeridian(ring: list[tuple[float, float]]) -> bool:
    return any(abs(b[0] - a[0]) > 180 for a, b in zip(ring, ring[1:] + ring[:1], strict=True))


def split_at_antimeridian(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring that jumps across ±180° longitude, cut into its eastern and western parts.

    TopoJSON keeps such a ring whole (d3 clips it on the sphere); on a flat map it would draw a
    line across the world. Unwrap the longitudes so the ring is continuous, then clip it on each
    side of the meridian it straddles (Sutherland–Hodgman against one line) and shift the far
    part back by 360°.
    """
    unwrapped = [ring[0]]
    offset = 0.0
    for (lon0, _lat0), (lon, lat) in itertools.pairwise(ring):
        if lon - lon0 > 180:
            offset -= 360
        elif lon - lon0 < -180:
            offset += 360
        unwrapped.append((lon + offset, lat))
    meridian = 180.0 if max(p[0] for p in unwrapped) > 180 else -180.0
    west = clip(unwrapped, meridian, keep_below=True)
    east = clip(unwrapped, meridian, keep_below=False)
    shift = -360.0 if meridian > 0 else 360.0
    if meridian > 0:
        east = [(lon + shift, lat) for lon, lat in east]
    else:
        west = [(lon + shift, lat) for lon, lat in west]
    return [part for part in (west, east) if len(part) >= 3]


def clip(ring: list[tuple[float, float]], meridian: float, *, keep_below: bool) -> list:
    def inside(point):
        return point[0] <= meridian if keep_below else point[0] >= meridian

    result = []
    for current, following in zip(ring, ring[1:] + ring[:1], strict=True):
        if inside(current):
            result.append(current)
        if inside(current) != inside(following):
            t = (meridian - current[0]) / (following[0] - current[0])
            result.append((meridian, current[1] + t * (following[1] - current[1])))
    return result


def area(ring: list[tuple[float, float]]) -> float:
    return abs(shoelace(ring)) / 2


def shoelace(ring: list[tuple[float, float]]) -> float:
    return sum(
        x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
    )


def centroid(ring: list[tuple[float, float]]) -> tuple[float, float]:
    twice_area = shoelace(ring)
    if abs(twice_area) < 1e-12:
        xs, ys = zip(*ring, strict=True)
        return sum(xs) / len(xs), sum(ys) / len(ys)
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return cx / (3 * twice_area), cy / (3 * twice_area)


def path(rings: list[list[tuple[int, int]]]) -> str:
    """One compact SVG path: an absolute move, then relative lines, per ring."""
    parts = []
    for ring in rings:
        (x0, y0), rest = ring[0], ring[1:]
        moves = [f"M{x0} {y0}l"]
        previous = (x0, y0)
        steps = []
        for x, y in rest:
            steps.append(f"{x - previous[0]} {y - previous[1]}")
            previous = (x, y)
        moves.append(" ".join(steps).replace(" -", "-"))
        parts.append("".join(moves) + "z")
    return "".join(parts)


def alpha2(numeric: str | None) -> str | None:
    if not numeric:
        return None
    country = pycountry.countries.get(numeric=numeric)
    return country.alpha_2 if country else None


def fetch(folder: Path) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm is needed to fetch world-atlas (or give --source).")
    subprocess.run(  # noqa: S603 (a fixed command: one pinned package into a temporary folder)
        [
            npm,
            "install",
            "--prefix",
            str(folder),
            "--no-save",
            "--no-audit",
            "--no-fund",
            "--ignore-scripts",
            "world-atlas@2",
        ],
        check=True,
        stdout=sys.stderr,
    )
    return folder / "node_modules" / "world-atlas"


def build(source: Path) -> dict:
    small = json.loads((source / "countries-110m.json").read_text(encoding="utf-8"))
    detailed = json.loads((source / "countries-50m.json").read_text(encoding="utf-8"))
    package = json.loads((source / "package.json").read_text(encoding="utf-8"))

    geometries = [
        g for g in small["objects"]["countries"]["geometries"] if g.get("id") not in LEAVE_OUT
    ]
    arcs = [[natural_earth(*p) for p in arc] for arc in decode_arcs(small)]
    used = {
        i if i >= 0 else ~i for g in geometries for poly in polygons(g) for r in poly for i in r
    }
    xs = [x for i in used for x, _y in arcs[i]] + [natural_earth(lon, 0)[0] for lon in (-180, 180)]
    ys = [y for i in used for _x, y in arcs[i]]
    scale = (WIDTH - 2 * MARGIN) / (max(xs) - min(xs))
    height = round((max(ys) - min(ys)) * scale + 2 * MARGIN)
    left, top = min(xs), max(ys)

    def to_map(point: tuple[float, float]) -> tuple[float, float]:
        return (point[0] - left) * scale + MARGIN, (top - point[1]) * scale + MARGIN

    # Simplify each arc once, in map units, so that shared borders stay shared.
    simple = [simplify([to_map(p) for p in arc], TOLERANCE) for arc in arcs]

    raw = decode_arcs(small)
    countries: dict[str, str] = {}
    unassigned: list[str] = []
    for geometry in geometries:
        rings = []
        for polygon in polygons(geometry):
            for ring in polygon:
                lonlat = ring_points(ring, raw)
                if crosses_antimeridian(lonlat):
                    # Cut it in two and simplify each part whole (its arcs are not shared).
                    parts = [
                        simplify([to_map(natural_earth(*p)) for p in part + part[:1]], TOLERANCE)
                        for part in split_at_antimeridian(lonlat)
                    ]
                else:
                    parts = [ring_points(ring, simple)]
                for part in parts:
                    points = []
                    for x, y in part:
                        point = (round(x), round(y))
                        if not points or point != points[-1]:
                            points.append(point)
                    if len(points) > 1 and points[0] == points[-1]:
                        points.pop()
                    if len(set(points)) >= 3 and area(points) >= MIN_AREA:
                        rings.append(points)
        code = alpha2(geometry.get("id"))
        if not rings:
            continue
        if code:
            countries[code] = path(rings)
        else:
            unassigned.append(path(rings))

    # Markers: every ISO country the 1:110m outlines leave out, placed from the 1:50m data.
    markers: dict[str, list[int]] = {}
    detailed_arcs = decode_arcs(detailed)
    for geometry in detailed["objects"]["countries"]["geometries"]:
        code = alpha2(geometry.get("id"))
        if not code or code in countries or geometry.get("id") in LEAVE_OUT:
            continue
        rings = [ring_points(poly[0], detailed_arcs) for poly in polygons(geometry)]
        if not rings:
            continue
        projected = [[to_map(natural_earth(*p)) for p in ring] for ring in rings]
        largest = max(projected, key=area)
        x, y = centroid(largest)
        markers[code] = [round(x), round(y)]
    for code, (lon, lat) in PLACES.items():
        if code not in countries and code not in markers:
            x, y = to_map(natural_earth(lon, lat))
            markers[code] = [round(x), round(y)]

    return {
        "source": (
            f"Natural Earth Admin 0 countries, 1:110m (markers from 1:50m), via the npm package "
            f"world-atlas {package['version']}; Natural Earth projection; built by "
            "scripts/build_world_map.py"
        ),
        "licence": "Public domain (Natural Earth)",
        "width": WIDTH,
        "height": height,
        "countries": dict(sorted(countries.items())),
        "markers": dict(sorted(markers.items())),
        "unassigned": unassigned,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, help="an unpacked world-atlas package")
    parser.add_argument("--check", action="store_true", help="compare with the file, write nothing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        source = args.source or fetch(Path(folder))
        data = build(source)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{OUT} is out of date")
        sys.exit(0 if same else 1)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(
        f"{OUT}: {len(data['countries'])} countries, {len(data['markers'])} markers, "
        f"{len(text.encode()) // 1024} KB"
    )


if __name__ == "__main__":
    main()
