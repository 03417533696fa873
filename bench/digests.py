"""Time the weekly email digests: 10,000 members and a busy week of 500 new posts.

    python bench/digests.py                        # 1,000 then 10,000 members, SQLite
    python bench/digests.py --members 2000 10000   # other member counts
    python bench/digests.py --backend smtp         # over SMTP to a local aiosmtpd process

It generates its own data into a throwaway database: SQLite in ``$BARAZA_DATA_DIR`` (a new
temporary folder, removed at the end, when unset), or the PostgreSQL database of
``DATABASE_URL``, which must be empty. Like generate.py it BYPASSES the services: rows are built
directly and saved with ``bulk_create``, including what the services would have recorded (the
topic authors' "every post" follows and the emails those sent, last week's digests).

The data: 20 communities (12 public, 5 members only, 3 private); members in 1 to 4 of them,
35% reading French, in ten time zones; 3% paused their email, 15% chose daily digests for their
communities and 5% none; some follow topics, communities and themes. Over the past week: 60 new
topics and 440 replies (500 posts, 60 topics started this week and 20 older ones), 10 resources
(3 in the global library) and 6 events to come.

Then, for each member count, only that many members are active, and ``send_digests("weekly")``
runs with Django's locmem email backend, or over SMTP to an aiosmtpd server in its own process
that keeps nothing. It prints the wall time, the CPU time of this process (with SMTP, the
server's own work is not in it), the SQL queries and the size of the emails as sent.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta

from common import BENCH_PASSWORD, database_label, setup_django
from texts import SENTENCES, TITLES

COMMUNITIES = [("public", 12), ("members", 5), ("private", 3)]
TIME_ZONES = [
    "Africa/Dakar", "Africa/Abidjan", "Africa/Lagos", "Africa/Kinshasa", "Africa/Nairobi",
    "Indian/Antananarivo", "Europe/Paris", "Asia/Kolkata", "America/Port-au-Prince", "UTC",
]  # fmt: skip
NEW_TOPICS, OLD_TOPICS, NEW_POSTS = 60, 20, 500


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


def body(rng: random.Random, language: str) -> str:
    paragraphs = rng.choices((1, 2, 3), weights=(40, 40, 20))[0]
    return "\n\n".join(
        " ".join(rng.choices(SENTENCES[language], k=rng.randint(1, 4))) for _ in range(paragraphs)
    )


def generate(size: int, *, seed: int, now) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from baraza.accounts.models import User
    from baraza.communities.models import Community, Membership, Role, Status
    from baraza.discussions.models import Delivery, Follow, Post, Topic
    from baraza.events.models import Event
    from baraza.library.models import Resource
    from baraza.mail.models import Digest, MailProfile, PendingEmail, Reason
    from baraza.taxonomy.models import Language, Theme

    rng = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
    started = time.perf_counter()
    password = make_password(BENCH_PASSWORD)
    users = [
        User(
            email=f"digest{i:05d}@bench.example.org",
            password=password,
            display_name=f"Member {i:05d}",
            handle=f"member-{i:05d}",
            language="fr" if rng.random() < 0.35 else "en",
            timezone=rng.choice(TIME_ZONES),
        )
        for i in range(size)
    ]
    communities = []
    for visibility, count in COMMUNITIES:
        for _ in range(count):
            i = len(communities)
            communities.append(
                Community(
                    slug=f"digest-community-{i}",
                    name=f"Community {i}",
                    name_en=f"Community {i}",
                    name_fr=f"Communauté {i}",
                    description="",
                    description_en="",
                    description_fr="",
                    visibility=visibility,
                    join_policy="open" if visibility == "public" else "invite",
                )
            )
    with transaction.atomic():
        User.objects.bulk_create(users, batch_size=1000)
        Community.objects.bulk_create(communities)
        # Memberships: the popular communities (low index) more often.
        weights = [1 / (c + 1) ** 0.8 for c in range(len(communities))]
        members: dict[int, list[int]] = {c.pk: [] for c in communities}
        rows = []
        for user in users:
            chosen = set(rng.choices(communities, weights=weights, k=rng.randint(1, 4)))
            for community in chosen:
                members[community.pk].append(user.pk)
                rows.append(
                    Membership(
                        community=community, user=user, role=Role.MEMBER, status=Status.ACTIVE
                    )
                )
        Membership.objects.bulk_create(rows, batch_size=1000)
        profiles = []
        for user in users:
            r = rng.random()
            if r < 0.03:
                profiles.append(MailProfile(user=user, paused=True))
            elif r < 0.18:
                profiles.append(MailProfile(user=user, community_delivery=Delivery.DAILY))
            elif r < 0.23:
                profiles.append(MailProfile(user=user, community_delivery=Delivery.NONE))
        MailProfile.objects.bulk_create(profiles, batch_size=1000)

        # Topics: 60 started this week, 20 older ones that get replies this week.
        busy = [c for c in communities for _ in range(1 + len(members[c.pk]) // 500)]
        topics, plans = [], []
        for t in range(NEW_TOPICS + OLD_TOPICS):
            community = rng.choice(busy)
            language = "fr" if rng.random() < 0.3 else "en"
            age = timedelta(days=rng.uniform(0, 7) if t < NEW_TOPICS else rng.uniform(14, 28))
            topics.append(
                Topic(
                    community=community,
                    title=rng.choice(TITLES[language]),
                    language=language,
                    author_id=rng.choice(members[community.pk]),
                    created_at=now - age,
                )
            )
            plans.append(language)
        Topic.objects.bulk_create(topics)
        themes = list(Theme.objects.values_list("pk", flat=True))
        Through = Topic.themes.through
        Through.objects.bulk_create(
            Through(topic_id=topic.pk, theme_id=theme)
            for topic in topics
            for theme in rng.sample(themes, rng.choice((0, 1, 1, 2)))
        )
        # Posts: the openings (old ones with a few old replies), then this week's replies.
        posts, numbers = [], {}
        for topic, language in zip(topics, plans, strict=True):
            old = topic.created_at < now - timedelta(days=7)
            numbers[topic.pk] = rng.randint(2, 6) if old else 1
            for n in range(1, numbers[topic.pk] + 1):
                posts.append(
                    Post(
                        topic=topic,
                        number=n,
                        author_id=topic.author_id,
                        body=body(rng, language),
                        language=language,
                        created_at=topic.created_at + timedelta(minutes=n),
                    )
                )
        replies = []
        for _ in range(NEW_POSTS - NEW_TOPICS):
            topic = rng.choice(topics)
            numbers[topic.pk] += 1
            since = max(topic.created_at, now - timedelta(days=7))
            replies.append(
                Post(
                    topic=topic,
                    number=numbers[topic.pk],
                    author_id=rng.choice(members[topic.community_id]),
                    body=body(rng, topic.language),
                    language=topic.language,
                    created_at=since + (now - since) * rng.random(),
                )
            )
        # Numbers follow time within a topic.
        by_topic: dict[int, list[Post]] = {}
        for post in replies:
            by_topic.setdefault(post.topic_id, []).append(post)
        for topic_posts in by_topic.values():
            times = sorted(p.created_at for p in topic_posts)
            for post, moment in zip(
                sorted(topic_posts, key=lambda p: p.number), times, strict=True
            ):
                post.created_at = moment
        Post.objects.bulk_create(posts + replies, batch_size=1000)

        # Follows: topic authors follow their topics (every post, so they were emailed each
        # reply); some members follow topics, communities and themes.
        follows = {(t.author_id, "topic", t.pk): "" for t in topics}
        for user in users:
            r = rng.random()
            if r < 0.10:
                for topic in rng.sample(topics, rng.randint(1, 3)):
                    follows[(user.pk, "topic", topic.pk)] = rng.choice(["", "weekly", "daily"])
            elif r < 0.15:
                community = rng.choice(communities)
                follows[(user.pk, "community", community.pk)] = rng.choice(["weekly", "daily"])
            elif r < 0.20:
                follows[(user.pk, "theme", rng.choice(themes))] = "weekly"
        Follow.objects.bulk_create(
            [
                Follow(user_id=user_id, delivery=delivery, **{f"{kind}_id": target})
                for (user_id, kind, target), delivery in follows.items()
            ],
            batch_size=1000,
        )
        author_of = {t.pk: t.author_id for t in topics}
        pending = {
            (author_of[p.topic_id], p.pk): PendingEmail(
                user_id=author_of[p.topic_id],
                topic_id=p.topic_id,
                post=p,
                reason=Reason.REPLY,
                sent_at=p.created_at + timedelta(minutes=2),
            )
            for p in replies
            if p.author_id != author_of[p.topic_id]
        }
        for post in rng.sample(replies, 50):  # mentions, emailed at once
            user_id = rng.choice(members[post.topic.community_id])
            pending.setdefault(
                (user_id, post.pk),
                PendingEmail(
                    user_id=user_id,
                    topic_id=post.topic_id,
                    post=post,
                    reason=Reason.MENTION,
                    sent_at=post.created_at + timedelta(minutes=2),
                ),
            )
        PendingEmail.objects.bulk_create(pending.values(), batch_size=1000)

        language = Language.objects.order_by("pk").first()
        Resource.objects.bulk_create(
            Resource(
                community=None if i < 3 else rng.choice(communities),
                kind="report",
                title=rng.choice(TITLES["en"]),
                language=language,
                licence="cc-by-4.0",
                url=f"https://example.org/report-{i}",
                abstract=" ".join(rng.choices(SENTENCES["en"], k=3)),
                created_at=now - timedelta(days=rng.uniform(0, 7)),
            )
            for i in range(10)
        )
        for i in range(6):
            starts = now + timedelta(days=rng.uniform(1, 30))
            Event.objects.create(
                community=rng.choice(communities),
                title=f"Webinar {i}",
                description=" ".join(rng.choices(SENTENCES["en"], k=2)),
                language="en",
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
                online_url="https://meet.example.org/webinar",
                created_at=now - timedelta(days=rng.uniform(0, 7)),
            )
        # Last week's digests: the window of this week's starts where they ended.
        last_week = now - timedelta(days=7)
        Digest.objects.bulk_create(
            [
                Digest(
                    user=user,
                    frequency="weekly",
                    period="history",
                    run="history",
                    until=last_week,
                    sent_at=last_week,
                    items={"post": [p.pk for p in rng.sample(posts, 5)]},
                )
                for user in users
            ],
            batch_size=1000,
        )
    print(
        f"Generated {size:,} members, {len(rows):,} memberships, {len(follows):,} follows, "
        f"{len(posts) + len(replies):,} posts ({NEW_POSTS} this week) in "
        f"{len(topics)} topics in {time.perf_counter() - started:.0f} s"
    )


def smtp_sink() -> tuple[subprocess.Popen, int]:
    """An SMTP server in its own process (as a mail server would be) that accepts every
    message and keeps nothing: aiosmtpd's ``Sink`` handler."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink"]
    server = subprocess.Popen([*command, "-l", f"127.0.0.1:{port}"])  # noqa: S603 (fixed)
    for _ in range(100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return server, port
        time.sleep(0.1)
    server.kill()
    raise SystemExit("The SMTP sink did not start.")


def measure(active: int, *, backend: str, now) -> dict:
    from django.conf import settings
    from django.core import mail
    from django.db import connection

    from baraza.accounts.models import User
    from baraza.mail import digests
    from baraza.mail.models import Digest

    last = User.objects.order_by("pk").values_list("pk", flat=True)[active - 1]
    User.objects.filter(pk__lte=last).update(is_active=True)
    User.objects.filter(pk__gt=last).update(is_active=False)
    Digest.objects.exclude(run="history").delete()
    mail.outbox = []
    server = None
    if backend == "smtp":
        server, port = smtp_sink()
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    else:
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    counter = QueryCounter()
    try:
        with connection.execute_wrapper(counter):
            started, cpu = time.perf_counter(), time.process_time()
            result = digests.send_digests("weekly", now=now)
            took, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        if server is not None:
            server.terminate()
            server.wait()
    # The sizes as they go over SMTP (locmem keeps the messages; the sink keeps nothing).
    measured = [len(m.message().as_bytes(linesep="\r\n")) for m in mail.outbox]
    mail.outbox = []
    sizes = {"count": len(measured), "total": sum(measured), "largest": max(measured, default=0)}
    return {
        "active": active,
        "seconds": took,
        "cpu": cpu,
        "result": result,
        "queries": counter,
        **sizes,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument(
        "--backend",
        choices=["locmem", "smtp"],
        default="locmem",
        help="smtp: send to an aiosmtpd server in its own process, which keeps nothing",
    )
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    if not all(1 <= n <= 100_000 for n in args.members):
        parser.error("--members must be 1 to 100,000")
    temporary = None
    if not os.environ.get("BARAZA_DATA_DIR"):
        temporary = tempfile.mkdtemp(prefix="baraza-bench-digests-")
        os.environ["BARAZA_DATA_DIR"] = temporary
    try:
        setup_django()
        from django.core.management import call_command
        from django.utils import timezone

        from baraza.accounts.models import User

        call_command("migrate", verbosity=0)
        if User.objects.exists():
            print(f"{database_label()} already holds members: use an empty one.", file=sys.stderr)
            return 1
        print(f"Database: {database_label()}")
        now = timezone.now()
        generate(max(args.members), seed=args.seed, now=now)
        print(f"Backend: {args.backend}\n")
        print(
            "| active members | digests sent | skipped | wall time s | CPU s | SQL queries "
            "| of which INSERT | email KB: average | largest |"
        )
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for active in sorted(args.members):
            row = measure(active, backend=args.backend, now=now)
            result, queries = row["result"], row["queries"]
            average = f"{row['total'] / row['count'] / 1024:.1f}" if row["count"] else "-"
            largest = f"{row['largest'] / 1024:.1f}" if row["count"] else "-"
            print(
                f"| {active:,} | {result.sent:,} | {result.skipped:,} | {row['seconds']:.1f} "
                f"| {row['cpu']:.1f} "
                f"| {queries.total} | {queries.kinds['INSERT']} | {average} | {largest} |"
            )
            print(f"  queries by kind: {dict(sorted(queries.kinds.items()))}", file=sys.stderr)
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
