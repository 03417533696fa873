"""Time ``baraza import-experiences`` on a generated 10,000-row CSV.

    python bench/compendium_import.py                  # 10,000 rows, SQLite
    python bench/compendium_import.py --rows 1000      # a quick run
    DATABASE_URL=postgres://... python bench/compendium_import.py

It works in a throwaway database: SQLite in ``$BARAZA_DATA_DIR`` (a new temporary folder,
removed at the end, when unset), or the PostgreSQL database of ``DATABASE_URL``, which must
hold no experiences. It applies the migrations and adds one curator.

The CSV has the columns an export writes (see docs/compendium-import.md). Each row is one of
the 36 records of the demo data set, with its own ``external_key`` and a numbered title, and
with settings, phases, health areas, approaches, partners, level, evidence type, years and
country drawn at random (the same ``--seed`` gives the same file). Every row passes the checks.

Then, through the command itself (``call_command``, in this process), it times:

1. a dry run (reading, validating and matching every row, writing nothing);
2. the import (every row a new record: ``create_experience`` + ``publish_directly``, i.e.
   screening, a published version 1, audit entries, all in one transaction);
3. the same file again (every row unchanged: nothing is written);
4. the file with 1 row in 10 changed (a new version of each of those records).

It prints a Markdown table: wall time, CPU time of this process, SQL queries, rows per second.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from common import BENCH_PASSWORD, database_label, setup_django

CURATOR_EMAIL = "bench-curator@example.org"


class QueryCounter:
    """A database execute wrapper that counts the queries by their first word."""

    def __init__(self) -> None:
        self.kinds: Counter[str] = Counter()

    def __call__(self, execute, sql, params, many, context):
        self.kinds[sql.lstrip().split(None, 1)[0].upper()] += 1
        return execute(sql, params, many, context)

    @property
    def total(self) -> int:
        return sum(self.kinds.values())


def write_csv(path: Path, rows: int, *, seed: int, changed_every: int = 0) -> None:
    from baraza.compendium import demo, exporter
    from baraza.taxonomy.models import (
        Country,
        EngagementApproach,
        EngagementLevel,
        EvidenceType,
        HealthArea,
        PartnerType,
        Phase,
        Setting,
    )

    rng = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
    templates = json.loads(demo.DEMO_FILE.read_text(encoding="utf-8"))
    slugs = {
        name: list(model.objects.exclude(slug="other").values_list("slug", flat=True))
        for name, model in (
            ("settings", Setting),
            ("phases", Phase),
            ("health_areas", HealthArea),
            ("approaches", EngagementApproach),
            ("partner_types", PartnerType),
            ("engagement_level", EngagementLevel),
            ("evidence_type", EvidenceType),
        )
    }
    countries = list(Country.objects.exclude(who_region="").values_list("code", "who_region"))
    columns = [
        c
        for c in exporter.COLUMNS
        if c not in exporter.EXPORT_ONLY and c not in ("label", "population_groups")
    ]
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for i in range(1, rows + 1):
            source = templates[(i - 1) % len(templates)]
            code, region = rng.choice(countries)
            start = rng.randint(1990, 2024)

            def some(name: str, most: int) -> str:
                return " | ".join(rng.sample(slugs[name], rng.randint(1, most)))

            outcomes = source["outcomes_en"]
            if changed_every and i % changed_every == 0:
                outcomes += " A follow-up report confirmed these results."
            writer.writerow(
                {
                    "external_key": f"bench:{i:06d}",
                    "original_language": "en",
                    "title_en": f"{source['title_en']} (bench record {i})",
                    "title_fr": f"{source['title_fr']} (fiche de test {i})",
                    "summary_en": source["summary_en"],
                    "summary_fr": source["summary_fr"],
                    "what_was_done_en": source["what_was_done_en"],
                    "outcomes_en": outcomes,
                    "lessons_learned_en": "\n".join(source["lessons_learned_en"]),
                    "challenges_en": "\n".join(source["challenges_en"]),
                    "population_description_en": "\n".join(source["population_groups"]),
                    "countries": code,
                    "who_region": region,
                    "settings": some("settings", 3),
                    "phases": some("phases", 2),
                    "health_areas": some("health_areas", 3),
                    "approaches": some("approaches", 4),
                    "engagement_level": rng.choice(slugs["engagement_level"]),
                    "partner_types": some("partner_types", 3),
                    "evidence_type": rng.choice(slugs["evidence_type"]),
                    "start_year": start,
                    "end_year": rng.choice(["", min(start + rng.randint(0, 6), 2026)]),
                    "licence": "cc-by-4.0",
                    "references": json.dumps(source["references"], ensure_ascii=False),
                }
            )


def timed(path: Path, *args: str) -> dict:
    import io

    from django.core.management import call_command
    from django.db import connection

    counter = QueryCounter()
    out = io.StringIO()
    started, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(counter):
        call_command("import_experiences", str(path), *args, stdout=out, stderr=sys.stderr)
    return {
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "queries": counter,
        "summary": out.getvalue().strip().splitlines()[-1],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    if not 1 <= args.rows <= 100_000:
        parser.error("--rows must be 1 to 100,000")
    os.environ.setdefault("BARAZA_TASKS", "inline")
    temporary = tempfile.mkdtemp(prefix="baraza-bench-import-")
    if not os.environ.get("BARAZA_DATA_DIR"):
        os.environ["BARAZA_DATA_DIR"] = temporary
    try:
        setup_django()
        from django.contrib.auth.models import Group
        from django.core.management import call_command

        from baraza.accounts import services
        from baraza.accounts.models import User
        from baraza.compendium.models import Experience
        from baraza.taxonomy.models import Country

        call_command("migrate", verbosity=0)
        if Experience.objects.exists():
            print(
                f"{database_label()} already holds experiences: use an empty one.", file=sys.stderr
            )
            return 1
        curator = User.objects.filter(email=CURATOR_EMAIL).first()
        if curator is None:
            curator = User(email=CURATOR_EMAIL)
            curator.set_password(BENCH_PASSWORD)
            services.register_member(
                user=curator,
                display_name="Bench Curator",
                country=Country.objects.get(code="KE"),
                language="en",
            )
        curator.groups.add(Group.objects.get(name="curators"))

        path = Path(temporary) / f"experiences-{args.rows}.csv"
        changed = Path(temporary) / f"experiences-{args.rows}-changed.csv"
        started = time.perf_counter()
        write_csv(path, args.rows, seed=args.seed)
        write_csv(changed, args.rows, seed=args.seed, changed_every=10)
        print(f"Database: {database_label()}")
        print(
            f"File: {args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB "
            f"(generated twice in {time.perf_counter() - started:.1f} s)\n"
        )
        print("| step | wall time s | CPU s | SQL queries | of which INSERT | rows/s |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        steps = [
            ("dry run (validate only)", path, ("--dry-run",)),
            ("import: every row new", path, ()),
            ("again: every row unchanged", path, ()),
            ("1 row in 10 changed", changed, ()),
        ]
        for name, file, extra in steps:
            row = timed(file, *extra)
            queries = row["queries"]
            print(
                f"| {name} | {row['seconds']:.1f} | {row['cpu']:.1f} | {queries.total:,} "
                f"| {queries.kinds['INSERT']:,} | {args.rows / row['seconds']:,.0f} |"
            )
            print(f"  {row['summary']}", file=sys.stderr)
        print(f"\nRecords: {Experience.objects.count():,}")
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
