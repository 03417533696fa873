"""Time a full OAI-PMH ListRecords harvest of 50,000 published records.

    python bench/oai_harvest.py                     # 50,000 records, oai_dc and baraza
    python bench/oai_harvest.py --records 5000

It generates its own data into a throwaway database (SQLite in ``$BARAZA_DATA_DIR``, a new
temporary folder removed at the end when unset, or the empty PostgreSQL database of
``DATABASE_URL``) with the generator of compendium_list.py: the published records plus 2,500
in other states, a fifth of them withdrawn (harvested as deleted). Like that generator it
BYPASSES the services: each published or withdrawn record gets one version, written with
``bulk_create``, whose ``data`` is a real snapshot (``compendium.snapshot``) of one record,
varied per record with its own identifier, texts in both languages, countries, phases,
region, period and label (about 4 KB of text each, like the demo records).

Then it harvests ``/oai`` through Django's test client in this process (nothing listens on
any port), as a harvester does: ListRecords, then the resumption token until there is none,
once per metadata format (100 records a page). It prints a Markdown table: total time,
pages, records per second, SQL queries per page, megabytes of XML and the peak RSS of the
harvest (Linux: VmHWM, reset before each harvest).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from datetime import timedelta

from common import database_label, setup_django
from compendium_list import generate
from run import SqlTimer

OAI = "{http://www.openarchives.org/OAI/2.0/}"
CHUNK = 1000


def add_versions() -> int:
    """One version per published or withdrawn record; withdrawn ones get a withdrawal date."""
    from django.db import connection, transaction
    from django.db.models import F

    from baraza.compendium.models import TEXT_FIELDS, Experience, ExperienceVersion, Status
    from baraza.compendium.snapshot import snapshot

    batch = CHUNK if connection.vendor == "postgresql" else None
    started = time.perf_counter()
    items = Experience.objects.filter(status__in=(Status.PUBLISHED, Status.WITHDRAWN))
    template = snapshot(items.order_by("pk").first())
    countries: dict[int, list[dict]] = {}
    through = Experience.countries.through.objects.values_list(
        "experience_id", "country__code", "country__name_en", "country__name_fr"
    )
    for pk, code, name_en, name_fr in through.iterator(chunk_size=5000):
        countries.setdefault(pk, []).append({"code": code, "en": name_en, "fr": name_fr})
    phases: dict[int, list[dict]] = {}
    through = Experience.phases.through.objects.values_list(
        "experience_id", "phase__slug", "phase__name_en", "phase__name_fr"
    )
    for pk, slug, name_en, name_fr in through.iterator(chunk_size=5000):
        phases.setdefault(pk, []).append({"slug": slug, "en": name_en, "fr": name_fr})
    columns = [f"{f}_{lang}" for f in TEXT_FIELDS for lang in ("en", "fr")]
    rows = items.values_list(
        "pk", "identifier", "original_language", "who_region", "start_year", "end_year",
        "ongoing", "label", "published_at", *columns,
    )  # fmt: skip
    count = 0
    with transaction.atomic():
        versions = []
        for row in rows.iterator(chunk_size=CHUNK):
            pk, identifier, original, region, start, end, ongoing, label, published = row[:9]
            texts = dict(zip(columns, row[9:], strict=True))
            data = {
                **template,
                "identifier": identifier,
                "version": 1,
                "original_language": original,
                "text": {f: {"en": texts[f"{f}_en"], "fr": texts[f"{f}_fr"]} for f in TEXT_FIELDS},
                "countries": countries.get(pk, []),
                "who_region": region,
                "phases": phases.get(pk, []),
                "start_year": start,
                "end_year": end,
                "ongoing": ongoing,
                "label": label,
            }
            versions.append(
                ExperienceVersion(
                    experience_id=pk, number=1, data=data, label=label, published_at=published
                )
            )
            if len(versions) == CHUNK:
                ExperienceVersion.objects.bulk_create(versions, batch_size=batch)
                count += len(versions)
                versions = []
        ExperienceVersion.objects.bulk_create(versions, batch_size=batch)
        count += len(versions)
        Experience.objects.filter(status=Status.WITHDRAWN).update(
            withdrawn_at=F("published_at") + timedelta(days=30), withdrawal_reason="Benchmark."
        )
    print(f"Added {count:,} versions in {time.perf_counter() - started:.1f} s")
    return count


def _status_kb(name: str) -> int | None:
    with open("/proc/self/status") as f:
        match = re.search(rf"{name}:\s+(\d+) kB", f.read())
    return int(match.group(1)) if match else None


def _reset_peak_rss() -> bool:
    """Reset VmHWM (Linux 4.0+); False where that is not possible (the peak is then the
    whole process's, data generation included)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        peak, now = _status_kb("VmHWM"), _status_kb("VmRSS")
        return peak is not None and now is not None and peak <= now * 1.05
    except OSError:
        return False


def _peak_rss_mb(reset: bool) -> float:
    if reset and (peak := _status_kb("VmHWM")):
        return peak / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def harvest(client, prefix: str) -> dict:
    from django.db import connection

    reset = _reset_peak_rss()
    pages = records = deleted = size = 0
    queries: list[int] = []
    query = f"/oai?verb=ListRecords&metadataPrefix={prefix}"
    started = time.perf_counter()
    while True:
        timer = SqlTimer()
        with connection.execute_wrapper(timer):
            response = client.get(query)
        if response.status_code != 200:
            raise SystemExit(f"{query} answered {response.status_code}")
        size += len(response.content)
        root = ET.fromstring(response.content)  # noqa: S314 (our own server's XML)
        error = root.find(f"{OAI}error")
        if error is not None:
            raise SystemExit(f"{query} answered {error.get('code')}: {error.text}")
        found = root.findall(f"{OAI}ListRecords/{OAI}record")
        records += len(found)
        deleted += sum(1 for r in found if r.find(f"{OAI}header").get("status") == "deleted")
        pages += 1
        queries.append(timer.count)
        token = root.findtext(f"{OAI}ListRecords/{OAI}resumptionToken")
        if not token:
            break
        query = f"/oai?verb=ListRecords&resumptionToken={token}"
    took = time.perf_counter() - started
    return {
        "prefix": prefix,
        "seconds": took,
        "pages": pages,
        "records": records,
        "deleted": deleted,
        "queries": sorted(set(queries)),
        "megabytes": size / 1024 / 1024,
        "rss": _peak_rss_mb(reset),
        "rss_scope": "harvest" if reset else "process",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--others", type=int, default=2500)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--formats", default="oai_dc,baraza")
    args = parser.parse_args(argv)
    if not 1 <= args.records <= 1_000_000:
        parser.error("--records must be 1 to 1,000,000")
    temporary = None
    if not os.environ.get("BARAZA_DATA_DIR"):
        temporary = tempfile.mkdtemp(prefix="baraza-bench-oai-")
        os.environ["BARAZA_DATA_DIR"] = temporary
    try:
        setup_django()
        from django.core.management import call_command
        from django.test import Client

        from baraza.compendium.models import Experience
        from baraza.oai import protocol

        call_command("migrate", verbosity=0)
        if Experience.objects.exists():
            print(f"{database_label()} already holds experiences.", file=sys.stderr)
            return 1
        call_command("collectstatic", interactive=False, verbosity=0)
        print(f"Database: {database_label()}")
        generate(args.records, seed=args.seed, others=args.others)
        add_versions()
        client = Client(HTTP_HOST="127.0.0.1")
        print(f"Page size: {protocol.PAGE_SIZE} records\n")
        results = [harvest(client, prefix) for prefix in args.formats.split(",")]
        print(
            "| format | records (deleted) | pages | total s | records/s | ms/page "
            "| SQL queries/page | XML MB | peak RSS MB |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in results:
            print(
                f"| {r['prefix']} | {r['records']:,} ({r['deleted']:,}) | {r['pages']:,} "
                f"| {r['seconds']:.1f} | {r['records'] / r['seconds']:,.0f} "
                f"| {r['seconds'] / r['pages'] * 1000:.0f} "
                f"| {'/'.join(map(str, r['queries']))} | {r['megabytes']:.0f} "
                f"| {r['rss']:.0f} ({r['rss_scope']}) |"
            )
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
