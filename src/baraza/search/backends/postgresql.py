"""PostgreSQL full-text search: a tsvector column with a GIN index.

The vector and the query are written as literals of the analysed terms, so PostgreSQL's parser
and dictionaries add nothing, and both backends match the same way. A tsvector keeps positions
up to 16,383 and 256 per term: phrases deep in a very long text may be missed here and not on
SQLite, which is the one known difference.
"""

from __future__ import annotations

from baraza.search.analysis import Query
from baraza.search.backends import Backend, Match, variants

MAX_POSITION = 16_383
MAX_POSITIONS_PER_TERM = 256


def vector(title: list[str], body: list[str]) -> str:
    """A tsvector literal: title terms weighted A, body terms D (the default)."""
    positions: dict[str, list[str]] = {}
    for offset, (terms, weight) in enumerate(((title, "A"), (body, ""))):
        start = 1 + offset * (len(title) + 1)
        for number, term in enumerate(terms, start=start):
            found = positions.setdefault(term, [])
            if len(found) < MAX_POSITIONS_PER_TERM:
                found.append(f"{min(number, MAX_POSITION)}{weight}")
    # Terms are folded letters and digits only (analysis.WORD): nothing to escape.
    return " ".join(f"'{term}':{','.join(where)}" for term, where in positions.items())


def _group(group) -> str:
    return "(" + " | ".join(" <-> ".join(f"'{t}'" for t in v) for v in variants(group)) + ")"


def expression(query: Query) -> str:
    parts = [_group(g) for g in query.required]
    parts += ["!" + _group(g) for g in query.excluded]
    return " & ".join(parts)


class PostgreSQL(Backend):
    def create(self, cursor) -> None:
        cursor.execute(
            "ALTER TABLE search_document ADD COLUMN IF NOT EXISTS vector tsvector "
            "NOT NULL DEFAULT ''::tsvector"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS search_document_vector ON search_document "
            "USING GIN (vector)"
        )

    def drop(self, cursor) -> None:
        cursor.execute("DROP INDEX IF EXISTS search_document_vector")
        cursor.execute("ALTER TABLE search_document DROP COLUMN IF EXISTS vector")

    def store(self, cursor, rows) -> None:
        cursor.executemany(
            "UPDATE search_document SET vector = %s::tsvector WHERE id = %s",
            [(vector(title, body), pk) for pk, title, body in rows],
        )

    def forget(self, cursor, chosen, params) -> None:
        pass  # the vector goes with its row

    def match(self, query: Query) -> Match:
        literal = expression(query)
        return Match(
            join="",
            where="d.vector @@ %s::tsquery",
            where_params=(literal,),
            score="ts_rank(d.vector, %s::tsquery)",
            score_params=(literal,),
        )

    def excluding(self, query: Query) -> tuple[str, list]:
        text = " | ".join(_group(g) for g in query.excluded)
        return "NOT (d.vector @@ %s::tsquery)", [text]

    def size(self, cursor) -> int:
        cursor.execute(
            "SELECT pg_total_relation_size('search_document') "
            "+ pg_total_relation_size('search_tag')"
        )
        return cursor.fetchone()[0]
