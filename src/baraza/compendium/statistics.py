"""The statistics page: published experiences counted six ways, drawn on the server as SVG.

Charts: by WHO region, phase, approach, level of engagement, type of evidence, and by the
year the experience started (records without a start year are not in that chart). An
experience in several phases (or with several approaches) counts once in each. Only
published records count: drafts, records under review and withdrawn ones never do.

Queries: one for the vocabularies' names (``queries.vocabularies``), one GROUP BY per chart and
one for the total, whatever the number of records. The bars' geometry is computed here, so the
template only writes out numbers (the year chart's columns come from ``reports.charts``); each
chart also comes as an HTML table and a CSV file.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from baraza.compendium import queries
from baraza.compendium.models import Experience, Status
from baraza.reports import charts
from baraza.reports.exports import BOM, formula_safe
from baraza.taxonomy.models import WHORegion

WIDTH = 640  # the SVG's user units; it scales to the page's width
ROW = 38  # a horizontal bar's row: its label, then the bar
BAR = 14
COUNT_SPACE = 48  # room right of the longest bar for its count


@dataclass(frozen=True)
class Spec:
    key: str
    title: object  # lazy translations
    column: object
    filename: object
    kind: str  # "choice", "m2m", "fk" or "year"
    field: str = ""


CHARTS = (
    Spec(
        "region",
        _("Experiences by WHO region"),
        _("WHO region"),
        _("experiences-by-who-region"),
        "choice",
        "who_region",
    ),
    Spec(
        "phase", _("Experiences by phase"), _("Phase"), _("experiences-by-phase"), "m2m", "phases"
    ),
    Spec(
        "approach",
        _("Experiences by community engagement approach"),
        _("Approach"),
        _("experiences-by-approach"),
        "m2m",
        "approaches",
    ),
    Spec(
        "level",
        _("Experiences by level of engagement"),
        _("Level of engagement"),
        _("experiences-by-level-of-engagement"),
        "fk",
        "engagement_level",
    ),
    Spec(
        "evidence",
        _("Experiences by type of evidence"),
        _("Type of evidence"),
        _("experiences-by-type-of-evidence"),
        "fk",
        "evidence_type",
    ),
    Spec(
        "year",
        _("Experiences by the year they started"),
        _("Start year"),
        _("experiences-by-start-year"),
        "year",
        "start_year",
    ),
)
SPECS = {spec.key: spec for spec in CHARTS}


@dataclass(frozen=True)
class Row:
    value: str  # the slug, region code or year: the list page's filter value
    name: str
    count: int


@dataclass(frozen=True)
class Bar:
    name: str
    count: int
    title: str  # "Response: 3 experiences", the bar's tooltip and accessible name
    x: float
    y: float
    width: float
    height: int
    label_x: float
    label_y: float
    count_x: float
    count_y: float


@dataclass
class Chart:
    spec: Spec
    rows: list[Row]  # the data table and the CSV: values with experiences only
    bars: list[Bar] = field(default_factory=list)
    width: int = WIDTH
    height: int = 0
    svg: str = ""  # the year chart, drawn whole by reports.charts

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def title(self):
        return self.spec.title

    @property
    def vertical(self) -> bool:
        return self.spec.kind == "year"

    @property
    def linkable(self) -> bool:
        """Whether a row can link to the list filtered on it (the list's ``year`` filter
        means "ran that year", not "started that year")."""
        return self.spec.kind != "year"


# --- Counting -------------------------------------------------------------------------------


def _published():
    return Experience.objects.filter(status=Status.PUBLISHED).order_by()


def _rows(spec: Spec, terms: queries.Vocabularies, language: str) -> list[Row]:
    """One GROUP BY: the published experiences per value of ``spec``'s field."""
    french = language == "fr"
    if spec.kind == "choice":
        counts = dict(
            _published().exclude(who_region="").values_list("who_region").annotate(n=Count("pk"))
        )
        return [
            Row(code, str(name), counts[code])
            for code, name in WHORegion.choices
            if counts.get(code)
        ]
    if spec.kind == "year":
        counts = (
            _published()
            .exclude(start_year__isnull=True)
            .values_list("start_year")
            .annotate(n=Count("pk"))
        )
        return [Row(str(year), str(year), n) for year, n in sorted(counts)]
    if spec.kind == "m2m":
        through, column = queries._through(queries.Facet(spec.key, "", "m2m", spec.field))
        counts = dict(
            through.objects.filter(experience__status=Status.PUBLISHED)
            .order_by()
            .values_list(column)
            .annotate(n=Count("experience_id", distinct=True))
        )
    else:
        column = f"{spec.field}_id"
        counts = dict(
            _published()
            .exclude(**{f"{column}__isnull": True})
            .values_list(column)
            .annotate(n=Count("pk"))
        )
    vocabulary = sorted(terms.get(spec.key, {}).items(), key=lambda item: (item[1][3], item[0]))
    return [
        Row(slug, (fr if french and fr else en), counts[pk])
        for slug, (pk, en, fr, _position) in vocabulary
        if counts.get(pk)
    ]


