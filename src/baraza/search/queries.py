"""The one search: every kind, filtered by what the reader may see, with facets.

Permissions are applied in the SQL of every statement (hits, counts and facets alike) from the
documents' ``access`` and ``community_id``, and the communities the reader may read, so
nothing a reader may not see is ever counted, let alone shown.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from baraza.communities import queries as community_queries
from baraza.search import analysis, backends, highlight, registry
from baraza.search.documents import Access
from baraza.search.models import Document
from baraza.taxonomy import queries as taxonomy_queries

PER_PAGE = 20
MAX_PAGE = 500
TAG_FACETS = ("theme", "country")
FACET_VALUES = 12
SORTS = ("relevance", "date")


@dataclass(frozen=True)
class Request:
    q: str = ""
    kinds: tuple[str, ...] = ()
    language: str = ""  # "en" or "fr": documents with text in that language
    tags: tuple[tuple[str, str], ...] = ()  # (facet, value)
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE


@dataclass
class Hit:
    kind: str
    object_id: str
    title: SafeString
    snippet: SafeString
    url: str
    date: dt.datetime
    language: str  # of the title and snippet shown
    matched_language: str  # where the reader's words were found, if not ``language``
    meta: dict
    community_id: int | None


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Results:
    request: Request
    query: analysis.Query
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    browsing: bool = False  # no words, only filters: the latest first

    @property
    def pages(self) -> int:
        return min(MAX_PAGE, max(1, math.ceil(self.total / self.request.per_page)))

    @property
    def searched(self) -> bool:
        return not self.query.empty or self.browsing


class _Sql:
    """WHERE pieces and their parameters, kept in step."""

    def __init__(self):
        self.parts: list[str] = []
        self.params: list = []

    def add(self, sql: str, *params) -> None:
        self.parts.append(sql)
        self.params.extend(params)

    def where(self) -> str:
        return " AND ".join(self.parts) if self.parts else "1 = 1"


def _marks(values) -> str:
    return ", ".join(["%s"] * len(values))


def _access(user) -> tuple[str, list]:
    """Who may find what: public documents, signed-in ones for members, and community
    documents of the communities ``user`` may read (public ones, theirs, all for the site's
    facilitators). Every statement of a search carries this."""
    readable = list(community_queries.readable_by(user).values_list("pk", flat=True))
    parts, params = ["d.access = %s"], [Access.PUBLIC]
    if user.is_authenticated:
        parts.append("d.access = %s")
        params.append(Access.SIGNED_IN)
    if readable:
        parts.append(f"(d.access = %s AND d.community_id IN ({_marks(readable)}))")
        params += [Access.COMMUNITY, *readable]
    return "(" + " OR ".join(parts) + ")", params


def _filters(request: Request, *, leave_out: str = "") -> _Sql:
    sql = _Sql()
    if request.kinds and leave_out != "kind":
        sql.add(f"d.kind IN ({_marks(request.kinds)})", *request.kinds)
    if request.language in ("en", "fr") and leave_out != "language":
        sql.add(f"d.in_{request.language} = %s", True)
    for facet, value in request.tags:
        if facet != leave_out:
            sql.add(
                "EXISTS (SELECT 1 FROM search_tag t WHERE t.document_id = d.id "
                "AND t.facet = %s AND t.value = %s)",
                facet,
                value,
            )
    return sql


class _Search:
    def __init__(self, user, request: Request, query: analysis.Query):
        self.request = request
        self.query = query
        backend = backends.for_connection()
        self.match = None if query.empty else backend.match(query)
        # Exclusions only ("-covid"): everything but what they match.
        self.excluding = backend.excluding(query) if query.empty and query.excluded else None
        self.access = _access(user)

    def _from(self, request_filters: _Sql) -> tuple[str, list]:
        sql = _Sql()
        if self.match:
            sql.add(self.match.where, *self.match.where_params)
        if self.excluding:
            sql.add(self.excluding[0], *self.excluding[1])
        sql.add(self.access[0], *self.access[1])
        sql.parts += request_filters.parts
        sql.params += request_filters.params
        join = self.match.join if self.match else ""
        return f"FROM search_document d{join} WHERE {sql.where()}", sql.params

    def rows(self, sql: str, params: list) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def page(self, offset: int, limit: int) -> list[int]:
        body, params = self._from(_filters(self.request))
        if self.match and self.request.sort != "date":
            score = self.match.score
            sql = f"SELECT d.id, {score} AS score {body} ORDER BY score DESC, d.date DESC, d.id"
            params = [*self.match.score_params, *params]
        else:
            sql = f"SELECT d.id {body} ORDER BY d.date DESC, d.id DESC"
        return [row[0] for row in self.rows(f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset])]

    def kind_counts(self) -> dict[str, int]:
        body, params = self._from(_filters(self.request, leave_out="kind"))
        return dict(self.rows(f"SELECT d.kind, COUNT(*) {body} GROUP BY d.kind", params))

    def language_counts(self) -> dict[str, int]:
        body, params = self._from(_filters(self.request, leave_out="language"))
        sql = (
            "SELECT COALESCE(SUM(CASE WHEN d.in_en THEN 1 ELSE 0 END), 0), "
            f"COALESCE(SUM(CASE WHEN d.in_fr THEN 1 ELSE 0 END), 0) {body}"
        )
        en, fr = self.rows(sql, params)[0]
        return {"en": int(en), "fr": int(fr)}

    def tag_counts(self, facet: str, values: list[str] | None = None) -> list[tuple[str, int]]:
        """The most frequent values of ``facet`` with their counts, or the counts of
        ``values`` (chosen values that are not among the most frequent)."""
        body, params = self._from(_filters(self.request, leave_out=facet))
        chosen = f"AND t.value IN ({_marks(values)}) " if values else ""
        sql = (
            f"SELECT t.value, COUNT(*) AS n FROM search_tag t WHERE t.facet = %s {chosen}AND "
            f"t.document_id IN (SELECT d.id {body}) GROUP BY t.value ORDER BY n DESC, t.value "
            "LIMIT %s"
        )
        limit = len(values) if values else FACET_VALUES
        rows = self.rows(sql, [facet, *(values or []), *params, limit])
        return [(v, int(n)) for v, n in rows]


def _kind_facet(request: Request, counts: dict[str, int]) -> list[FacetValue]:
    return [
        FacetValue(k.name, str(k.plural), counts.get(k.name, 0), k.name in request.kinds)
        for k in registry.kinds()
        if counts.get(k.name) or k.name in request.kinds
    ]


def _tag_labels(facet: str, values: list[str]) -> dict[str, str]:
    if facet == "theme":
        return {t.slug: str(t) for t in taxonomy_queries.themes().filter(slug__in=values)}
    if facet == "country":
        return {c.code: str(c) for c in taxonomy_queries.countries().filter(code__in=values)}
    return {}


def search(user, request: Request) -> Results:
    query = analysis.parse(request.q)
    browsing = query.empty and bool(
        request.kinds or request.language or request.tags or query.excluded
    )
    results = Results(request=request, query=query, browsing=browsing)
    if query.empty and not browsing:
        return results
    run = _Search(user, request, query)
    kinds = run.kind_counts()
    results.total = sum(n for k, n in kinds.items() if not request.kinds or k in request.kinds)
    results.facets["kind"] = _kind_facet(request, kinds)
    languages = run.language_counts()
    results.facets["language"] = [
        FacetValue(code, str(name), languages[code], request.language == code)
        for code, name in (("en", _("English")), ("fr", _("French")))
        if languages[code] or request.language == code
    ]
    selected_tags = set(request.tags)
    for facet in TAG_FACETS:
        counts = run.tag_counts(facet)
        chosen = [v for f, v in sorted(selected_tags) if f == facet and v not in dict(counts)]
        if chosen:
            found = dict(run.tag_counts(facet, chosen))
            counts += [(v, found.get(v, 0)) for v in chosen]
        labels = _tag_labels(facet, [v for v, _ in counts])
        results.facets[facet] = [
            FacetValue(v, labels.get(v, v), n, (facet, v) in selected_tags) for v, n in counts
        ]
    page = min(max(1, request.page), MAX_PAGE)
    if results.total:
        ids = run.page((page - 1) * request.per_page, request.per_page)
        results.hits = _hits(ids, query)
    return results


def _display_language(texts: dict, original: str) -> str:
    reader = translation.get_language() or "en"
    reader = reader.split("-")[0]
    for language in (reader, original, *texts):
        if language in texts:
            return language
    return original


def localised_url(path: str) -> str:
    language = (translation.get_language() or "en").split("-")[0]
    return f"/{language}/{path}"


def _hits(ids: list[int], query: analysis.Query) -> list[Hit]:
    documents = {d.pk: d for d in Document.objects.filter(pk__in=ids)}
    wanted = highlight.terms(query.words)
    hits = []
    for pk in ids:
        document = documents.get(pk)
        if document is None:
            continue
        texts = document.texts
        shown = _display_language(texts, document.original_language)
        matched = shown
        text = texts.get(shown, {})
        if wanted and not (
            highlight.contains(text.get("title", ""), wanted)
            or highlight.contains(text.get("body", ""), wanted)
        ):
            matched = next(
                (
                    language
                    for language, other in texts.items()
                    if highlight.contains(other.get("title", ""), wanted)
                    or highlight.contains(other.get("body", ""), wanted)
                ),
                shown,
            )
        source = texts.get(matched, {})
        body = source.get("body", "")
        if not highlight.contains(body, wanted) and source.get("summary"):
            body = source["summary"]
        date = document.date
        hits.append(
            Hit(
                kind=document.kind,
                object_id=document.object_id,
                title=highlight.title(text.get("title", ""), wanted),
                snippet=highlight.snippet(body, wanted),
                url=localised_url(document.path),
                date=date,
                language=shown,
                matched_language="" if matched == shown else matched,
                meta=document.meta,
                community_id=document.community_id,
            )
        )
    return hits


def public_matches(kind: str, q: str) -> RawSQL | None:
    """The object ids of the public documents of ``kind`` that match ``q``, as a subquery (for
    an app's own list filtered by words: ``Q(identifier__in=public_matches(...))``), or None if
    ``q`` holds no word to search for."""
    query = analysis.parse(q)
    backend = backends.for_connection()
    select = "SELECT d.object_id FROM search_document d"
    scope = "d.kind = %s AND d.access = %s"
    if not query.empty:
        match = backend.match(query)
        sql = f"{select}{match.join} WHERE {match.where} AND {scope}"
        params = [*match.where_params, kind, Access.PUBLIC]
    elif query.excluded:
        condition, excluded = backend.excluding(query)
        sql, params = f"{select} WHERE {condition} AND {scope}", [*excluded, kind, Access.PUBLIC]
    else:
        return None
    return RawSQL(sql, params)  # noqa: S611 (fixed SQL; the words travel as parameters)
