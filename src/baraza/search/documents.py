"""What an app hands to the search index: one ``Entry`` per searchable thing.

Each app that has something to find registers its kind (``registry.register``) with two
functions: ``entry(obj)`` gives the entry of one object, or ``None`` when nobody should find it
now (a draft, a hidden topic, a deleted account), and ``entries()`` yields every entry, for
``baraza reindex``. The app's services call ``search.services.index(kind, obj)`` after each write.

Who may find an entry is decided when searching, not when indexing, from ``access`` and
``community_id``: a community that turns private takes its content out of everyone else's
results at once, with no reindexing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


class Access:
    """Who may find an entry."""

    PUBLIC = "public"  # anyone, logged in or not
    SIGNED_IN = "signed_in"  # any logged-in member
    COMMUNITY = "community"  # whoever may read the community ``community_id``
    CHOICES = (PUBLIC, SIGNED_IN, COMMUNITY)


@dataclass(frozen=True)
class Text:
    """An entry's text in one language. ``title`` ranks above ``body``; ``summary`` is what a
    result shows when the query's words are not in the body's opening (defaults to the body)."""

    title: str
    body: str = ""
    summary: str = ""


@dataclass(frozen=True)
class Entry:
    kind: str
    object_id: str
    texts: dict[str, Text]  # by language code ("en", "fr", or another for a resource)
    original_language: str
    # The address without its language prefix, e.g. "compendium/records/CE-2026-0001/":
    # results link to it in the reader's language.
    path: str
    date: dt.datetime
    access: str = Access.PUBLIC
    community_id: int | None = None
    # Facet values, e.g. ("theme", "immunisation"), ("country", "SN").
    tags: tuple[tuple[str, str], ...] = ()
    # Small display facts (an identifier, a place, a community's name), shown as they are.
    meta: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.access not in Access.CHOICES:
            raise ValueError(f"unknown access {self.access!r}")
        if self.access == Access.COMMUNITY and self.community_id is None:
            raise ValueError("community entries need a community_id")
        if self.path.startswith("/"):
            raise ValueError("the path has no leading slash and no language prefix")


def path_of(url_name: str, *args, **kwargs) -> str:
    """The address of a page without its language prefix, for ``Entry.path``."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override("en"):
        url = reverse(url_name, args=args, kwargs=kwargs)
    return url.removeprefix("/en/").lstrip("/")
