"""Time the four builders of an edition of 500 experiences, and measure their peak memory.

    python bench/edition_build.py                  # 500 records
    python bench/edition_build.py --records 100

It generates its own data into a throwaway database (SQLite in a new temporary
``$BARAZA_DATA_DIR`` when unset, or the empty PostgreSQL database of ``DATABASE_URL``), with
``compendium_list.generate`` (records of about 4 KB of text in their original language, 40%
with translations), then freezes each record's version with ``snapshot`` (adding two
references to each), releases edition 2026.1 directly (no curator, no background task) and
withdraws 2% of the records afterwards, so that the outputs mark them.

Each build then runs in a fresh Python process (``--build KIND LANGUAGE``), writing to a
temporary file: the time is the build's own (after Django's start-up), the peak RSS the
child's ``ru_maxrss`` (from ``os.wait4``), Django's start-up included. It prints a Markdown
table.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import database_label, setup_django

BUILDS = [
    ("pdf", "en"),
    ("pdf", "fr"),
    ("epub", "en"),
    ("epub", "fr"),
    ("offline", ""),
    ("dataset", ""),
]
NUMBER = "2026.1"


def prepare(n: int, seed: int) -> None:
    from compendium_list import generate
    from django.db import transaction

    from baraza.compendium.models import Experience, ExperienceVersion, Status
    from baraza.compendium.snapshot import snapshot
    from baraza.editions.models import Edition, EditionEntry
    from baraza.editions.queries import vocabulary_snapshot

    generate(n, seed=seed, others=0)
    rng = random.Random(seed)  # noqa: S311 (reproducible test data)
    started = time.perf_counter()
    experiences = Experience.objects.prefetch_related(
        "countries",
        "settings",
        "phases",
        "health_areas",
        "approaches",
        "population_groups",
        "partner_types",
    ).select_related("engagement_level", "evidence_type")
    versions = []
    for experience in experiences:
        data = snapshot(experience)
        data["version"] = 1
        data["references"] = [
            {
                "title": f"Evaluation report {i} of {experience.identifier}",
                "publisher": "Ministry of Health",
                "year": 2020 + i,
                "doi": f"10.1234/bench.{experience.pk}.{i}" if i == 1 else "",
                "url": "" if i == 1 else f"https://example.org/reports/{experience.pk}",
            }
            for i in (1, 2)
        ]
        versions.append(
            ExperienceVersion(
                experience=experience,
                number=1,
                data=data,
                label=experience.label,
                published_at=experience.published_at,
            )
        )
    with transaction.atomic():
        ExperienceVersion.objects.bulk_create(versions, batch_size=500)
        vocabularies, vocabulary_version = vocabulary_snapshot()
        edition = Edition.objects.create(
            number=NUMBER,
            vocabularies=vocabularies,
            vocabulary_version=vocabulary_version,
            changes={"added": sorted(v.experience.identifier for v in versions)},
            notes_en="Benchmark edition.",
            notes_fr="Édition de mesure.",
        )
        EditionEntry.objects.bulk_create(
            [
                EditionEntry(
                    edition=edition,
                    version=v,
                    experience=v.experience,
                    identifier=v.experience.identifier,
                    number=1,
                )
                for v in versions
            ],
            batch_size=500,
        )
        withdrawn = rng.sample([v.experience.pk for v in versions], max(1, n // 50))
        Experience.objects.filter(pk__in=withdrawn).update(
            status=Status.WITHDRAWN, withdrawn_at=datetime.now(UTC) - timedelta(days=3)
        )
    print(
        f"Froze {len(versions):,} versions into edition {NUMBER} in "
        f"{time.perf_counter() - started:.1f} s"
    )


def build_one(kind: str, language: str, path: str) -> None:
    """In the child process: build one file, print its build time in seconds."""
    from baraza.editions import services
    from baraza.editions.models import Edition

    edition = Edition.objects.get(number=NUMBER)
    steps = []
    started = time.perf_counter()
    with open(path, "wb") as out:
        services.builders()[kind](edition, language, out, steps.append)
    print(f"{time.perf_counter() - started:.3f} {len(steps)}")


def measure(kind: str, language: str, folder: Path) -> tuple[float, int, int, int]:
    path = folder / f"{kind}-{language or 'both'}"
    process = subprocess.Popen(  # noqa: S603 (this script, with our own arguments)
        [sys.executable, __file__, "--build", kind, language or "-", str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    output = process.stdout.read()
    process.stdout.close()
    _pid, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"the {kind} build failed:\n{output}")
    seconds, steps = output.split()[-2:]
    return float(seconds), usage.ru_maxrss // 1024, path.stat().st_size, int(steps)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--outputs", default="pdf,epub,offline,dataset", help="the kinds to build, e.g. pdf,epub"
    )
    parser.add_argument(
        "--build", nargs=3, metavar=("KIND", "LANGUAGE", "PATH"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.build:
        setup_django()
        kind, language, path = args.build
        build_one(kind, "" if language == "-" else language, path)
        return 0
    if not 1 <= args.records <= 100_000:
        parser.error("--records must be 1 to 100,000")
    temporary = None
    if not os.environ.get("BARAZA_DATA_DIR"):
        temporary = tempfile.mkdtemp(prefix="baraza-bench-editions-")
        os.environ["BARAZA_DATA_DIR"] = temporary
    try:
        setup_django()
        from django.core.management import call_command

        from baraza.compendium.models import Experience

        call_command("migrate", verbosity=0)
        if Experience.objects.exists():
            print(
                f"{database_label()} already holds experiences: use an empty database.",
                file=sys.stderr,
            )
            return 1
        print(f"Database: {database_label()}")
        prepare(args.records, args.seed)
        print(f"CPUs: {os.cpu_count()}\n")
        print("| output | language | build s | peak RSS MB | file MB | progress calls |")
        print("| --- | --- | ---: | ---: | ---: | ---: |")
        with tempfile.TemporaryDirectory(prefix="baraza-bench-files-") as folder:
            for kind, language in BUILDS:
                if kind not in args.outputs.split(","):
                    continue
                seconds, rss, size, steps = measure(kind, language, Path(folder))
                print(
                    f"| {kind} | {language or 'both'} | {seconds:.1f} | {rss} "
                    f"| {size / 1e6:.1f} | {steps} |",
                    flush=True,
                )
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
