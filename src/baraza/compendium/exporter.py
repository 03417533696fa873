"""Export published records as JSON, CSV or XLSX: what the web export and
``baraza export-experiences`` write, and what ``baraza import-experiences`` reads back.

Each record is exported as its latest published version, i.e. exactly what its page shows and
what is cited: the version's frozen ``data`` (see ``snapshot.py``: identifier, version, label,
text in both languages, terms with their slug and both names...), plus its ``external_key``,
the key that matches it again on import (see ``docs/compendium-import.md``).

- **JSON**: an array of those objects, UTF-8.
- **CSV / XLSX**: one row per record, the columns of ``COLUMNS``. Lists are joined with
  ``" | "``; vocabulary columns hold the slugs, followed by two columns of the terms' English and
  French names; ``references`` and ``relations`` hold JSON. The CSV is UTF-8 with a byte-order
  mark (so spreadsheets read accents), and a text that a spreadsheet would run as a formula is
  prefixed with an apostrophe, which the importer takes off again.

The records are read in one query (the version's data comes from a subquery), streamed in
chunks, whatever their number.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import JSONField, OuterRef, QuerySet, Subquery
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from baraza.compendium import queries
from baraza.compendium.models import TEXT_FIELDS, Experience, ExperienceVersion
from baraza.reports.exports import BOM, formula_safe

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
LIST_SEPARATOR = " | "
CHUNK = 500

# Vocabulary fields, in the order of the columns: lists of terms and single terms.
TERM_FIELDS = (
    "settings",
    "phases",
    "health_areas",
    "approaches",
    "engagement_level",
    "population_groups",
    "partner_types",
    "evidence_type",
)
SINGLE_TERMS = ("engagement_level", "evidence_type")
TEXT_COLUMNS = tuple(f"{field}_{language}" for field in TEXT_FIELDS for language in ("en", "fr"))


def _with_names(field: str) -> tuple[str, ...]:
    return (field, f"{field}_en", f"{field}_fr")


COLUMNS: tuple[str, ...] = (
    "external_key",
    "identifier",
    "version",
    "label",
    "criteria_set_version",
    "original_language",
    *TEXT_COLUMNS,
    *_with_names("countries"),
    "who_region",
    "subnational_area",
    *(column for field in TERM_FIELDS for column in _with_names(field)),
    "start_year",
    "end_year",
    "ongoing",
    "cost_amount",
    "cost_currency",
    "cost_notes",
    "licence",
    "contact_name",
    "contact_email",
    "contact_organisation",
    "contact_consent",
    "references",
    "relations",
)
# Columns an export writes for people to read, which an import does not read back.
EXPORT_ONLY = frozenset(
    {
        "identifier",
        "version",
        "criteria_set_version",
        "relations",
        *(
            f"{field}_{language}"
            for field in ("countries", *TERM_FIELDS)
            for language in ("en", "fr")
        ),
    }
)


def site_key(identifier: str) -> str:
    """The import key of a record born on this site (not imported): ``<site host>/<identifier>``.

    Importing it on the same site matches the record with that identifier; on another site it
    is just a key, so an export moved between sites never lands on an unrelated record."""
    return f"{urlsplit(settings.SITE_URL).netloc}/{identifier}"


def records(experiences: QuerySet[Experience]) -> Iterator[dict]:
    """The latest published version of each record, with its import key first, in the order
    of ``experiences``: one query, read in chunks."""
    latest = ExperienceVersion.objects.filter(
        experience=OuterRef("pk"), number=OuterRef("version_number")
    ).values("data")[:1]
    rows = (
        experiences.filter(version_number__gt=0)
        .annotate(version_data=Subquery(latest, output_field=JSONField()))
        .values_list("identifier", "external_key", "version_data")
    )
    public = None
    for identifier, key, data in rows.iterator(chunk_size=CHUNK):
        if data is not None:
            if data.get("relations"):
                public = queries.public_identifiers() if public is None else public
                data = queries.without_private_relations(data, public)
            yield {"external_key": key or site_key(identifier), **data}


# --- Flattening ------------------------------------------------------------------------------


def _names(terms: list[dict], key: str) -> str:
    return LIST_SEPARATOR.join(t[key] for t in terms)


def flatten(record: dict) -> dict:
    """One exported record as the cells of a CSV/XLSX row (Python values)."""
    row: dict = {
        "external_key": record["external_key"],
        "identifier": record["identifier"],
        "version": record.get("version"),
        "label": record.get("label", ""),
        "criteria_set_version": record.get("criteria_set_version"),
        "original_language": record["original_language"],
    }
    for field in TEXT_FIELDS:
        for language in ("en", "fr"):
            row[f"{field}_{language}"] = record["text"][field][language]
    countries = record["countries"]
    row["countries"] = _names(countries, "code")
    row["countries_en"] = _names(countries, "en")
    row["countries_fr"] = _names(countries, "fr")
    row["who_region"] = record["who_region"]
    row["subnational_area"] = record["subnational_area"]
    for field in TERM_FIELDS:
        if field in SINGLE_TERMS:
            continue
        terms = record.get(field) or []
        row[field] = _names(terms, "slug")
        row[f"{field}_en"] = _names(terms, "en")
        row[f"{field}_fr"] = _names(terms, "fr")
    for field in SINGLE_TERMS:
        term = record.get(field) or {"slug": "", "en": "", "fr": ""}
        row[field], row[f"{field}_en"], row[f"{field}_fr"] = term["slug"], term["en"], term["fr"]
    row["start_year"] = record["start_year"]
    row["end_year"] = record["end_year"]
    row["ongoing"] = record["ongoing"]
    cost = record.get("cost") or {"amount": None, "currency": "", "notes": ""}
    row["cost_amount"], row["cost_currency"], row["cost_notes"] = (
        cost["amount"],
        cost["currency"],
        cost["notes"],
    )
    row["licence"] = record["licence"]
    contact = record.get("contact")
    row["contact_name"] = contact["name"] if contact else ""
    row["contact_email"] = contact["email"] if contact else ""
    row["contact_organisation"] = contact["organisation"] if contact else ""
    row["contact_consent"] = contact is not None
    row["references"] = json.dumps(record["references"], ensure_ascii=False)
    row["relations"] = json.dumps(record.get("relations", []), ensure_ascii=False)
    return row


# --- Writing ---------------------------------------------------------------------------------


def json_chunks(items: Iterable[dict]) -> Iterator[str]:
    """A JSON array, one record per chunk."""
    yield "["
    for i, record in enumerate(items):
        yield ("," if i else "") + "\n" + json.dumps(record, ensure_ascii=False, indent=1)
    yield "\n]\n"


class _Line:
    """A file-like object whose ``write`` returns what it was given (for csv.writer)."""

    def write(self, value: str) -> str:
        return value


def csv_cell(value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return formula_safe(value)
    return value


def csv_chunks(items: Iterable[dict]) -> Iterator[str]:
    """The CSV file: a byte-order mark and the header, then one row per chunk."""
    writer = csv.writer(_Line())
    yield BOM + writer.writerow(COLUMNS)
    for record in items:
        row = flatten(record)
        yield writer.writerow([csv_cell(row[column]) for column in COLUMNS])


def _xlsx_cell(sheet, value):
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # never a formula, whatever the text starts with
        return cell
    return value


def write_xlsx(items: Iterable[dict], out) -> None:
    """The XLSX workbook (one sheet, "experiences"), written to the binary file ``out``."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("experiences")
    sheet.freeze_panes = "A2"
    sheet.append(COLUMNS)
    for record in items:
        row = flatten(record)
        sheet.append([_xlsx_cell(sheet, row[column]) for column in COLUMNS])
    workbook.save(out)


def xlsx_bytes(items: Iterable[dict]) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(items, buffer)
    return buffer.getvalue()
