"""The two full-text backends behind one interface.

Both index the terms ``analysis.analyse`` produced (so they find the same things) in two
fields, title and body, the title ranking higher:

* ``sqlite``: an FTS5 table ``search_fts`` whose rowid is the document's id, ranked by BM25.
* ``postgresql``: a ``tsvector`` column ``search_document.vector`` with a GIN index, written as
  a literal (so PostgreSQL's own parser and dictionaries change nothing), ranked by
  ``ts_rank``.

``match(query)`` gives the SQL pieces that restrict ``search_document d`` to the documents
matching a parsed query, and score them (higher is better).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from baraza.search.analysis import Query


@dataclass(frozen=True)
class Match:
    join: str  # after "FROM search_document d"
    where: str
    where_params: tuple
    score: str
    score_params: tuple


class Backend:
    def create(self, cursor) -> None:
        raise NotImplementedError

    def drop(self, cursor) -> None:
        raise NotImplementedError

    def store(self, cursor, rows: list[tuple[int, list[str], list[str]]]) -> None:
        """Index ``(document id, title terms, body terms)`` rows, replacing what was there."""
        raise NotImplementedError

    def forget(self, cursor, chosen: str, params: list) -> None:
        """Forget the documents whose ids the SQL ``chosen`` selects (before they go)."""
        raise NotImplementedError

    def tidy(self, cursor) -> None:
        """Drop index entries whose document is gone (deleted other than through the search
        services, e.g. by a flush); ``baraza reindex`` calls it."""

    def match(self, query: Query) -> Match:
        raise NotImplementedError

    def excluding(self, query: Query) -> tuple[str, list]:
        """A condition on ``search_document d`` that leaves out the documents matching any of
        ``query.excluded`` (for a query of exclusions only, which matches nothing itself)."""
        raise NotImplementedError

    def size(self, cursor) -> int:
        """Bytes on disk of the documents and their index."""
        raise NotImplementedError


def variants(group: tuple[tuple[str, ...], ...]) -> list[tuple[str, ...]]:
    """The term sequences a word or phrase may be indexed as: as typed, as English stems, as
    French stems (a text is stemmed in one language, so a phrase's words share it)."""
    if len(group) == 1:
        return [(form,) for form in dict.fromkeys(group[0])]
    return list(dict.fromkeys(tuple(position[i] for position in group) for i in range(3)))


def for_connection(conn=None) -> Backend:
    conn = conn or connection
    if conn.vendor == "postgresql":
        from baraza.search.backends.postgresql import PostgreSQL

        return PostgreSQL()
    if conn.vendor == "sqlite":
        from baraza.search.backends.sqlite import SQLite

        return SQLite()
    raise NotImplementedError(f"search has no backend for {conn.vendor}")
