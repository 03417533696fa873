"""Small server-rendered SVG charts: no JavaScript, no style attributes, every text escaped.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and ``<desc>``; the page shows
the same numbers in a table for screen readers and for copying. Colours are presentation
attributes (``fill=``, ``stroke=``), which the content security policy allows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 12, 28
MAX_X_LABELS = 8

INK, MUTED, LINE = "#1c1c1c", "#555555", "#d6d0c4"
BAR, STROKE = "#0a5753", "#a63f17"


def bar_chart(
    *, chart_id: str, title: str, description: str, labels: Sequence[str], values: Sequence[int]
) -> SafeString:
    """Vertical bars, one per label (e.g. posts per week)."""
    top, slot = _scale_top(values), _plot_width() / max(len(values), 1)
    bars = []
    for n, (label, value) in enumerate(zip(labels, values, strict=True)):
        height = _plot_height() * value / top
        bars.append(
            _element(
                "rect",
                _element("title", text=f"{label}: {value}"),
                x=_fmt(LEFT + n * slot + slot * 0.15),
                y=_fmt(TOP + _plot_height() - height),
                width=_fmt(slot * 0.7),
                height=_fmt(height),
                fill=BAR,
            )
        )
    return _svg(chart_id, title, description, labels, top, bars)


def line_chart(
    *, chart_id: str, title: str, description: str, labels: Sequence[str], values: Sequence[int]
) -> SafeString:
    """A line with a dot per label (e.g. active members per week)."""
    top, slot = _scale_top(values), _plot_width() / max(len(values), 1)
    points = [
        (LEFT + n * slot + slot / 2, TOP + _plot_height() * (1 - value / top))
        for n, value in enumerate(values)
    ]
    marks = [
        _element(
            "polyline",
            points=" ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in points),
            fill="none",
            stroke=STROKE,
            **{"stroke-width": "2"},
        )
    ]
    for (x, y), label, value in zip(points, labels, values, strict=True):
        marks.append(
            _element(
                "circle",
                _element("title", text=f"{label}: {value}"),
                cx=_fmt(x),
                cy=_fmt(y),
                r="3",
                fill=STROKE,
            )
        )
    return _svg(chart_id, title, description, labels, top, marks)


def _svg(chart_id, title, description, labels, top, marks) -> SafeString:
    parts = [
        _element("title", text=title, id=f"{chart_id}-title"),
        _element("desc", text=description, id=f"{chart_id}-desc"),
        *_axes(labels, top),
        *marks,
    ]
    return mark_safe(  # noqa: S308 (every text and attribute value is escaped by _element)
        _element(
            "svg",
            *parts,
            xmlns="http://www.w3.org/2000/svg",
            viewBox=f"0 0 {WIDTH} {HEIGHT}",
            width="100%",
            role="img",
            id=chart_id,
            **{"aria-labelledby": f"{chart_id}-title {chart_id}-desc", "font-size": "11"},
        )
    )


def _axes(labels: Sequence[str], top: int) -> list[str]:
    """Grid lines with their values (0, the middle when it is whole, the top), and a few
    labels along the bottom."""
    parts = []
    for value in (0, top // 2, top) if top % 2 == 0 else (0, top):
        y = TOP + _plot_height() * (1 - value / top)
        parts.append(
            _element(
                "line", x1=str(LEFT), x2=str(WIDTH - RIGHT), y1=_fmt(y), y2=_fmt(y), stroke=LINE
            )
        )
        parts.append(
            _element(
                "text",
                text=str(value),
                x=str(LEFT - 6),
                y=_fmt(y + 4),
                fill=MUTED,
                **{"text-anchor": "end"},
            )
        )
    slot = _plot_width() / max(len(labels), 1)
    step = math.ceil(len(labels) / MAX_X_LABELS) or 1
    for n in range(len(labels) - 1, -1, -step):  # always label the latest week
        parts.append(
            _element(
                "text",
                text=labels[n],
                x=_fmt(LEFT + n * slot + slot / 2),
                y=str(HEIGHT - 8),
                fill=INK,
                **{"text-anchor": "middle"},
            )
        )
    return parts


def _scale_top(values: Sequence[int]) -> int:
    """A round number at or above the largest value (1, 2, 5, 10, 20, 50, ...)."""
    largest = max(values, default=0)
    if largest <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(largest))
    for factor in (1, 2, 5, 10):
        if largest <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _plot_width() -> float:
    return WIDTH - LEFT - RIGHT


def _plot_height() -> float:
    return HEIGHT - TOP - BOTTOM


def _fmt(number: float) -> str:
    return f"{number:.1f}".removesuffix(".0")


def _element(name: str, *children: str, text: str | None = None, **attributes: str) -> str:
    attrs = "".join(f' {key}="{escape(value)}"' for key, value in attributes.items())
    if not children and text is None:
        return f"<{name}{attrs}/>"
    body = escape(text) if text is not None else ""
    return f"<{name}{attrs}>{body}{''.join(children)}</{name}>"
