"""The ``baraza`` command: every Django management command, plus Baraza's own.

baraza demo              migrate, load demo content, print logins, serve on :8000
baraza demo --no-serve   the same without serving
baraza serve --port 8080 gunicorn with static files through whitenoise
baraza worker            Celery workers and the beat that schedules digests (needs REDIS_URL)
baraza send-digests --frequency daily|weekly
baraza mail-in           post one email read from stdin (for a mail server's pipe)
baraza smtpd --port 2525 receive email over SMTP
baraza import-experiences FILE [--dry-run]   import compendium records (JSON, CSV, XLSX)
baraza export-experiences --format csv|json|xlsx [--output FILE]
baraza check --deploy    any Django command works as it does with manage.py
"""

from __future__ import annotations

import os
import sys

ALIASES = {
    "mail-in": "mail_in",
    "send-digests": "send_digests",
    "import-experiences": "import_experiences",
    "export-experiences": "export_experiences",
    "api-token": "api_token",
}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baraza.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "baraza"
    if len(args) > 1:
        # Commands spelled as documented ("mail-in") are Python modules with underscores.
        args[1] = ALIASES.get(args[1], args[1])
    try:
        execute_from_command_line(args)
    except ImproperlyConfigured as exc:
        # A bad environment variable: say which one, without a traceback.
        sys.stderr.write(f"baraza: configuration error: {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
