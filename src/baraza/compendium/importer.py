"""Import experiences from JSON, CSV or XLSX, all or nothing (``baraza import-experiences``).

The formats, columns and rules are documented for curators in ``docs/compendium-import.md``.
In short:

1. **Read** the file into rows. JSON is an array of records, each either in the shape of the
   demo data set (``ce-experiences-demo.json``) or in the shape the export writes (a version
   snapshot); CSV and XLSX have one row per record and the columns of ``exporter.COLUMNS``.
2. **Validate** every row, writing nothing: types, vocabulary terms (by slug, English or French
   name, ignoring case and accents), countries, the WHO region, the model's own field rules and
   the screening checks of a submission. Every problem is kept, with its row and field.
3. **Match** each row to a record by its key (an ``external_key``/``id`` column, else one
   derived from the title) and compare: new, changed, or unchanged.
4. **Write**, only if no row has a problem, in one transaction: new records through
   ``services.create_experience`` (source "import") and ``services.publish_directly``;
   changed ones through ``services.publish_edit`` ("Updated by import"). A dry run stops
   after step 3.

The curator running the import confirms the submission checklist (consent, safeguarding, the
right to share) for the new records of a file that has no checklist columns.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from baraza.compendium import exporter, screening, services
from baraza.compendium.models import Experience, Label, Licence, Reference, Source, Status
from baraza.compendium.policies import Compendium
from baraza.core import audit
from baraza.core.policies import Refused, require
from baraza.reports.exports import FORMULA_STARTS
from baraza.taxonomy.models import (
    Country,
    EngagementApproach,
    EngagementLevel,
    EvidenceType,
    HealthArea,
    PartnerType,
    Phase,
    PopulationGroup,
    Setting,
    WHORegion,
)

FORMATS = ("json", "csv", "xlsx")
UPDATE_NOTE = "Updated by import"
CREATE_NOTE = "Imported"
MAX_KEY = 200
CHUNK = 500

VOCABULARIES = {
    "settings": Setting,
    "phases": Phase,
    "health_areas": HealthArea,
    "approaches": EngagementApproach,
    "population_groups": PopulationGroup,
    "partner_types": PartnerType,
    "engagement_level": EngagementLevel,
    "evidence_type": EvidenceType,
}
SINGLE_TERMS = ("engagement_level", "evidence_type")
TERM_LISTS = tuple(f for f in VOCABULARIES if f not in SINGLE_TERMS)
M2M = ("countries", *TERM_LISTS)
CHECKLIST = ("consent_confirmed", "safeguarding_confirmed", "rights_confirmed")
BOOLEANS = ("ongoing", "contact_consent", *CHECKLIST)
INTEGERS = ("start_year", "end_year")
PLAIN = (
    "subnational_area",
    "cost_currency",
    "cost_notes",
    "contact_name",
    "contact_email",
    "contact_organisation",
)
REFERENCE_FIELDS = ("title", "publisher", "year", "doi", "url")
# Other spellings of terms, beyond each term's slug and names (compared after ``normalise``).
ALIASES = {
    "approaches": {
        "community health workers/volunteers": "chws-volunteers",
        "women's groups using participatory learning and action": "womens-groups-pla",
    },
    "partner_types": {
        "UN agency": "un-agency",
        "academic institution": "academic",
        "research institution": "academic",
    },
    "evidence_type": {
        "programme monitoring": "programme-monitoring",
        "before-after study": "before-after",
        "cluster RCT": "cluster-rct",
    },
    "health_areas": {"TB": "tuberculosis", "NCDs": "ncds"},
}

# The demo data set's keys, and the fields they fill.
DEMO_KEYS = {
    "title_en": "title_en",
    "title_fr": "title_fr",
    "country": "countries",
    "countries": "countries",
    "who_region": "who_region",
    "setting": "settings",
    "phase": "phases",
    "health_areas": "health_areas",
    "ce_approaches": "approaches",
    "engagement_level": "engagement_level",
    "population_groups": "population_description_en",
    "implementing_partners": "partner_types",
    "start_year": "start_year",
    "end_year": "end_year",
    "summary_en": "summary_en",
    "summary_fr": "summary_fr",
    "what_was_done_en": "what_was_done_en",
    "outcomes_en": "outcomes_en",
    "lessons_learned_en": "lessons_learned_en",
    "challenges_en": "challenges_en",
    "evidence_type": "evidence_type",
    "references": "references",
    "language_of_record": "original_language",
}
DEMO_OPTIONAL = {"countries", "external_key", "id"}
# The export's JSON keys that an import does not read back.
EXPORT_IGNORED = {"schema", "identifier", "version", "translation_status", "relations"}
EXPORT_IGNORED |= {"attachments", "criteria_set_version"}

IMPORTED_COLUMNS = frozenset(
    {"id", *CHECKLIST, *(c for c in exporter.COLUMNS if c not in exporter.EXPORT_ONLY)}
)
KNOWN_COLUMNS = IMPORTED_COLUMNS | exporter.EXPORT_ONLY


class Bad(Exception):
    """A value that cannot be used; the message says why."""


@dataclass(frozen=True)
class Problem:
    row: int | None  # the record's row (CSV/XLSX: the sheet's row; JSON: its position); None
    field: str  # the column or key, as the file names it; "" for the whole row or file
    message: str

    def __str__(self) -> str:
        where = [str(_("row %(n)d") % {"n": self.row})] if self.row else []
        if self.field:
            where.append(self.field)
        if not where:
            return str(self.message)
        return str(
            _("%(where)s: %(message)s") % {"where": ", ".join(where), "message": self.message}
        )


@dataclass
class Row:
    number: int
    cells: dict  # field -> raw value
    typed: bool  # JSON values (strict types) rather than spreadsheet cells
    names: dict = field(default_factory=dict)  # field -> the file's name for it
    bad: set = field(default_factory=set)  # fields with a problem already reported


@dataclass
class Candidate:
    row: int
    key: str
    title: str
    values: dict
    label: str = ""
    given_language: bool = True
    bad: set[str] = field(default_factory=set)  # fields with a problem already reported
    existing: Experience | None = None
    action: str = "create"  # create, update, unchanged or withdrawn


@dataclass
class Result:
    name: str
    format: str
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False

    def by_action(self, action: str) -> list[Candidate]:
        return [c for c in self.candidates if c.action == action]

    @property
    def ok(self) -> bool:
        return not self.problems


# --- Reading ---------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise Bad(
            _(
                "The file is not UTF-8 text (byte 0x%(byte)02X on line %(line)d). Save it as "
                "UTF-8 (in a spreadsheet: “CSV UTF-8”) and import it again."
            )
            % {"byte": data[exc.start], "line": line}
        ) from exc


def _read_json(data: bytes) -> list[Row]:
    try:
        items = json.loads(_decode(data))
    except json.JSONDecodeError as exc:
        raise Bad(
            _("This is not valid JSON (line %(line)d, column %(column)d): %(error)s.")
            % {"line": exc.lineno, "column": exc.colno, "error": exc.msg}
        ) from exc
    if not isinstance(items, list):
        raise Bad(_("The JSON file must hold an array of records."))
    return [Row(number=i, cells=item, typed=True) for i, item in enumerate(items, start=1)]


def _read_csv(data: bytes) -> list[list]:
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _read_xlsx(data: bytes) -> tuple[list[list], list[Problem]]:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise Bad(_("This is not an XLSX workbook.")) from exc
    sheet = workbook.worksheets[0]
    rows, formulas = [], []
    for r, cells in enumerate(sheet.iter_rows(), start=1):
        values = []
        for c, cell in enumerate(cells, start=1):
            if cell.data_type == "f":
                formulas.append((r, c, f"{get_column_letter(c)}{r}", str(cell.value)[:60]))
                values.append(None)
            else:
                values.append(cell.value)
        rows.append(values)
    workbook.close()
    header = [str(v).strip().lower() if v is not None else "" for v in (rows[0] if rows else [])]
    problems = [
        Problem(
            r,
            header[c - 1] if c <= len(header) else "",
            _(
                "Cell %(cell)s holds a formula (%(formula)s): formulas are not accepted. Replace "
                "it with its value."
            )
            % {"cell": coordinate, "formula": formula},
        )
        for r, c, coordinate, formula in formulas
    ]
    return rows, problems


def _sheet_rows(table: list[list], problems: list[Problem]) -> list[Row]:
    """Rows of a CSV or XLSX sheet whose first row names the columns."""
    if not table:
        raise Bad(_("The file is empty."))
    header = [str(v).strip().lower() if v is not None else "" for v in table[0]]
    seen = set()
    for name in header:
        if name and name not in KNOWN_COLUMNS:
            problems.append(Problem(1, name, _("Unknown column.")))
        elif name in seen:
            problems.append(Problem(1, name, _("This column appears twice.")))
        seen.add(name)
    rows = []
    for number, values in enumerate(table[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        if len(values) > len(header) and any(
            v is not None and str(v).strip() for v in values[len(header) :]
        ):
            problems.append(Problem(number, "", _("This row has more cells than the header.")))
            continue
        cells = {
            name: _unescape(value)
            for name, value in zip(header, values, strict=False)
            if name in IMPORTED_COLUMNS
        }
        rows.append(Row(number=number, cells=cells, typed=False))
    return rows


def _unescape(value):
    """Take off the apostrophe the export puts before a text that looks like a formula."""
    if isinstance(value, str) and value[:1] == "'" and value[1:2] in FORMULA_STARTS:
        return value[1:]
    return value


def read(data: bytes, fmt: str, problems: list[Problem]) -> list[Row]:
    """The file's rows, in the importer's own field names (problems found are appended)."""
    if fmt == "json":
        rows = _read_json(data)
        for row in rows:
            _from_json(row, problems)
        return [row for row in rows if row.cells is not None]
    if fmt == "csv":
        return _sheet_rows(_read_csv(data), problems)
    table, formula_problems = _read_xlsx(data)
    problems.extend(formula_problems)
    return _sheet_rows(table, problems)


def _from_json(row: Row, problems: list[Problem]) -> None:
    item = row.cells
    if not isinstance(item, dict):
        problems.append(Problem(row.number, "", _("A record must be a JSON object.")))
        row.cells = None
        return
    try:
        if isinstance(item.get("text"), dict):
            row.cells = _from_export_shape(item, row, problems)
        else:
            row.cells = _from_demo_shape(item, row, problems)
    except Bad as exc:
        problems.append(Problem(row.number, "", exc.args[0]))
        row.cells = None


def _from_demo_shape(item: dict, row: Row, problems: list[Problem]) -> dict:
    cells: dict = {}
    for key in sorted(DEMO_KEYS.keys() - item.keys() - DEMO_OPTIONAL):
        problems.append(Problem(row.number, key, _("This field is missing.")))
        row.bad.add(DEMO_KEYS[key])
    text_columns = set(exporter.TEXT_COLUMNS)
    for key, value in item.items():
        if key in ("external_key", "id"):
            cells[key] = value
        elif key in DEMO_KEYS and key not in ("country", "countries"):
            cells[DEMO_KEYS[key]] = value
            row.names[DEMO_KEYS[key]] = key
        elif key in text_columns or key == "subnational_area":
            cells[key] = value
        elif key not in ("country", "countries"):
            problems.append(Problem(row.number, key, _("Unknown field.")))
    country, countries = item.get("country"), item.get("countries")
    row.names["countries"] = "country"
    if isinstance(country, str) and country.strip().lower() == "multi":
        row.names["countries"] = "countries"
        if not isinstance(countries, list) or len(countries) < 2:
            problems.append(
                Problem(row.number, "countries", _("With “multi”, list two or more countries."))
            )
        cells["countries"] = countries if isinstance(countries, list) else []
    elif country is not None:
        if countries is not None:
            problems.append(
                Problem(row.number, "countries", _("Give “countries” only with “multi”."))
            )
        cells["countries"] = [country] if isinstance(country, str) else country
    return cells


def _from_export_shape(item: dict, row: Row, problems: list[Problem]) -> dict:
    cells: dict = {}
    simple = {"external_key", "id", "label", "original_language", "who_region", *PLAIN}
    simple |= {*INTEGERS, "ongoing", "licence", "references"}
    for key, value in item.items():
        if key in simple:
            cells[key] = value
        elif key == "text":
            for name, both in value.items():
                if not isinstance(both, dict):
                    raise Bad(_("“text” must map each field to its English and French text."))
                for language in ("en", "fr"):
                    if language in both:
                        cells[f"{name}_{language}"] = both[language]
        elif key == "countries":
            cells[key] = [c.get("code") if isinstance(c, dict) else c for c in _listed(value)]
        elif key in TERM_LISTS:
            cells[key] = [t.get("slug") if isinstance(t, dict) else t for t in _listed(value)]
        elif key in SINGLE_TERMS:
            cells[key] = value.get("slug") if isinstance(value, dict) else value
        elif key == "cost":
            cost = value if isinstance(value, dict) else {}
            cells["cost_amount"] = cost.get("amount")
            cells["cost_currency"] = cost.get("currency") or ""
            cells["cost_notes"] = cost.get("notes") or ""
        elif key == "contact":
            contact = value if isinstance(value, dict) else {}
            cells["contact_consent"] = bool(contact)
            for part in ("name", "email", "organisation"):
                cells[f"contact_{part}"] = contact.get(part) or ""
        elif key not in EXPORT_IGNORED:
            problems.append(Problem(row.number, key, _("Unknown field.")))
    unknown = {k.rsplit("_", 1)[0] for k in cells if k.endswith(("_en", "_fr"))}
    unknown -= {c.rsplit("_", 1)[0] for c in exporter.TEXT_COLUMNS}
    for name in sorted(unknown):
        problems.append(Problem(row.number, f"text.{name}", _("Unknown field.")))
        cells.pop(f"{name}_en", None)
        cells.pop(f"{name}_fr", None)
    return cells


def _listed(value) -> list:
    if not isinstance(value, list):
        raise Bad(_("Expected a list."))
    return value


# --- Values ----------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Lower case, no accents, British or American spelling, punctuation as spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("’", "'").replace("‘", "'")
    text = re.sub(r"is(ation|ations|e|ed|es|ing)\b", r"iz\1", text)
    return " ".join(re.sub(r"[^\w']+", " ", text).split())


def _text(value, row: Row, *, lines: bool = False) -> str:
    """Text; with ``lines``, a JSON list of texts is also accepted, one item per line."""
    if value is None:
        return ""
    if lines and isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = "\n".join(v.strip() for v in value)
    elif not isinstance(value, str):
        if row.typed or isinstance(value, bool):
            raise Bad(_("Expected text."))
        value = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in value.strip().split("\n"))


def _integer(value, row: Row) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise Bad(_("Expected a whole number."))
    if isinstance(value, int):
        return value
    if row.typed and isinstance(value, str):
        raise Bad(_("Expected a number, not text (“%(value)s”).") % {"value": value[:40]})
    if not row.typed:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
            return int(value)
    raise Bad(_("“%(value)s” is not a whole number.") % {"value": str(value)[:40]})


def _boolean(value, row: Row) -> bool:
    if isinstance(value, bool):
        return value
    if not row.typed and isinstance(value, str | int):
        word = str(value).strip().lower()
        if word in ("true", "yes", "1", "oui", "vrai", "x"):
            return True
        if word in ("false", "no", "0", "non", "faux", ""):
            return False
    raise Bad(_("“%(value)s” is not true or false.") % {"value": str(value)[:40]})


def _items(value, row: Row) -> list[str]:
    if value is None:
        return []
    if row.typed:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise Bad(_("Expected a list of texts."))
        items = value
    else:
        items = str(value).split("|")
    return [item.strip() for item in items if item.strip()]


class Vocabularies:
    """Every term and country, loaded once, looked up by any of their names."""

    def __init__(self) -> None:
        self.terms: dict[str, dict[str, object]] = {}
        for name, model in VOCABULARIES.items():
            index: dict[str, object] = {}
            terms = list(model.objects.all())
            aliases = {normalise(k): v for k, v in ALIASES.get(name, {}).items()}
            by_slug = {t.slug: t for t in terms}
            for spelling, slug in aliases.items():
                if slug in by_slug:
                    index.setdefault(spelling, by_slug[slug])
            for term in terms:
                for spelling in (term.slug, term.name_en, term.name_fr):
                    for variant in _variants(spelling or ""):
                        index.setdefault(variant, term)
            self.terms[name] = index
        self.countries = {c.code: c for c in Country.objects.all()}

    def term(self, name: str, value: str):
        found = self.terms[name].get(normalise(value))
        if found is None:
            raise Bad(
                _("“%(value)s” is not in the vocabulary “%(vocabulary)s”.")
                % {
                    "value": value[:80],
                    "vocabulary": VOCABULARIES[name]._meta.verbose_name_plural,
                }
            )
        return found

    def finder(self, name: str):
        return lambda value: self.term(name, value)

    def country(self, value: str) -> Country:
        found = self.countries.get(value.strip().upper())
        if found is None:
            raise Bad(
                _("“%(value)s” is not an ISO 3166-1 alpha-2 country code.") % {"value": value[:40]}
            )
        return found


def _variants(name: str) -> list[str]:
    """A name, and for "Long name (ABBR)" also the long name and the abbreviation."""
    variants = [normalise(name)]
    match = re.fullmatch(r"(.+?)\s*\(([^()]+)\)\s*", name)
    if match:
        variants += [normalise(match.group(1)), normalise(match.group(2))]
    return [v for v in variants if v]


DOI_URL = re.compile(r"https?://(?:dx\.)?doi\.org/(10\..+)", re.IGNORECASE)


def _references(value, row: Row) -> list[dict]:
    if value is None or value == "":
        return []
    if not row.typed:
        try:
            value = json.loads(str(value))
        except json.JSONDecodeError as exc:
            raise Bad(
                _("Write the references as a JSON array of objects (%(error)s).")
                % {"error": exc.msg}
            ) from exc
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        raise Bad(_("Expected a list of references, each an object."))
    references = []
    for n, item in enumerate(value, start=1):
        unknown = set(item) - set(REFERENCE_FIELDS)
        if unknown:
            raise Bad(
                _("Reference %(n)d has unknown keys: %(keys)s.")
                % {"n": n, "keys": ", ".join(sorted(unknown))}
            )
        ref = {key: item.get(key) for key in REFERENCE_FIELDS}
        for key in ("title", "publisher", "doi", "url"):
            if not isinstance(ref[key], str | None):
                raise Bad(_("Reference %(n)d, %(field)s: expected text.") % {"n": n, "field": key})
            ref[key] = (ref[key] or "").strip()
        if ref["year"] is not None and (
            isinstance(ref["year"], bool) or not isinstance(ref["year"], int)
        ):
            raise Bad(
                _("Reference %(n)d, %(field)s: expected a whole number.")
                % {"n": n, "field": "year"}
            )
        match = DOI_URL.fullmatch(ref["url"])
        if match and not ref["doi"]:
            ref["doi"], ref["url"] = match.group(1), ""
        if ref["url"] and not ref["url"].lower().startswith(("http://", "https://")):
            raise Bad(
                _("Reference %(n)d, %(field)s: %(message)s")
                % {"n": n, "field": "url", "message": _("Give an http or https address.")}
            )
        try:
            Reference(**ref).full_clean(exclude=["experience", "position"])
        except ValidationError as exc:
            key, messages = next(iter(exc.message_dict.items()))
            raise Bad(
                _("Reference %(n)d, %(field)s: %(message)s")
                % {"n": n, "field": key, "message": messages[0]}
            ) from exc
        references.append(ref)
    return references


def _convert(row: Row, vocabularies: Vocabularies, report) -> dict:
    """The row's values as the services take them; a bad value is reported, and left out."""
    values: dict = {}
    for name, raw in row.cells.items():
        try:
            if name in exporter.TEXT_COLUMNS:
                values[name] = _text(raw, row, lines=True)
            elif name in TERM_LISTS or name == "countries":
                find = vocabularies.country if name == "countries" else vocabularies.finder(name)
                found, unknown = [], []
                for item in _items(raw, row):
                    try:
                        found.append(find(item))
                    except Bad as exc:
                        unknown.append(exc.args[0])
                for message in unknown:
                    report(name, message)
                if not unknown:
                    values[name] = list(dict.fromkeys(found))
            elif name in SINGLE_TERMS:
                value = _text(raw, row)
                values[name] = vocabularies.term(name, value) if value else None
            elif name in INTEGERS:
                values[name] = _integer(raw, row)
            elif name in BOOLEANS:
                values[name] = _boolean(raw, row)
            elif name in PLAIN:
                values[name] = _text(raw, row)
            elif name == "cost_amount":
                values[name] = _decimal(raw, row)
            elif name == "references":
                values[name] = _references(raw, row)
            elif name in ("original_language", "licence", "label", "who_region"):
                value = _text(raw, row)
                if value:
                    values[name] = _choice(name, value)
            elif name in ("external_key", "id"):
                values[name] = _text(raw, row) if not isinstance(raw, int) else str(raw)
        except Bad as exc:
            report(name, exc.args[0])
    return values


