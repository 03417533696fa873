"""``baraza reindex``: rebuild the search index from the data, with a progress bar."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from baraza.search import registry, services


class Command(BaseCommand):
    help = "Rebuild the search index from the data (all kinds, or those named)."

    def add_arguments(self, parser):
        parser.add_argument(
            "kinds",
            nargs="*",
            metavar="KIND",
            help="Kinds to rebuild: " + ", ".join(k.name for k in registry.kinds()),
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Print no progress bar (for logs)."
        )

    def handle(self, *args, kinds, no_progress, **options):
        unknown = [k for k in kinds if not registry.known(k)]
        if unknown:
            raise CommandError(
                f"Unknown kind: {', '.join(unknown)}. "
                f"Known kinds: {', '.join(k.name for k in registry.kinds())}."
            )
        chosen = [k for k in registry.kinds() if not kinds or k.name in kinds]
        total = None
        if all(k.count for k in chosen):
            total = sum(k.count() for k in chosen)
        started = time.monotonic()
        with tqdm(
            total=total,
            unit=" documents",
            desc="Indexing",
            disable=no_progress,
            # The stream itself: Django's wrapper would end each redraw with a new line.
            file=self.stderr._out,
        ) as bar:

            def progress(kind: str, n: int) -> None:
                bar.set_description(f"Indexing {kind}")
                bar.update(n)

            counts = services.reindex([k.name for k in chosen], progress=progress)
        seconds = time.monotonic() - started
        for kind in chosen:
            self.stdout.write(f"{kind.name}: {counts.get(kind.name, 0)} documents")
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {sum(counts.values())} documents in {seconds:.1f} s.")
        )
