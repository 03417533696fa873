"""Serve Baraza with gunicorn; static files come through whitenoise."""

from __future__ import annotations

import os
import sys

from django.core.management.base import BaseCommand, CommandError


def port_number(value: str) -> int:
    port = int(value)
    if not 1 <= port <= 65535:
        raise ValueError(value)
    return port


class Command(BaseCommand):
    help = "Serve the site with gunicorn (not runserver), static files through whitenoise."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to bind (127.0.0.1).")
        parser.add_argument("--port", type=port_number, default=8000, help="Port (8000).")
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", "2")),
            help="gunicorn worker processes (WEB_CONCURRENCY, else 2).",
        )

    def handle(self, *args, host, port, workers, **options):
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "baraza.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--threads",
            "4",
            "--access-logfile",
            "-" if options["verbosity"] > 1 else "/dev/null",
            "--forwarded-allow-ips",
            os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]
        self.stdout.write(f"Serving on http://{host}:{port}/ (Ctrl-C to stop)")
        self.stdout.flush()
        sys.stdout.flush()
        # gunicorn takes over this process, so signals (Ctrl-C, SIGTERM) reach it directly.
        os.execv(sys.executable, argv)  # noqa: S606  (fixed argv, no shell)
