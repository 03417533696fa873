"""SQLite FTS5: the embedded default's backend."""

from __future__ import annotations

from baraza.search.analysis import Query
from baraza.search.backends import Backend, Match, variants

# Title terms weigh four times body terms in BM25.
TITLE_WEIGHT = 4.0


def _quoted(terms: tuple[str, ...]) -> str:
    # Terms are folded letters and digits only (analysis.WORD), so they never hold a quote.
    return '"' + " ".join(terms) + '"'


def _group(group) -> str:
    return "(" + " OR ".join(_quoted(v) for v in variants(group)) + ")"


def expression(query: Query) -> str:
    text = " AND ".join(_group(g) for g in query.required)
    for group in query.excluded:
        text += " NOT " + _group(group)
    return text


class SQLite(Backend):
    def create(self, cursor) -> None:
        cursor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
            "title, body, tokenize = 'unicode61 remove_diacritics 0')"
        )

    def drop(self, cursor) -> None:
        cursor.execute("DROP TABLE IF EXISTS search_fts")

    def store(self, cursor, rows) -> None:
        ids = [row[0] for row in rows]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", chunk)
        cursor.executemany(
            "INSERT INTO search_fts (rowid, title, body) VALUES (%s, %s, %s)",
            [(pk, " ".join(title), " ".join(body)) for pk, title, body in rows],
        )

    def forget(self, cursor, chosen, params) -> None:
        cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({chosen})", params)

    def tidy(self, cursor) -> None:
        cursor.execute("DELETE FROM search_fts WHERE rowid NOT IN (SELECT id FROM search_document)")

    def match(self, query: Query) -> Match:
        return Match(
            join=" JOIN search_fts ON search_fts.rowid = d.id",
            where="search_fts MATCH %s",
            where_params=(expression(query),),
            score=f"-bm25(search_fts, {TITLE_WEIGHT}, 1.0)",
            score_params=(),
        )

    def excluding(self, query: Query) -> tuple[str, list]:
        text = " OR ".join(_group(g) for g in query.excluded)
        return "d.id NOT IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)", [text]

    def size(self, cursor) -> int:
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        return pages * cursor.fetchone()[0]
