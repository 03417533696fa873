"""The edition as a dataset (zip): ``experiences.csv`` (one row per record, the columns of the
compendium's export), ``experiences.jsonl`` (each version's frozen data, one JSON object per
line), a Frictionless Data Package descriptor (``datapackage.json``) with the table schema,
and a data dictionary (``data-dictionary.csv``, ``README.md``) in English and French.

Both files hold both languages; the descriptor is in English, the dictionary in both.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import tempfile
import zipfile

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from baraza.compendium import exporter
from baraza.compendium.citation import LICENCES
from baraza.editions import queries
from baraza.editions.outputs import common
from baraza.editions.outputs.dataset_schema import COLUMNS, columns

SPDX = {"cc-by-4.0": "CC-BY-4.0", "cc-by-sa-4.0": "CC-BY-SA-4.0", "cc-by-nc-4.0": "CC-BY-NC-4.0"}
SPDX["cc0"] = "CC0-1.0"


def json_record(record, edition) -> dict:
    """A JSON Lines row: the version's data, with what the edition says of it."""
    return {
        **record.data,
        "identifier": record.identifier,
        "version": record.number,
        "label": record.label,
        "edition": edition.number,
        "withdrawn_since": record.withdrawn_at.date().isoformat() if record.withdrawn_at else None,
    }


def csv_row(record, edition) -> list:
    row = exporter.flatten(
        {"external_key": exporter.site_key(record.identifier), **json_record(record, edition)}
    )
    row["edition"] = edition.number
    row["withdrawn_since"] = record.withdrawn_at.date().isoformat() if record.withdrawn_at else ""
    return [exporter.csv_cell(row[name]) for name in COLUMNS]


def package_name() -> str:
    site = re.sub(r"[^a-z0-9]+", "-", settings.SITE_NAME.lower()).strip("-") or "baraza"
    return f"{site}-community-engagement-compendium"


def descriptor(edition, licences: set[str]) -> dict:
    with translation.override("en"):
        context = common.edition_context(edition, "en")
        fields = [column.descriptor() for column in columns()]
    return {
        "name": package_name(),
        "id": context["doi_url"] or context["url"],
        "title": f"{context['compendium']}, {context['edition_title']}",
        "description": context["cite"],
        "version": edition.number,
        "created": edition.released_at.isoformat(),
        "homepage": context["url"],
        "contributors": [{"title": settings.SITE_NAME, "role": "publisher"}],
        "keywords": ["community engagement", "health", "WHO", "compendium"],
        "licenses": [
            {"name": SPDX[key], "title": LICENCES[key][0], "path": LICENCES[key][1]}
            for key in sorted(licences)
            if key in SPDX
        ],
        "resources": [
            {
                "name": "experiences",
                "path": "experiences.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": "Experiences (one row per record)",
                "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
                "schema": {"fields": fields, "primaryKey": ["identifier"], "missingValues": [""]},
            },
            {
                "name": "experiences-jsonl",
                "path": "experiences.jsonl",
                "profile": "data-resource",
                "type": "file",  # not a table: its objects nest (frictionless reads "type")
                "format": "jsonl",
                "mediatype": "application/jsonl",
                "encoding": "utf-8",
                "title": "Experiences, the full data of each version (JSON Lines)",
                "description": "One JSON object per line: the version's frozen data, with "
                "identifier, version, label, edition and withdrawn_since.",
            },
            {
                "name": "data-dictionary",
                "path": "data-dictionary.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": "Data dictionary (English and French)",
                "schema": {
                    "fields": [
                        {"name": "field", "type": "string", "constraints": {"required": True}},
                        {"name": "type", "type": "string"},
                        {"name": "description_en", "type": "string"},
                        {"name": "description_fr", "type": "string"},
                    ],
                    "primaryKey": ["field"],
                },
            },
        ],
    }


def dictionary() -> list[dict]:
    """Every column: name, type and meaning in English and in French."""
    with translation.override("en"):
        english = columns()
    with translation.override("fr"):
        french = {column.name: str(column.description) for column in columns()}
    return [
        {
            "field": column.name,
            "type": column.type,
            "description_en": str(column.description),
            "description_fr": french[column.name],
        }
        for column in english
    ]


def _csv_text(rows) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def build(edition, language, out, progress) -> None:
    total = edition.entries.count() or 1
    step = max(1, total // 10)
    licences: set[str] = set()
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
        # A zip is written one member at a time: the JSON Lines wait in a temporary file.
        tempfile.TemporaryFile() as jsonl_file,
    ):
        with archive.open("experiences.csv", "w") as csv_file:
            csv_text = io.TextIOWrapper(csv_file, encoding="utf-8", newline="")
            jsonl_text = io.TextIOWrapper(jsonl_file, encoding="utf-8", newline="\n")
            writer = csv.writer(csv_text, lineterminator="\n")
            writer.writerow(COLUMNS)
            for i, record in enumerate(queries.records(edition), start=1):
                writer.writerow(csv_row(record, edition))
                jsonl_text.write(json.dumps(json_record(record, edition), ensure_ascii=False))
                jsonl_text.write("\n")
                licences.add(record.data.get("licence") or "")
                if i % step == 0:
                    progress(90 * i // total)
            csv_text.flush()
            csv_text.detach()
        jsonl_text.flush()
        jsonl_text.detach()
        jsonl_file.seek(0)
        with archive.open("experiences.jsonl", "w") as member:
            shutil.copyfileobj(jsonl_file, member, 1 << 20)
        entries = dictionary()
        archive.writestr(
            "data-dictionary.csv",
            _csv_text(
                [("field", "type", "description_en", "description_fr")]
                + [tuple(e.values()) for e in entries]
            ),
        )
        archive.writestr(
            "datapackage.json",
            json.dumps(descriptor(edition, licences), ensure_ascii=False, indent=2) + "\n",
        )
        readme = []
        for lang in common.LANGUAGES:
            with translation.override(lang):
                readme.append(
                    render_to_string(
                        "editions/outputs/dataset_readme.txt",
                        {**common.edition_context(edition, lang), "entries": entries},
                    )
                )
        archive.writestr("README.md", "\n\n".join(readme))
    progress(100)
