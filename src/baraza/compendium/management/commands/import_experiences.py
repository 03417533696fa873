"""``baraza import-experiences FILE [--dry-run] [--as EMAIL]``: import experiences from JSON,
CSV or XLSX, all or nothing (see docs/compendium-import.md).

The exit status is 0 when the file was imported (or, with ``--dry-run``, would be), and 1 when
any row has a problem: then every problem is listed, by row and field, and nothing is written.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from baraza.compendium import importer


class Command(BaseCommand):
    help = "Import experiences from a JSON, CSV or XLSX file: every row or none."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The .json, .csv or .xlsx file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and say what would change, without writing anything.",
        )
        parser.add_argument(
            "--as",
            dest="email",
            metavar="EMAIL",
            help="The curator the import is recorded as (default: the first curator).",
        )
        parser.add_argument(
            "--format", choices=importer.FORMATS, help="The file's format (default: its suffix)."
        )

    def handle(self, *args, file, dry_run, email, format, **options):
        actor = self._actor(email)
        result = importer.import_file(file, actor=actor, dry_run=dry_run, fmt=format)
        if result.problems:
            self.stderr.write(
                ngettext(
                    "%(name)s: %(n)d problem; nothing was imported.",
                    "%(name)s: %(n)d problems; nothing was imported.",
                    len(result.problems),
                )
                % {"name": result.name, "n": len(result.problems)}
            )
            for problem in result.problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(_("The file was not imported."), returncode=1)
        self.stdout.write(
            ngettext(
                "%(name)s: %(n)d record read.",
                "%(name)s: %(n)d records read.",
                result.rows,
            )
            % {"name": result.name, "n": result.rows}
        )
        verbose = dry_run or options["verbosity"] > 1
        for candidate in result.candidates:
            if verbose or candidate.action == "withdrawn":
                self.stdout.write(f"  {self._line(candidate)}")
        counts = {
            "created": len(result.by_action("create")),
            "updated": len(result.by_action("update")),
            "unchanged": len(result.by_action("unchanged")),
            "withdrawn": len(result.by_action("withdrawn")),
        }
        if dry_run:
            summary = _(
                "Dry run, nothing was written: %(created)d to create, %(updated)d to update, "
                "%(unchanged)d unchanged, %(withdrawn)d withdrawn (left as they are)."
            )
        else:
            summary = _(
                "Imported as %(curator)s: %(created)d created, %(updated)d updated, "
                "%(unchanged)d unchanged, %(withdrawn)d withdrawn (left as they are)."
            )
        self.stdout.write(self.style.SUCCESS(summary % {**counts, "curator": actor.email}))

    def _actor(self, email: str | None):
        curators = importer.curators()
        if email:
            actor = curators.filter(email__iexact=email.strip()).first()
            if actor is None:
                raise CommandError(
                    _("%(email)s is not an active curator.") % {"email": email}, returncode=1
                )
            return actor
        actor = curators.first()
        if actor is None:
            raise CommandError(
                _("There is no curator yet: add someone to the “curators” group first."),
                returncode=1,
            )
        return actor

    @staticmethod
    def _line(candidate: importer.Candidate) -> str:
        identifier = candidate.existing.identifier if candidate.existing else ""
        text = {
            "create": _("row %(n)d: “%(title)s”: new record"),
            "update": _("row %(n)d: %(identifier)s “%(title)s”: changed, new version"),
            "unchanged": _("row %(n)d: %(identifier)s “%(title)s”: unchanged"),
            "withdrawn": _("row %(n)d: %(identifier)s “%(title)s”: withdrawn, left as it is"),
        }[candidate.action]
        return text % {"n": candidate.row, "identifier": identifier, "title": candidate.title[:80]}
