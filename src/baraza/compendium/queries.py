"""Reads of the compendium: the faceted list of published records, and a record's page.

Filters come from the list's query string (every parameter may repeat): ``region`` (WHO region
code), ``country`` (ISO 3166-1 alpha-2), ``phase``, ``health_area``, ``approach``, ``setting``,
``level``, ``evidence`` (vocabulary slugs), ``label``, ``year``, ``language`` and ``q``. Values
of one facet are alternatives (OR); facets combine (AND). A value that is not known (a wrong
slug, a year that is not a number) is ignored and reported, never an error.

- ``year``: the experience ran that year: ``start_year <= year <= end_year``, where an ongoing
  experience runs up to the current year and one with no end year ran in its start year only.
- ``language``: the record can be read in that language: it was written in it, or translated
  into it (a translation starts with the title, so a translated title is what counts).
- ``q``: words, matched through the site's search index (``search.queries.public_matches``):
  the published text in either language, without regard to accents, with English and French
  stemming.

Facet counts are *disjunctive*: the count next to a value is the number of published records
that match every filter of the OTHER facets (and ``q``) and have that value. For a facet with
nothing selected, it is exactly the number of results once the value is ticked; for a facet
with values already ticked, it is how many of the records matching the rest have this value
(ticking it adds those that don't have the ticked ones).

Queries: one for the seven vocabularies (their names, and what the selected values are checked
against), then one GROUP BY per facet, whatever the number of records or values. They group
by ids and narrow columns only, so that indexes can answer them without reading the records'
rows, which their long texts make costly (see bench/compendium_list.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import CharField, Count, F, IntegerField, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from baraza.compendium.models import (
    EARLIEST_YEAR,
    TEXT_FIELDS,
    Attachment,
    Experience,
    ExperienceVersion,
    Label,
    Status,
)
from baraza.search import queries as search_queries
from baraza.taxonomy.models import (
    Country,
    EngagementApproach,
    EngagementLevel,
    EvidenceType,
    HealthArea,
    Phase,
    Setting,
    WHORegion,
)
from baraza.taxonomy.queries import collation_key

PAGE_SIZE = 20
MAX_VALUES = 50  # per facet: more is not a person ticking boxes
MAX_QUERY = 200
LATEST_YEAR = 2100


@dataclass(frozen=True)
class Facet:
    key: str  # the query-string parameter
    label: object  # lazy translation
    kind: str  # "m2m", "fk", "choice", "year" or "language"
    field: str = ""  # the Experience field
    model: type | None = None  # the vocabulary, for m2m and fk
    code: str = "slug"  # the vocabulary's public key


FACETS = (
    Facet("region", _("WHO region"), "choice", "who_region"),
    Facet("country", _("Country"), "m2m", "countries", Country, "code"),
    Facet("phase", _("Phase"), "m2m", "phases", Phase),
    Facet("health_area", _("Health area"), "m2m", "health_areas", HealthArea),
    Facet("approach", _("Approach"), "m2m", "approaches", EngagementApproach),
    Facet("level", _("Level of engagement"), "fk", "engagement_level", EngagementLevel),
    Facet("setting", _("Setting"), "m2m", "settings", Setting),
    Facet("evidence", _("Type of evidence"), "fk", "evidence_type", EvidenceType),
    Facet("label", _("Label"), "choice", "label"),
    Facet("year", _("Year"), "year"),
    Facet("language", _("Language"), "language"),
)

SORTS = {
    "newest": _("Newest first"),
    "title": _("Title"),
    "start": _("Start year, latest first"),
}
DEFAULT_SORT = "newest"

LANGUAGE_NAMES = {
    "en": _("In English"),
    "fr": _("In French"),
}
CHOICE_NAMES = {"region": dict(WHORegion.choices), "label": dict(Label.choices)}


# --- Reading the query string ---------------------------------------------------------------


@dataclass
class Selection:
    """The filters of a list request, checked: only known values are kept."""

    # facet key -> {value: (database id or None, English name, French name)}
    values: dict[str, dict[str, tuple]] = field(default_factory=dict)
    q: str = ""
    sort: str = DEFAULT_SORT
    problems: list[str] = field(default_factory=list)

    def chosen(self, key: str) -> list[str]:
        return list(self.values.get(key, {}))

    @property
    def active(self) -> bool:
        return bool(self.q or any(self.values.values()))

    def querydict(self, *, without: tuple[str, str] | None = None) -> QueryDict:
        """The canonical query string of this selection (known values only), optionally with
        one ``(facet, value)`` taken out: the links of the page carry no bad value along."""
        query = QueryDict(mutable=True)
        for facet in FACETS:
            values = [v for v in self.chosen(facet.key) if (facet.key, v) != without]
            if values:
                query.setlist(facet.key, values)
        if self.q and without != ("q", self.q):
            query["q"] = self.q
        if self.sort != DEFAULT_SORT:
            query["sort"] = self.sort
        return query


def _clean_values(raw: list[str]) -> list[str]:
    return list(dict.fromkeys(v.strip() for v in raw[:MAX_VALUES] if v.strip()))


def _problem(facet: Facet, value: str) -> str:
    return _("Filter “%(facet)s”: “%(value)s” is not a known value, so it was ignored.") % {
        "facet": capfirst(facet.label),
        "value": value[:40],
    }


Vocabularies = dict[str, dict[str, tuple]]  # facet key -> {value: (id, en, fr, position)}


def vocabularies() -> Vocabularies:
    """Every term of the seven vocabulary facets (about 330 rows), in one UNION query: what
    the selected values are checked against, and where the facets take their names from."""
    parts = []
    for facet in FACETS:
        if facet.kind not in ("m2m", "fk"):
            continue
        # A UNION matches columns by position: every column is an annotation, with the same
        # names in every part, so that every part selects them in the same order.
        parts.append(
            facet.model.objects.order_by()
            .annotate(
                f_facet=Value(facet.key, output_field=CharField()),
                f_value=F(facet.code),
                f_pk=F("pk"),
                f_en=F("name_en"),
                f_fr=F("name_fr"),
                f_position=F("position") if facet.code == "slug" else Value(0),
            )
            .values_list("f_facet", "f_value", "f_pk", "f_en", "f_fr", "f_position")
        )
    found: Vocabularies = {}
    for key, value, pk, en, fr, position in parts[0].union(*parts[1:], all=True):
        found.setdefault(key, {})[value] = (pk, en, fr, position)
    return found


def parse(params: QueryDict, vocabularies: Vocabularies) -> Selection:
    """Check the query string against the vocabularies (see ``vocabularies()``)."""
    selection = Selection()
    for facet in FACETS:
        known: dict[str, tuple] = {}
        for value in _clean_values(params.getlist(facet.key)):
            if facet.kind in ("m2m", "fk"):
                wanted = value.upper() if facet.code == "code" else value.lower()
                term = vocabularies.get(facet.key, {}).get(wanted)
                found = None if term is None else (wanted, *term[:3])
            else:
                found = _simple_value(facet, value)
            if found is None:
                selection.problems.append(_problem(facet, value))
            else:
                known[found[0]] = found[1:]
        if known:
            selection.values[facet.key] = known
    selection.q = " ".join(params.get("q", "").split())[:MAX_QUERY]
    sort = params.get("sort", "")
    if sort in SORTS:
        selection.sort = sort
    elif sort:
        selection.problems.append(
            _("There is no sort order “%(value)s”: the newest records come first.")
            % {"value": sort[:40]}
        )
    return selection


def _simple_value(facet: Facet, value: str) -> tuple | None:
    """(value, id, English name, French name) of a value of a facet that needs no lookup."""
    if facet.kind == "choice":
        value = value.upper() if facet.key == "region" else value.lower()
        name = CHOICE_NAMES[facet.key].get(value)
        return None if name is None else (value, None, name, name)
    if facet.kind == "year":
        if (
            not (value.isascii() and value.isdigit())
            or not EARLIEST_YEAR <= int(value) <= LATEST_YEAR
        ):
            return None
        return (str(int(value)), None, str(int(value)), str(int(value)))
    if facet.kind == "language":
        value = value.lower()
        name = LANGUAGE_NAMES.get(value)
        return None if name is None else (value, None, name, name)
    return None


# --- Filtering -------------------------------------------------------------------------------


def _through(facet: Facet):
    """The m2m table of a facet and the name of its vocabulary column (``phase_id``...)."""
    field_ = Experience._meta.get_field(facet.field)
    return field_.remote_field.through, f"{field_.m2m_reverse_field_name()}_id"


def _year_q(year: int) -> Q:
    ran = Q(start_year__lte=year) & (
        Q(end_year__gte=year) | Q(end_year__isnull=True, start_year=year)
    )
    if year <= timezone.now().year:
        ran |= Q(start_year__lte=year, ongoing=True)
    return ran


def available_in(language: str) -> Q:
    """Records that can be read in ``language``: written in it, or translated into it (a
    translation starts with the title). Only narrow columns, so an index can answer it."""
    return Q(original_language=language) | ~Q(**{f"title_{language}": ""})


def _facet_q(facet: Facet, values: dict[str, tuple]) -> Q:
    if facet.kind == "m2m":
        through, column = _through(facet)
        ids = [term[0] for term in values.values()]
        return Q(pk__in=through.objects.filter(**{f"{column}__in": ids}).values("experience_id"))
    if facet.kind == "fk":
        return Q(**{f"{facet.field}_id__in": [term[0] for term in values.values()]})
    if facet.kind == "choice":
        return Q(**{f"{facet.field}__in": list(values)})
    combined = Q()
    for value in values:
        combined |= _year_q(int(value)) if facet.kind == "year" else available_in(value)
    return combined


def _text_q(q: str) -> Q:
    """Records whose published text has the words of ``q``, as the site's search finds them
    (either language, any accents, English and French stems); no filter for a ``q`` with no
    word in it."""
    matching = search_queries.public_matches("experience", q)
    return Q() if matching is None else Q(identifier__in=matching)


def _filtered(selection: Selection, *, except_facet: str | None = None) -> QuerySet[Experience]:
    records = Experience.objects.filter(status=Status.PUBLISHED)
    for facet in FACETS:
        values = selection.values.get(facet.key)
        if values and facet.key != except_facet:
            records = records.filter(_facet_q(facet, values))
    if selection.q:
        records = records.filter(_text_q(selection.q))
    return records


def _sorted(records: QuerySet[Experience], sort: str) -> QuerySet[Experience]:
    if sort == "title":
        language = reader_language()
        other = "en" if language == "fr" else "fr"
        title = Lower(Coalesce(NullIf(f"title_{language}", Value("")), f"title_{other}"))
        return records.order_by(title, "pk")
    if sort == "start":
        return records.order_by(Coalesce("start_year", Value(0)).desc(), "-published_at", "-pk")
    return records.order_by("-published_at", "-pk")


def published_filtered(params: QueryDict) -> QuerySet[Experience]:
    """Published records matching the list's query string, in its sort order; values that
    are not known are ignored (``parse`` reports them)."""
    selection = parse(params, vocabularies())
    return _sorted(_filtered(selection), selection.sort)


# --- Facet counts ----------------------------------------------------------------------------


@dataclass
class FacetValue:
    value: str
    name: str
    count: int
    selected: bool


@dataclass
class FacetGroup:
    key: str
    label: object
    values: list[FacetValue]

    @property
    def selected(self) -> int:
        return sum(1 for v in self.values if v.selected)


def reader_language() -> str:
    language = (get_language() or "en")[:2]
    return language if language in ("en", "fr") else "en"


def _unfiltered(selection: Selection, *, except_facet: str) -> bool:
    return not selection.q and not any(
        values for key, values in selection.values.items() if key != except_facet
    )


def _all_but_hidden(through, column: str) -> list[tuple[int, int]]:
    """(term id, published records) of a whole m2m table: every link, less those of the few
    records that are not public. Both counts run on the table's indexes alone, in one query,
    where "the links of published records" would look up every link's record."""
    others = [status for status in Status.values if status != Status.PUBLISHED]
    hidden = Experience.objects.filter(status__in=others).values("pk")  # the status index
    every = through.objects.values_list(column).annotate(
        n=Count("pk"), minus=Value(0, output_field=IntegerField())
    )
    less = (
        through.objects.filter(experience_id__in=hidden)
        .values_list(column)
        .annotate(n=Value(0, output_field=IntegerField()), minus=Count("pk"))
    )
    totals: Counter[int] = Counter()
    for pk, n, minus in every.order_by().union(less.order_by(), all=True):
        totals[pk] += n - minus
    return list(totals.items())


