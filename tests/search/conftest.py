"""Helpers for the search tests: index entries directly, and ask the one search."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation

from baraza.search import queries, services
from baraza.search.documents import Access, Entry, Text


def entry(
    object_id: str,
    *,
    kind: str = "experience",
    en: tuple[str, str] | None = None,
    fr: tuple[str, str] | None = None,
    other: dict[str, tuple[str, str]] | None = None,
    original: str = "en",
    access: str = Access.PUBLIC,
    community_id: int | None = None,
    date: dt.datetime | None = None,
    tags: tuple[tuple[str, str], ...] = (),
) -> Entry:
    texts = {}
    if en:
        texts["en"] = Text(*en)
    if fr:
        texts["fr"] = Text(*fr)
    for language, pair in (other or {}).items():
        texts[language] = Text(*pair)
    return Entry(
        kind=kind,
        object_id=object_id,
        texts=texts,
        original_language=original,
        path=f"{kind}/{object_id}/",
        date=date or timezone.now(),
        access=access,
        community_id=community_id,
        tags=tags,
    )


def index(*entries: Entry) -> None:
    services.write(list(entries))


def find(q: str = "", user=None, *, language: str = "en", **request) -> queries.Results:
    """Search as ``user`` (anonymous by default) with the interface in ``language``;
    ``lang="fr"`` filters on the documents' language (``Request.language``)."""
    if "lang" in request:
        request["language"] = request.pop("lang")
    with translation.override(language):
        return queries.search(user or AnonymousUser(), queries.Request(q=q, **request))


def found(q: str = "", user=None, **request) -> list[str]:
    """The object ids found, in order."""
    return [hit.object_id for hit in find(q, user, **request).hits]


@pytest.fixture
def indexed(db):
    """Index entries for a test: ``indexed(entry(...), ...)``."""
    return index