def _title(name: str, count: int) -> str:
    return ngettext("%(name)s: %(count)s experience", "%(name)s: %(count)s experiences", count) % {
        "name": name,
        "count": count,
    }


# --- Drawing --------------------------------------------------------------------------------


def _horizontal(chart: Chart) -> None:
    """One row per value: its name, then a bar as long as its count, the count after it."""
    highest = max((row.count for row in chart.rows), default=0) or 1
    room = WIDTH - COUNT_SPACE
    for i, row in enumerate(chart.rows):
        top = i * ROW
        width = max(2, round(row.count * room / highest))
        chart.bars.append(
            Bar(
                name=row.name,
                count=row.count,
                title=_title(row.name, row.count),
                x=0,
                y=top + 18,
                width=width,
                height=BAR,
                label_x=0,
                label_y=top + 14,
                count_x=width + 6,
                count_y=top + 30,
            )
        )
    chart.height = len(chart.rows) * ROW + 4


def _columns(chart: Chart) -> None:
    """The year chart: a column per year from the first to the last (years without any
    experience stay empty), drawn by the reports' small chart module."""
    if not chart.rows:
        return
    counts = {int(row.value): row.count for row in chart.rows}
    years = list(range(min(counts), max(counts) + 1))
    chart.svg = charts.bar_chart(
        chart_id=f"chart-{chart.key}",
        title=str(chart.title),
        description=gettext_now(
            "Published experiences by the year they started, from %(first)s to %(last)s. "
            "The table below gives the same figures."
        )
        % {"first": years[0], "last": years[-1]},
        labels=[str(year) for year in years],
        values=[counts.get(year, 0) for year in years],
    )


def build(spec: Spec, rows: list[Row]) -> Chart:
    chart = Chart(spec=spec, rows=rows)
    (_columns if chart.vertical else _horizontal)(chart)
    return chart


# --- What the views use ---------------------------------------------------------------------


@dataclass
class Statistics:
    total: int
    charts: list[Chart]


def statistics(language: str) -> Statistics:
    """Every chart, in ``language``: eight queries."""
    terms = queries.vocabularies()
    charts = [build(spec, _rows(spec, terms, language)) for spec in CHARTS]
    return Statistics(total=_published().count(), charts=charts)


def chart_rows(key: str, language: str) -> list[Row]:
    """One chart's rows (``key`` from ``SPECS``), for its CSV file."""
    spec = SPECS[key]
    terms = queries.vocabularies() if spec.kind in ("m2m", "fk") else {}
    return _rows(spec, terms, language)


def csv_text(key: str, language: str) -> str:
    """A chart's figures as CSV, like the exports (a byte-order mark, no formulas): a header in
    the reader's language, then one row per value: its code, its name and its count."""
    spec = SPECS[key]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([str(_("Code")), str(spec.column), str(_("Published experiences"))])
    for row in chart_rows(key, language):
        writer.writerow([row.value, formula_safe(row.name), row.count])
    return BOM + out.getvalue()
