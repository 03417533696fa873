"""``baraza worker``: the Celery workers that send email and run the other background tasks,
with the beat that schedules the digests. Needs ``REDIS_URL``."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run Celery workers on REDIS_URL, with the beat that schedules digests."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--concurrency", type=int, default=2, help="Worker processes or threads (2)."
        )
        parser.add_argument(
            "--pool",
            choices=("prefork", "threads", "solo"),
            default="prefork",
            help="Celery's execution pool (prefork).",
        )
        parser.add_argument(
            "--no-beat",
            action="store_true",
            help="Don't schedule periodic tasks here (run exactly one beat per site).",
        )
        parser.add_argument("--loglevel", default="info", help="Celery's log level (info).")

    def handle(self, *args, concurrency, pool, no_beat, loglevel, **options):
        if not settings.REDIS_URL:
            raise CommandError(
                "baraza worker needs REDIS_URL (for example redis://127.0.0.1:6379/0). "
                "Without it, Baraza runs background work inside the web process."
            )
        if concurrency < 1:
            raise CommandError("--concurrency must be at least 1.")
        from baraza.celery import app

        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        argv = [
            "worker",
            f"--loglevel={loglevel}",
            f"--concurrency={concurrency}",
            f"--pool={pool}",
            f"--queues={settings.CELERY_TASK_DEFAULT_QUEUE}",
            "--hostname=baraza@%h",
            "--without-gossip",
            "--without-mingle",
        ]
        if not no_beat:
            argv.append("--beat")
        app.worker_main(argv)
