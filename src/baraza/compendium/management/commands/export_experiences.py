"""``baraza export-experiences --format csv|json|xlsx [--output FILE] [--filter QUERY]``:
export the published experiences (see docs/compendium-import.md for the columns)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict
from django.utils.translation import gettext as _

from baraza.compendium import exporter, queries


class Command(BaseCommand):
    help = "Export the published experiences as CSV, JSON or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=tuple(exporter.FORMATS), default="csv")
        parser.add_argument(
            "--output", type=Path, help="The file to write (default: standard output)."
        )
        parser.add_argument(
            "--filter",
            dest="query",
            default="",
            metavar="QUERY",
            help="The list page's filters, as in its address, e.g. 'region=AFR&phase=response'.",
        )

    def handle(self, *args, format, output, query, **options):
        records = exporter.records(queries.published_filtered(QueryDict(query)))
        if format == "xlsx":
            if output is None:
                raise CommandError(_("Give --output for an XLSX file."), returncode=2)
            with output.open("wb") as out:
                exporter.write_xlsx(records, out)
            return
        chunks = exporter.csv_chunks(records) if format == "csv" else exporter.json_chunks(records)
        if output is None:
            for chunk in chunks:
                self.stdout.write(chunk, ending="")
            return
        with output.open("w", encoding="utf-8", newline="") as out:
            for chunk in chunks:
                out.write(chunk)