def _counts(facet: Facet, selection: Selection, vocabularies: Vocabularies) -> dict[str, tuple]:
    """{value: (count, English name, French name, position)} for one facet: one query, which
    groups by the vocabulary's id only (the names come from ``vocabularies``) so that it can
    run on indexes alone."""
    records = _filtered(selection, except_facet=facet.key)
    if facet.kind in ("m2m", "fk"):
        if facet.kind == "m2m":
            through, column = _through(facet)
            if _unfiltered(selection, except_facet=facet.key):
                rows = _all_but_hidden(through, column)
            else:
                rows = (
                    through.objects.filter(experience_id__in=records.values("pk"))
                    .values_list(column)
                    .annotate(n=Count("pk"))
                    .order_by()
                )
        else:
            column = f"{facet.field}_id"
            rows = (
                records.exclude(**{f"{column}__isnull": True})
                .values_list(column)
                .annotate(n=Count("pk"))
                .order_by()
            )
        terms = {term[0]: (value, *term[1:]) for value, term in vocabularies[facet.key].items()}
        counts: dict[str, tuple] = {}
        for pk, n in rows:
            if pk in terms and n:
                value, en, fr, position = terms[pk]
                counts[value] = (n, en, fr, position)
        return counts
    if facet.kind == "choice":
        names = CHOICE_NAMES[facet.key]
        order = list(names)
        rows = records.exclude(**{facet.field: ""}).values_list(facet.field).annotate(n=Count("pk"))
        return {
            value: (n, names.get(value, value), names.get(value, value), _index(order, value))
            for value, n in rows.order_by()
        }
    if facet.kind == "year":
        return _year_counts(records)
    both = records.aggregate(
        en=Count("pk", filter=available_in("en")), fr=Count("pk", filter=available_in("fr"))
    )
    return {
        code: (both[code], LANGUAGE_NAMES[code], LANGUAGE_NAMES[code], i)
        for i, code in enumerate(("en", "fr"))
        if both[code]
    }


