"""``baraza send-digests --frequency daily|weekly``: send every member their digest for the
current period now, whatever the hour (the beat sends them at ``BARAZA_DIGEST_HOUR`` of each
member's day). A digest already sent for the period is not sent again, so it is safe to run
as often as you like, for instance from cron when Celery is not used.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from baraza.mail import digests
from baraza.mail.models import Frequency


class Command(BaseCommand):
    help = "Send the daily or weekly digests of the current period that were not sent yet."

    def add_arguments(self, parser):
        parser.add_argument("--frequency", required=True, choices=Frequency.values)
        parser.add_argument(
            "--due-only",
            action="store_true",
            help="Only to members whose hour has come in their time zone (as the beat does).",
        )

    def handle(self, *args, frequency: str, due_only: bool, **options):
        result = digests.send_digests(frequency, due_only=due_only)
        self.stdout.write(
            f"{frequency.capitalize()} digests: {result.sent} sent, {result.skipped} skipped "
            f"({result.already_sent} already sent this period, {result.empty} with nothing "
            f"new, {result.not_due} not due yet), {result.failed} failed."
        )
        if result.failed:
            self.stderr.write(
                f"{result.failed} could not be sent; the next run tries them again (see the log)."
            )