def _decimal(value, row: Row) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or (row.typed and not isinstance(value, str | int | float)):
        raise Bad(_("Expected an amount."))
    try:
        return Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise Bad(_("“%(value)s” is not an amount.") % {"value": str(value)[:40]}) from exc


def _choice(name: str, value: str) -> str:
    choices = {
        "original_language": ("en", "fr"),
        "licence": Licence.values,
        "label": Label.values,
        "who_region": WHORegion.values,
    }[name]
    for choice in choices:
        if value.lower() == choice.lower():
            return choice
    raise Bad(
        _("“%(value)s” is not one of: %(choices)s.")
        % {"value": value[:40], "choices": ", ".join(choices)}
    )


# --- Validating and matching -----------------------------------------------------------------


def derived_key(title: str) -> str:
    """``title:`` and the title in lower case, without accents, words joined by hyphens."""
    slug = unicodedata.normalize("NFKD", title)
    slug = "".join(c for c in slug if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", slug).strip("-")
    if len(slug) > MAX_KEY - 10:
        digest = hashlib.sha256(slug.encode()).hexdigest()[:8]
        slug = f"{slug[: MAX_KEY - 20].rstrip('-')}-{digest}"
    return f"title:{slug}"


def _existing(keys: list[str]) -> dict[str, Experience]:
    """The records the keys match: by their import key, or, for a key this site exported for a
    record born here (``<host>/<identifier>``), by their identifier."""
    prefix = f"{urlsplit(settings.SITE_URL).netloc}/"
    found: dict[str, Experience] = {}
    related = ("engagement_level", "evidence_type")
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        identifiers = {k[len(prefix) :]: k for k in chunk if k.startswith(prefix)}
        records = (
            Experience.objects.filter(
                Q(external_key__in=chunk) | Q(identifier__in=identifiers, external_key="")
            )
            .select_related(*related)
            .prefetch_related(*M2M, "references")
        )
        for record in records:
            key = record.external_key or identifiers.get(record.identifier)
            found[key] = record
    return found


def _current(record: Experience, name: str):
    if name in M2M:
        return list(getattr(record, name).all())
    if name == "references":
        return [{f: getattr(r, f) for f in REFERENCE_FIELDS} for r in record.references.all()]
    return getattr(record, name)


def _comparable(name: str, value):
    if name in M2M:
        return sorted(v.pk for v in value)
    if name in SINGLE_TERMS:
        return value.pk if value is not None else None
    if name == "references":
        return [
            tuple(r.get(f) if f == "year" else (r.get(f) or "") for f in REFERENCE_FIELDS)
            for r in value
        ]
    return value


def _changes(record: Experience, values: dict) -> list[str]:
    """The fields whose values differ from the record's, as its published version shows it."""
    changed = [
        name
        for name, value in values.items()
        if _comparable(name, value) != _comparable(name, _current(record, name))
    ]
    # A contact without consent, and a currency without an amount, are not shown or versioned.
    hidden = set()
    if not (values.get("contact_consent", record.contact_consent) or record.contact_consent):
        hidden |= {"contact_name", "contact_email", "contact_organisation"}
    if values.get("cost_amount", record.cost_amount) is None and record.cost_amount is None:
        hidden |= {"cost_currency", "cost_notes"}
    return [name for name in changed if name not in hidden]


def _check(values: dict, record: Experience | None, report) -> None:
    """The screening checks of a submission and the model's field rules, on the record as it
    would be after the import."""
    language = values["original_language"]
    candidate = Experience(source=Source.IMPORT) if record is None else _copy(record)
    for name, value in values.items():
        if name not in (*M2M, "references"):
            setattr(candidate, name, value)
    merged = {n: values[n] if n in values else _current(record, n) if record else [] for n in M2M}
    merged["references"] = values.get(
        "references", _current(record, "references") if record else []
    )
    regions = [c.who_region for c in merged["countries"] if c.who_region]
    region = values.get("who_region")
    if region and merged["countries"] and region not in regions:
        report(
            "who_region",
            _("The WHO region “%(region)s” is not the region of the countries (%(regions)s).")
            % {"region": region, "regions": ", ".join(sorted(set(regions))) or "—"},
        )
    candidate.who_region = region or (regions[0] if regions else "")
    try:
        # The key was matched, the terms were looked up and screening checks the years: no
        # query is needed for the constraints or the foreign keys.
        candidate.full_clean(
            exclude=["identifier", "criteria_set", "submitter", "topic", *SINGLE_TERMS],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                report(name, message)
    # Screening reads the lists from the database: check those here, on the merged values.
    required = _required_messages(language)
    for problem in screening.check(candidate):
        if problem.field in required:
            continue
        column = f"{problem.field}_{language}"
        report(column if column in exporter.TEXT_COLUMNS else problem.field, problem.message)
    for name in screening.REQUIRED_TERMS:
        if not merged[name]:
            report(name, required[name])
    evidence = getattr(candidate, f"evidence_description_{language}").strip()
    if not merged["references"] and not evidence:
        report("references", required["references"])


@functools.cache
def _required_messages(language: str) -> dict:
    """Screening's messages for the lists a record needs (countries, settings, ...) and for a
    missing reference, by field."""
    fields = (*screening.REQUIRED_TERMS, "references")
    return {
        p.field: p.message
        for p in screening.check(Experience(original_language=language))
        if p.field in fields
    }


def _copy(record: Experience) -> Experience:
    copy = Experience()
    for f in Experience._meta.concrete_fields:
        setattr(copy, f.attname, getattr(record, f.attname))
    copy._state.adding = False
    copy.translated_from = dict(record.translated_from)
    return copy


def validate(rows: list[Row], problems: list[Problem]) -> list[Candidate]:
    """Check every row and match it to the records; nothing is written."""
    vocabularies = Vocabularies()
    candidates: list[Candidate] = []
    for row in rows:
        bad: set[str] = set(row.bad)

        def report(name, message, row=row, bad=bad):
            bad.add(name)
            problems.append(Problem(row.number, row.names.get(name, name), message))

        values = _convert(row, vocabularies, report)
        key = values.pop("external_key", "") or values.pop("id", "")
        values.pop("id", None)
        label = values.pop("label", "")
        given_language = "original_language" in values
        language = values.get("original_language") or (
            "fr" if values.get("title_fr") and not values.get("title_en") else "en"
        )
        values["original_language"] = language
        title = values.get(f"title_{language}") or values.get("title_en") or ""
        key_title = values.get("title_en") or values.get("title_fr") or ""
        if not key and key_title:
            key = derived_key(key_title)
        if not key:
            report("external_key", _("Give an external_key, or a title to derive the key from."))
        elif len(key) > MAX_KEY:
            report("external_key", _("At most %(n)d characters.") % {"n": MAX_KEY})
        candidates.append(
            Candidate(row.number, key, title, values, label, given_language=given_language, bad=bad)
        )
    numbers = {}
    for candidate in candidates:
        if candidate.key and candidate.key in numbers:
            problems.append(
                Problem(
                    candidate.row,
                    "external_key",
                    _("Row %(n)d has the same key (%(key)s).")
                    % {"n": numbers[candidate.key], "key": candidate.key},
                )
            )
        numbers.setdefault(candidate.key, candidate.row)
    existing = _existing([c.key for c in candidates if c.key])
    names = {row.number: row.names for row in rows}
    for candidate in candidates:
        record = existing.get(candidate.key)
        values = candidate.values
        row_names = names[candidate.row]

        def report(name, message, candidate=candidate, row_names=row_names):
            if name not in candidate.bad:  # a value already reported is not also "missing"
                problems.append(Problem(candidate.row, row_names.get(name, name), message))

        if record is None:
            for name in CHECKLIST:
                values.setdefault(name, True)
            values["external_key"] = candidate.key
            _check(values, None, report)
            continue
        candidate.existing = record
        if not candidate.given_language:
            values["original_language"] = record.original_language
        if not _changes(record, values):
            candidate.action = "unchanged"
        elif record.status == Status.WITHDRAWN:
            candidate.action = "withdrawn"
        elif record.status != Status.PUBLISHED:
            report(
                "external_key",
                _(
                    "The record %(identifier)s has this key and is “%(status)s”: an import "
                    "updates only published records."
                )
                % {"identifier": record.identifier, "status": record.get_status_display()},
            )
        else:
            candidate.action = "update"
            _check(values, record, report)
    return candidates


# --- Importing -------------------------------------------------------------------------------


def curators():
    """Who may run an import: active staff and curators, the longest-standing first."""
    return (
        get_user_model()
        .objects.filter(Q(is_staff=True) | Q(groups__name="curators"), is_active=True)
        .distinct()
        .order_by("pk")
    )


def detect_format(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise Bad(
            _("Give a .json, .csv or .xlsx file (or say which with --format), not “%(name)s”.")
            % {"name": path.name}
        )
    return suffix


def import_file(
    path: Path,
    *,
    actor,
    dry_run: bool = False,
    fmt: str | None = None,
    update_existing: bool = True,
) -> Result:
    """``import_data`` on the file at ``path`` (its format from its suffix unless ``fmt``)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        result = Result(name=path.name, format=fmt or "", dry_run=dry_run)
        result.problems.append(Problem(None, "", exc.strerror or str(exc)))
        return result
    return import_data(
        data,
        name=path.name,
        actor=actor,
        dry_run=dry_run,
        fmt=fmt,
        update_existing=update_existing,
    )


def import_data(
    data: bytes,
    *,
    name: str,
    actor,
    dry_run: bool = False,
    fmt: str | None = None,
    update_existing: bool = True,
) -> Result:
    """Validate the whole file (``data``, called ``name``), then (unless it is a dry run, or
    any row has a problem) write every new and changed record in one transaction. Without
    ``update_existing``, records that exist already are left as they are, changed or not (the
    demo keeps curators' edits)."""
    result = Result(name=name, format=fmt or "", dry_run=dry_run)
    try:
        require(actor, "import", Compendium(), reason=_("Only curators can import records."))
        result.format = fmt or detect_format(Path(name))
        rows = read(data, result.format, result.problems)
    except (Bad, Refused) as exc:
        result.problems.append(Problem(None, "", exc.args[0]))
        return result
    result.rows = len(rows)
    result.candidates = validate(rows, result.problems)
    if not update_existing:
        for candidate in result.by_action("update"):
            candidate.action = "unchanged"
    if result.problems or dry_run:
        return result
    try:
        with transaction.atomic():
            _write(result, actor)
    except _Abort:
        result.candidates = []
    return result


class _Abort(Exception):
    pass


def _write(result: Result, actor) -> None:
    for candidate in result.candidates:
        try:
            if candidate.action == "create":
                experience = services.create_experience(
                    actor=actor, values=candidate.values, source=Source.IMPORT
                )
                services.publish_directly(
                    experience=experience,
                    actor=actor,
                    label=candidate.label,
                    change_note=CREATE_NOTE,
                )
                candidate.existing = experience
            elif candidate.action == "update":
                values = {k: v for k, v in candidate.values.items() if k not in CHECKLIST}
                services.publish_edit(
                    experience=candidate.existing,
                    actor=actor,
                    values=values,
                    change_note=UPDATE_NOTE,
                )
        except (ValidationError, Refused) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [exc.reason]
            result.problems.extend(Problem(candidate.row, "", m) for m in messages)
            raise _Abort from exc
    audit.record(
        actor=actor,
        action="experience.import",
        file=result.name,
        created=len(result.by_action("create")),
        updated=len(result.by_action("update")),
        unchanged=len(result.by_action("unchanged")),
    )
    result.written = True
