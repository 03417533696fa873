"""The site's main navigation, contributed by each app.

Each app registers its section in ``AppConfig.ready()``, so the navigation only ever links to
sections that are installed, and later apps (communities, library, compendium, learning) add
their own entries without touching the base template.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Promise
    order: int


_items: dict[str, NavItem] = {}


def register(url_name: str, label: Promise, *, order: int) -> None:
    _items[url_name] = NavItem(url_name=url_name, label=label, order=order)


def items_for(path: str) -> list[dict]:
    """Navigation entries with their URL in the active language and the current one marked."""
    entries = []
    for item in sorted(_items.values(), key=lambda i: i.order):
        try:
            href = reverse(item.url_name)
        except NoReverseMatch:
            continue
        home = href.count("/") <= 2  # "/en/" is only current on itself
        current = path == href if home else path.startswith(href)
        entries.append({"href": href, "label": item.label, "current": current})
    return entries
