"""Measure the server time of the main pages on the data from bench/generate.py.

    python bench/run.py                  # 50 timed requests per page and visitor
    python bench/run.py --runs 200 --slowest 3

Requests go through Django's test client in this process (no network, nothing listens on any
port): the whole middleware stack, views, templates and gzip, against whatever database the
environment selects (``DATABASE_URL`` for PostgreSQL, else SQLite in ``$BARAZA_DATA_DIR``).
Each page is fetched ``--warmup`` times, then ``--runs`` times, as an anonymous visitor and as
an ordinary member of the community. It prints a Markdown table: median and 95th-percentile
server time, the number of SQL queries and the time spent in them, and the compressed HTML.

Pages: the explore page, the busiest public community's home, its topic list, and the first
and last pages of its benchmark topic (200 to 320 posts, 50 per page).
"""

from __future__ import annotations

import argparse
import gzip
import math
import statistics
import sys
import time
from dataclasses import dataclass, field

from common import BENCH_MEMBER_EMAIL, database_label, setup_django


class SqlTimer:
    """A database execute wrapper that counts the queries and the time spent in them."""

    def __init__(self, keep: bool = False) -> None:
        self.count = 0
        self.seconds = 0.0
        self.keep = keep
        self.queries: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            took = time.perf_counter() - started
            self.count += 1
            self.seconds += took
            if self.keep:
                self.queries.append((took, f"{sql} -- {params!r}"))


@dataclass
class Result:
    page: str
    visitor: str
    path: str
    times: list[float] = field(default_factory=list)
    sql_times: list[float] = field(default_factory=list)
    queries: set[int] = field(default_factory=set)
    html_gzip: int = 0
    slowest: list[tuple[float, str]] = field(default_factory=list)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def measure(client, result: Result, *, runs: int, warmup: int, slowest: int) -> Result:
    from django.db import connection

    def get() -> tuple[float, SqlTimer]:
        timer = SqlTimer(keep=slowest > 0)
        with connection.execute_wrapper(timer):
            started = time.perf_counter()
            response = client.get(result.path, HTTP_ACCEPT_ENCODING="gzip")
            took = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{result.path} answered {response.status_code} to {result.visitor}")
        body = response.content
        gzipped = response.get("Content-Encoding") == "gzip"
        result.html_gzip = len(body) if gzipped else len(gzip.compress(body))
        return took, timer

    for _ in range(warmup):
        get()
    for _ in range(runs):
        took, timer = get()
        result.times.append(took)
        result.sql_times.append(timer.seconds)
        result.queries.add(timer.count)
        if slowest:
            result.slowest = sorted(result.slowest + timer.queries, reverse=True)[:slowest]
    return result


def targets():
    """The community, topic and member the benchmark reads (see generate.py)."""
    from django.contrib.auth.models import AnonymousUser

    from baraza.accounts.models import User
    from baraza.communities.models import Community
    from baraza.discussions import queries
    from baraza.discussions.models import Topic

    member = User.objects.get(email=BENCH_MEMBER_EMAIL)
    community = (
        Community.objects.filter(visibility="public", memberships__user=member)
        .order_by("pk")
        .first()
    )
    topic = (
        Topic.objects.filter(community=community, post_count__gte=200, is_hidden=False)
        .order_by("pk")
        .first()
    )
    if topic is None:
        raise SystemExit("No benchmark data here: run bench/generate.py first.")
    last_pages = {}
    for visitor, user in (("anonymous", AnonymousUser()), ("member", member)):
        count = queries.posts_of(topic, viewer=user).count()
        last_pages[visitor] = math.ceil(count / queries.POSTS_PER_PAGE)
    return member, community, topic, last_pages


def data_sizes() -> str:
    from baraza.accounts.models import User
    from baraza.communities.models import Community, Membership
    from baraza.discussions.models import Post, Topic

    counts = {
        "communities": Community.objects.count(),
        "members": User.objects.count(),
        "memberships": Membership.objects.count(),
        "topics": Topic.objects.count(),
        "posts": Post.objects.count(),
        "topics with 200+ posts": Topic.objects.filter(post_count__gte=200).count(),
    }
    return ", ".join(f"{n:,} {name}" for name, n in counts.items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=50, help="timed requests per page and visitor")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests first")
    parser.add_argument("--slowest", type=int, default=0, help="print the N slowest queries")
    args = parser.parse_args(argv)
    if not 1 <= args.runs <= 10_000 or not 0 <= args.warmup <= 1000:
        parser.error("--runs must be 1 to 10,000 and --warmup 0 to 1,000")
    setup_django()
    from django.core.management import call_command
    from django.test import Client

    # The hashed, compressed static files that production serves (the page templates need
    # their manifest).
    call_command("collectstatic", interactive=False, verbosity=0)
    member, community, topic, last_pages = targets()
    anonymous = Client(HTTP_HOST="127.0.0.1")
    logged_in = Client(HTTP_HOST="127.0.0.1")
    logged_in.force_login(member)
    pages = [
        ("Explore communities", "/en/communities/"),
        ("Community home", f"/en/communities/{community.slug}/"),
        ("Topic list", f"/en/communities/{community.slug}/topics/"),
        (f"Topic ({topic.post_count} posts), page 1", f"/en/t/{topic.pk}/"),
    ]
    print(f"Database: {database_label()}")
    print(f"Data: {data_sizes()}")
    print(f"Community: {community.slug} ({community.memberships.count():,} memberships, ", end="")
    print(f"{community.topics.count():,} topics); topic {topic.pk}")
    print(f"Requests: {args.warmup} untimed, then {args.runs} timed, per page and visitor\n")
    results = []
    try:
        for visitor, client in (("anonymous", anonymous), ("member", logged_in)):
            last = last_pages[visitor]
            for page, path in [
                *pages,
                (f"Topic, last page ({last})", f"/en/t/{topic.pk}/?page={last}"),
            ]:
                result = Result(page=page, visitor=visitor, path=path)
                results.append(
                    measure(
                        client, result, runs=args.runs, warmup=args.warmup, slowest=args.slowest
                    )
                )
    finally:
        logged_in.logout()  # drops the benchmark session row
    print("| page | visitor | median ms | p95 ms | SQL queries | SQL median ms | HTML gzip KB |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for r in sorted(results, key=lambda r: ([p for p, _ in pages] + [r.page]).index(r.page)):
        queries = "/".join(str(n) for n in sorted(r.queries))
        print(
            f"| {r.page} | {r.visitor} | {statistics.median(r.times) * 1000:.1f} "
            f"| {percentile(r.times, 95) * 1000:.1f} | {queries} "
            f"| {statistics.median(r.sql_times) * 1000:.1f} | {r.html_gzip / 1024:.1f} |"
        )
    if args.slowest:
        for r in results:
            print(f"\n{r.page}, {r.visitor}: slowest queries")
            for took, sql in r.slowest:
                print(f"  {took * 1000:8.2f} ms  {sql[:1500]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
