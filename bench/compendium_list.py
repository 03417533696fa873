"""Time the compendium's faceted list on 50,000 published experiences.

    python bench/compendium_list.py                    # 50,000 records, 30 timed requests
    python bench/compendium_list.py --records 5000 --runs 10

It generates its own data into a throwaway database: SQLite in ``$BARAZA_DATA_DIR`` (a new
temporary folder, removed at the end, when unset), or the PostgreSQL database of
``DATABASE_URL``, which must hold no experience. Like generate.py it BYPASSES the services:
rows are built directly and saved with ``bulk_create``, with no versions, audit entries or
notifications (the list reads none of them). Besides the published records, 2,500 are in
other states (drafts, in review, declined, withdrawn). Each record has one to three
countries (its WHO region is the first one's), one or two settings, phases and health areas,
one to three approaches, one or two population groups and partner types, a level of
engagement, a type of evidence, a period (a fifth of them ongoing), and usually a label; 15%
are written in French; 40% have their title and summary translated, half of those every
field (about 4 KB of text per record in its original language, like the demo records).

Then it requests the list (``/en/compendium/``) through Django's test client, as an anonymous
visitor: every facet's counts (11 facets) with no filter, with 2 filters, and with 2 filters,
words and the title sort on a later page. It prints a Markdown table: median and
95th-percentile server time, the number of SQL queries and the time spent in them, and the
compressed HTML.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta

from common import database_label, setup_django
from run import Result, SqlTimer, percentile
from texts import SENTENCES, SUBJECTS

END = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)
START = END - timedelta(days=6 * 365)
# Where the experiences come from, roughly: mostly Africa, then South-East Asia and the rest.
REGION_WEIGHTS = {"AFR": 60, "SEAR": 12, "EMR": 10, "AMR": 10, "WPR": 5, "EUR": 3}
# Sentences (about 75 characters each) per field besides the title and summary: records of
# about 4 KB of text in their original language, like the demo records.
TEXT_SIZES = {
    "what_was_done": 16,
    "outcomes": 8,
    "lessons_learned": 5,
    "facilitators": 3,
    "barriers": 3,
    "challenges": 3,
    "evidence_description": 2,
    "population_description": 2,
}


def paragraph(rng: random.Random, language: str, sentences: int) -> str:
    return " ".join(rng.choices(SENTENCES[language], k=sentences))


def generate(n: int, *, seed: int, others: int) -> None:
    from django.db import connection, transaction

    from baraza.compendium.models import Experience, Label, Status
    from baraza.taxonomy.models import (
        Country,
        EngagementApproach,
        EngagementLevel,
        EvidenceType,
        HealthArea,
        PartnerType,
        Phase,
        PopulationGroup,
        Setting,
    )

    rng = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
    batch = 1000 if connection.vendor == "postgresql" else None  # SQLite caps it itself
    started = time.perf_counter()
    by_region: dict[str, list[tuple[int, str, str]]] = {}
    for pk, region, name_en, name_fr in Country.objects.exclude(who_region="").values_list(
        "pk", "who_region", "name_en", "name_fr"
    ):
        by_region.setdefault(region, []).append((pk, name_en, name_fr))
    regions = [r for r in REGION_WEIGHTS if r in by_region]
    weights = [REGION_WEIGHTS[r] for r in regions]

    def ids(model) -> list[int]:
        return list(model.objects.values_list("pk", flat=True))

    terms = {
        "settings": ids(Setting),
        "phases": ids(Phase),
        "health_areas": ids(HealthArea),
        "approaches": ids(EngagementApproach),
        "population_groups": ids(PopulationGroup),
        "partner_types": ids(PartnerType),
    }
    how_many = {
        "settings": (1, 2),
        "phases": (1, 2),
        "health_areas": (1, 2),
        "approaches": (1, 3),
        "population_groups": (1, 2),
        "partner_types": (1, 2),
    }
    levels, evidence = ids(EngagementLevel), ids(EvidenceType)
    labels = [Label.BEST, Label.PROMISING, Label.DOCUMENTED, ""]
    numbers: dict[int, int] = {}
    hidden = [Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.DECLINED, Status.WITHDRAWN]
    experiences, links = [], []
    for i in range(n + others):
        published = START + (END - START) * rng.random()
        year = published.year
        numbers[year] = numbers.get(year, 0) + 1
        region = rng.choices(regions, weights)[0]
        countries = rng.sample(by_region[region], min(len(by_region[region]), rng.randint(1, 3)))
        subject_en, subject_fr = rng.choice(SUBJECTS)
        original = "fr" if rng.random() < 0.15 else "en"
        translated = rng.random() < 0.4  # the title and summary
        fully = translated and rng.random() < 0.5  # every field
        text = {}
        for language, subject, country in (
            ("en", subject_en, countries[0][1]),
            ("fr", subject_fr, countries[0][2]),
        ):
            if language != original and not translated:
                continue
            text[f"title_{language}"] = f"{subject}, {country}"
            text[f"summary_{language}"] = paragraph(rng, language, 5)
            if language == original or fully:
                for name, sentences in TEXT_SIZES.items():
                    text[f"{name}_{language}"] = paragraph(rng, language, sentences)
        start = rng.randint(2000, min(year, 2026))
        ongoing = rng.random() < 0.2
        end = None if ongoing else min(start + rng.choice((0, 1, 1, 2, 2, 3, 5)), year)
        experiences.append(
            Experience(
                identifier=f"CE-{year}-{numbers[year]:04d}",
                status=Status.PUBLISHED if i < n else rng.choice(hidden),
                original_language=original,
                **text,
                who_region=region,
                engagement_level_id=rng.choice(levels),
                evidence_type_id=rng.choice(evidence),
                start_year=start,
                end_year=end,
                ongoing=ongoing,
                label=rng.choices(labels, (15, 35, 40, 10))[0],
                consent_confirmed=True,
                safeguarding_confirmed=True,
                rights_confirmed=True,
                source="import",
                created_at=published - timedelta(days=60),
                updated_at=published,
                status_changed_at=published,
                submitted_at=published - timedelta(days=60),
                published_at=published,
                decided_at=published,
                version_number=1,
            )
        )
        chosen = {"countries": [c[0] for c in countries]}
        for name, pool in terms.items():
            low, high = how_many[name]
            chosen[name] = rng.sample(pool, rng.randint(low, high))
        links.append(chosen)
    # Rows in the order a real site writes them: by publication.
    order = sorted(range(len(experiences)), key=lambda i: experiences[i].published_at)
    experiences = [experiences[i] for i in order]
    links = [links[i] for i in order]
    with transaction.atomic():
        Experience.objects.bulk_create(experiences, batch_size=batch)
        for name in ("countries", *terms):
            field = Experience._meta.get_field(name)
            through = field.remote_field.through
            column = f"{field.m2m_reverse_field_name()}_id"
            through.objects.bulk_create(
                [
                    through(experience_id=e.pk, **{column: term})
                    for e, chosen in zip(experiences, links, strict=True)
                    for term in chosen[name]
                ],
                batch_size=batch,
            )
    with connection.cursor() as cursor:
        # Fresh statistics (and, on PostgreSQL, the visibility map that index-only scans
        # need), as autovacuum gives a live site.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(
        f"Generated {n:,} published experiences and {others:,} others "
        f"in {time.perf_counter() - started:.1f} s"
    )


def sizes() -> str:
    from baraza.compendium.models import Experience

    counts = {
        "published experiences": Experience.objects.filter(status="published").count(),
        "others": Experience.objects.exclude(status="published").count(),
    }
    for name in ("countries", "phases", "health_areas", "approaches", "settings"):
        through = Experience._meta.get_field(name).remote_field.through
        counts[f"{name} links"] = through.objects.count()
    return ", ".join(f"{n:,} {name}" for name, n in counts.items())


def measure(client, result: Result, *, runs: int, warmup: int) -> Result:
    import gzip

    from django.db import connection

    for i in range(warmup + runs):
        timer = SqlTimer()
        with connection.execute_wrapper(timer):
            started = time.perf_counter()
            response = client.get(result.path, HTTP_ACCEPT_ENCODING="gzip")
            took = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{result.path} answered {response.status_code}")
        body = response.content
        gzipped = response.get("Content-Encoding") == "gzip"
        result.html_gzip = len(body) if gzipped else len(gzip.compress(body))
        if i >= warmup:
            result.times.append(took)
            result.sql_times.append(timer.seconds)
            result.queries.add(timer.count)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first")
    parser.add_argument(
        "--others", type=int, default=2500, help="records in other states (drafts, in review...)"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--existing",
        action="store_true",
        help="measure the experiences a previous run left in $BARAZA_DATA_DIR or DATABASE_URL",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.records <= 1_000_000 or not 1 <= args.runs <= 10_000:
        parser.error("--records must be 1 to 1,000,000 and --runs 1 to 10,000")
    temporary = None
    if not os.environ.get("BARAZA_DATA_DIR"):
        temporary = tempfile.mkdtemp(prefix="baraza-bench-compendium-")
        os.environ["BARAZA_DATA_DIR"] = temporary
    try:
        setup_django()
        from django.core.management import call_command
        from django.test import Client

        from baraza.compendium.models import Experience

        call_command("migrate", verbosity=0)
        if Experience.objects.exists() != args.existing:
            state = "has no experiences" if args.existing else "already holds experiences"
            print(
                f"{database_label()} {state}: use an empty database, or --existing on one that "
                "a previous run filled.",
                file=sys.stderr,
            )
            return 1
        call_command("collectstatic", interactive=False, verbosity=0)
        print(f"Database: {database_label()}")
        if not args.existing:
            generate(args.records, seed=args.seed, others=args.others)
        print(f"Data: {sizes()}")
        print(f"Requests: {args.warmup} untimed, then {args.runs} timed, per page\n")
        client = Client(HTTP_HOST="127.0.0.1")
        pages = [
            ("List, no filter", "/en/compendium/"),
            ("List, 2 filters (region, phase)", "/en/compendium/?region=AFR&phase=response"),
            (
                "List, 2 filters (country, health area), French",
                "/fr/compendium/?country=SN&health_area=malaria",
            ),
            (
                "List, 2 filters + words, by title, page 3",
                "/en/compendium/?phase=response&level=involve&q=community&sort=title&page=3",
            ),
        ]
        results = [
            measure(
                client,
                Result(page=page, visitor="anonymous", path=path),
                runs=args.runs,
                warmup=args.warmup,
            )
            for page, path in pages
        ]
        print("| page | median ms | p95 ms | SQL queries | SQL median ms | HTML gzip KB |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for r in results:
            queries = "/".join(str(n) for n in sorted(r.queries))
            print(
                f"| {r.page} | {statistics.median(r.times) * 1000:.1f} "
                f"| {percentile(r.times, 95) * 1000:.1f} | {queries} "
                f"| {statistics.median(r.sql_times) * 1000:.1f} | {r.html_gzip / 1024:.1f} |"
            )
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