def _index(order: list, value) -> int:
    return order.index(value) if value in order else len(order)


def _year_counts(records: QuerySet[Experience]) -> dict[str, tuple]:
    """Records per year they ran, from one GROUP BY over (start, end, ongoing): the spans are
    few, whatever the number of records."""
    now = timezone.now().year
    years: Counter[int] = Counter()
    spans = (
        records.exclude(start_year__isnull=True)
        .values_list("start_year", "end_year", "ongoing")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for start, end, ongoing, n in spans:
        last = max(end or start, now) if ongoing else (end or start)
        for year in range(start, last + 1):
            years[year] += n
    return {str(y): (n, str(y), str(y), -y) for y, n in years.items()}


def facets(selection: Selection, vocabularies: Vocabularies) -> list[FacetGroup]:
    """Every facet with its values' counts (see the module's docstring for their meaning).

    Values with no record are left out, unless they are selected.
    """
    french = reader_language() == "fr"
    groups = []
    for facet in FACETS:
        chosen = selection.values.get(facet.key, {})
        counts = _counts(facet, selection, vocabularies)
        for value, (_pk, en, fr) in chosen.items():
            counts.setdefault(value, (0, en, fr, -1))
        values = [
            FacetValue(value, str(fr if french and fr else en), n, value in chosen)
            for value, (n, en, fr, _position) in counts.items()
        ]
        if facet.key == "country":
            values.sort(key=lambda v: collation_key(v.name))
        else:
            positions = {value: row[3] for value, row in counts.items()}
            values.sort(key=lambda v: (positions[v.value], v.value))
        groups.append(FacetGroup(facet.key, facet.label, values))
    return groups


# --- The list page ---------------------------------------------------------------------------

LIST_FIELDS = (
    "pk",
    "identifier",
    "original_language",
    "title_en",
    "title_fr",
    "summary_en",
    "summary_fr",
    "label",
    "engagement_level",
    "start_year",
    "end_year",
    "ongoing",
    "published_at",
)


def for_list(records: QuerySet[Experience]) -> QuerySet[Experience]:
    """What a result card shows, loaded up front: the countries, phases and level."""
    return (
        records.select_related("engagement_level")
        .only(
            *LIST_FIELDS,
            "engagement_level__slug",
            "engagement_level__name_en",
            "engagement_level__name_fr",
        )
        .prefetch_related(
            Prefetch("countries", Country.objects.only("pk", "code", "name_en", "name_fr")),
            Prefetch("phases", Phase.objects.only("pk", "slug", "position", "name_en", "name_fr")),
        )
    )


@dataclass
class Browse:
    selection: Selection
    records: QuerySet[Experience]
    facets: list[FacetGroup]


def browse(params: QueryDict) -> Browse:
    """The list page: the checked selection, the sorted records (to paginate) with what the
    cards show, and the facet counts."""
    terms = vocabularies()
    selection = parse(params, terms)
    records = for_list(_sorted(_filtered(selection), selection.sort))
    return Browse(selection=selection, records=records, facets=facets(selection, terms))


# --- A record ------------------------------------------------------------------------------


def experience_by_identifier(identifier: str) -> Experience | None:
    """The record with this identifier (``ce-2026-0042`` finds ``CE-2026-0042``), without its
    long texts: its pages show the published versions' copies of them."""
    long_texts = (f"{name}_{lang}" for name in TEXT_FIELDS[2:] for lang in ("en", "fr"))
    return Experience.objects.filter(identifier=identifier.upper()).defer(*long_texts).first()


def version_of(experience: Experience, number: int) -> ExperienceVersion | None:
    return experience.versions.filter(number=number).select_related("criteria_set").first()


def cite_identifiers(experience: Experience) -> list[str]:
    """``CE-2026-0042.v1``, ``.v2``...: what the tombstone of a withdrawn record lists."""
    numbers = experience.versions.order_by("number").values_list("number", flat=True)
    return [f"{experience.identifier}.v{n}" for n in numbers]


def related_records(identifiers: list[str]) -> dict[str, Experience]:
    """The public records (published or withdrawn) among ``identifiers``, by identifier."""
    if not identifiers:
        return {}
    found = Experience.objects.filter(
        identifier__in=identifiers, status__in=(Status.PUBLISHED, Status.WITHDRAWN)
    ).only("pk", "identifier", "status", "original_language", "title_en", "title_fr")
    return {e.identifier: e for e in found}


def public_data(datas: list[dict]) -> list[dict]:
    """Versions' frozen records as the public may read them: relations to records that are
    not public (drafts, records in curation, declined ones) are left out. One query for all
    of ``datas``; the frozen dicts themselves are never changed."""
    wanted = {r.get("identifier") for d in datas for r in d.get("relations") or []}
    if not wanted:
        return list(datas)
    public = set(related_records(sorted(i for i in wanted if isinstance(i, str))))
    return [without_private_relations(d, public) for d in datas]


def public_identifiers() -> set[str]:
    """Every public record's identifier (published, or withdrawn with a tombstone), for
    readers of many versions at once (exports, edition files)."""
    return set(
        Experience.objects.filter(status__in=(Status.PUBLISHED, Status.WITHDRAWN)).values_list(
            "identifier", flat=True
        )
    )


def without_private_relations(data: dict, public: set[str]) -> dict:
    relations = data.get("relations") or []
    kept = [r for r in relations if r.get("identifier") in public]
    return data if len(kept) == len(relations) else {**data, "relations": kept}


def level_description(slug: str) -> str:
    """The IAP2 description of an engagement level, as the vocabulary has it today."""
    level = EngagementLevel.objects.filter(slug=slug).first()
    return level.description if level else ""


def attachments_of(experience: Experience) -> list[Attachment]:
    return list(experience.attachments.all())


def related_resources(user, experience: Experience):
    """The library resources linked to the record that ``user`` may read."""
    from baraza.library.queries import readable_by

    return (
        readable_by(user)
        .filter(pk__in=experience.related_resources.values("pk"))
        .only("pk", "title")
        .order_by("title")
    )


def attachment(experience: Experience, pk: int) -> Attachment | None:
    return experience.attachments.filter(pk=pk).first()
