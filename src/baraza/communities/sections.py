"""Sections that other apps add to a community's home page (discussions, library, events).

The communities app doesn't import the apps built on it; each of them registers a section in
its ``AppConfig.ready()``:

    sections.register("discussions", order=10, render=topics_section)

``render(request, community)`` returns ``(template_name, context)``, or ``None`` to show nothing.
Sections are only rendered for people who may read the community.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

Render = Callable[..., tuple[str, dict] | None]


@dataclass(frozen=True)
class Section:
    name: str
    order: int
    render: Render


_sections: dict[str, Section] = {}


def register(name: str, *, order: int, render: Render) -> None:
    _sections[name] = Section(name=name, order=order, render=render)


def render_all(request, community) -> list[SafeString]:
    html = []
    for section in sorted(_sections.values(), key=lambda s: s.order):
        result = section.render(request, community)
        if result is not None:
            template, context = result
            html.append(
                render_to_string(template, {"community": community, **context}, request=request)
            )
    return html
