"""``baraza mail-in``: post one email read from standard input, for a mail server's pipe.

    # Postfix master.cf
    baraza unix - n n - - pipe flags=Rq user=baraza argv=/srv/baraza/bin/baraza mail-in
      --recipient ${recipient}

The exit status is 0 whenever the message was handled, posted or not (a rejected sender got
an answer): anything else makes the mail server bounce it. It is 75 (EX_TEMPFAIL) only when
the database can't be reached (not even to record the message), so the mail server keeps the
message and tries again later.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

EX_TEMPFAIL = 75
UNREACHABLE = "the database can't be reached: the mail server should try again later"


def database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


class Command(BaseCommand):
    help = "Post one email read from standard input (for a mail server's pipe)."
    requires_system_checks = []
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument(
            "--recipient",
            action="append",
            dest="recipients",
            default=[],
            metavar="ADDRESS",
            help="The envelope recipient, as the mail server passes it (repeatable).",
        )

    def handle(self, *args, recipients, **options):
        from baraza.mail import inbound

        stream = options.get("stdin") or sys.stdin.buffer
        raw = stream.read()
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        if not database_reachable():
            raise CommandError(UNREACHABLE, returncode=EX_TEMPFAIL)
        result = inbound.receive(raw, recipients=recipients)
        if result.pk is None:  # not even recorded: the database failed on the way
            raise CommandError(UNREACHABLE, returncode=EX_TEMPFAIL)
        self.stdout.write(" ".join(part for part in (result.outcome, result.reason) if part))
