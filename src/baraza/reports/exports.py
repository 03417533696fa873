"""The dashboard's tables as one CSV file, with the same small-group suppression.

The file is UTF-8 with a byte-order mark so that Excel reads accented letters correctly. It
holds one table after another, each under a one-cell title row and separated by a blank row.
Headers are in the active language; dates are ISO (YYYY-MM-DD) so spreadsheets sort them.
Group names can come from what members typed (gender), so a name that a spreadsheet would
run as a formula is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
from typing import IO

from django.utils.translation import gettext as _

from baraza.reports.queries import Report

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_report(report: Report, out: IO[str]) -> None:
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow([_("Activity per week")])
    writer.writerow([_("Week starting"), _("Members joined"), _("Active members"), _("Posts")])
    for week in report.weeks:
        writer.writerow([week.start.isoformat(), week.joined, week.active, week.posts])
    for breakdown in report.breakdowns:
        writer.writerow([])
        writer.writerow([breakdown.title])
        writer.writerow(
            [breakdown.column, _("Members"), _("Active in the period"), _("Posts in the period")]
        )
        for row in breakdown.rows:
            writer.writerow(
                [
                    formula_safe(row.label),
                    row.members,
                    _blank_if_none(row.active),
                    _blank_if_none(row.posts),
                ]
            )


def _blank_if_none(value: int | None) -> int | str:
    return "" if value is None else value


def formula_safe(value: str) -> str:
    """A cell that spreadsheets will not run as a formula: an apostrophe before a value that
    starts like one (every CSV the site writes goes through here)."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value
