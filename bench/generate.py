"""Generate benchmark data: communities, members, memberships, topics and posts.

    python bench/generate.py --scale 1.0     # 100 communities, 10,000 members,
                                             # 20,000 topics, 400,000 posts
    python bench/generate.py --scale 0.01    # a quick run

It writes to whatever database the environment selects (``DATABASE_URL`` for PostgreSQL, else
SQLite in ``$BARAZA_DATA_DIR``), applies the migrations first, and refuses a database that
already holds members or communities: use a throwaway one.

This is test data, so it deliberately BYPASSES the services (``baraza.*.services``): rows are
built directly and saved with ``bulk_create`` in batches, with one precomputed password hash,
and no audit entries, notifications or emails. The bookkeeping the services would do is
computed here instead: ``Topic.post_count`` is the number of published posts and
``Topic.last_post_at`` the time of the latest one, and every topic's author follows it.
The same ``--seed`` and ``--scale`` always give the same data.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import math
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from common import BENCH_MEMBER_EMAIL, BENCH_PASSWORD, database_label, setup_django
from texts import (
    FIRST_NAMES,
    FRENCH_SPEAKING,
    LAST_NAMES,
    REGIONS,
    SENTENCES,
    SUBJECTS,
    TITLES,
)

END = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)
START = END - timedelta(days=3 * 365)
POSTS_PER_LONG_TOPIC = (200, 320)
FLUSH_EVERY = 10_000  # posts built in memory before they are written

FULL = {"communities": 100, "members": 10_000, "topics": 20_000, "posts": 400_000, "long": 200}


def body(rng: random.Random, language: str) -> str:
    """One to four paragraphs of one to four sentences, sometimes with a Markdown list."""
    sentences = SENTENCES[language]
    paragraphs = [
        " ".join(rng.choices(sentences, k=rng.randint(1, 4)))
        for _ in range(rng.choices((1, 2, 3, 4), weights=(30, 40, 20, 10))[0])
    ]
    if rng.random() < 0.1:
        paragraphs.append("\n".join(f"- {s}" for s in rng.sample(sentences, 3)))
    if rng.random() < 0.1:
        paragraphs[0] = f"**{paragraphs[0]}**"
    return "\n\n".join(paragraphs)


# --- Plan ---------------------------------------------------------------------------------


def sizes(scale: float) -> dict[str, int]:
    found = {name: max(1, round(count * scale)) for name, count in FULL.items()}
    found["communities"] = max(3, found["communities"])
    found["members"] = max(30, found["members"])
    found["topics"] = max(found["long"] + 10, found["topics"])
    found["posts"] = max(found["posts"], found["long"] * POSTS_PER_LONG_TOPIC[1] + found["topics"])
    return found


@dataclass
class TopicPlan:
    community: int  # index into the communities
    author: int  # user id
    language: str
    title: str
    times: list[datetime]  # of every post, in order
    participants: list[int]
    pending_last: bool = False  # the last post waits for approval
    hidden: set[int] = field(default_factory=set)  # numbers of hidden posts
    benchmark: bool = False  # the long topic that bench/run.py reads: open and visible
    pk: int | None = None


def random_time(rng: random.Random, after: datetime = START) -> datetime:
    return after + (END - after) * rng.random()


def post_counts(rng: random.Random, n_topics: int, n_long: int, n_posts: int) -> list[int]:
    """Posts per topic: ``n_long`` topics with 200 to 320 posts, the rest a long-tailed mix
    (lognormal) of 1 to about 150, adding up to exactly ``n_posts``."""
    long = [rng.randint(*POSTS_PER_LONG_TOPIC) for _ in range(n_long)]
    others = n_topics - n_long
    extra = n_posts - sum(long) - others
    weights = [min(rng.lognormvariate(0, 1.0), 12.0) for _ in range(others)]
    total = sum(weights)
    counts = [1 + int(extra * w / total) for w in weights]
    for i in rng.choices(range(others), k=n_posts - sum(long) - sum(counts)):
        counts[i] += 1
    return long + counts


# --- Writing ------------------------------------------------------------------------------


class Progress:
    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()

    def step(self, message: str) -> None:
        now = time.perf_counter()
        print(f"  {message:<48} {now - self.last:7.1f} s", flush=True)
        self.last = now

    def total(self) -> float:
        return time.perf_counter() - self.started


def generate(*, scale: float, seed: int) -> None:
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils.text import slugify

    from baraza.accounts.models import Profile, User
    from baraza.communities.models import (
        Community,
        JoinPolicy,
        Membership,
        Role,
        Status,
        Visibility,
    )
    from baraza.discussions.models import Follow, Post, PostStatus, Topic, TopicState
    from baraza.taxonomy.models import Country, Theme

    rng = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
    size = sizes(scale)
    batch = 1000 if connection.vendor == "postgresql" else None  # SQLite caps it itself
    progress = Progress()
    print(f"Generating into {database_label()}, scale {scale}, seed {seed}: {size}")

    # Members ------------------------------------------------------------------------------
    password = make_password(BENCH_PASSWORD)  # Argon2 is slow on purpose: hash once
    countries = list(Country.objects.values_list("pk", "code", "timezone").order_by("code"))
    users = []
    for i in range(size["members"]):
        country_pk, code, tz = rng.choice(countries)
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        name = "Bench Member" if i == 0 else f"{first} {last}"
        users.append(
            User(
                email=BENCH_MEMBER_EMAIL if i == 0 else f"member{i:05d}@bench.example.org",
                password=password,
                display_name=name,
                handle=f"{slugify(name)[:30]}-{i}",
                country_id=country_pk,
                language="fr" if code in FRENCH_SPEAKING else "en",
                timezone=tz or "UTC",
                date_joined=random_time(rng),
            )
        )
    with transaction.atomic():
        User.objects.bulk_create(users, batch_size=batch)
        Profile.objects.bulk_create([Profile(user_id=u.pk) for u in users], batch_size=batch)
        EmailAddress.objects.bulk_create(
            [EmailAddress(user_id=u.pk, email=u.email, verified=True, primary=True) for u in users],
            batch_size=batch,
        )
    user_ids = [u.pk for u in users]
    bench_member = user_ids[0]
    progress.step(f"{len(users):,} members, profiles, verified addresses")

    # Communities: 60% public, 25% members only, 15% private; the first (the busiest) public.
    n = size["communities"]
    visibilities = (
        [Visibility.PUBLIC] * round(n * 0.6)
        + [Visibility.MEMBERS] * round(n * 0.25)
        + [Visibility.PRIVATE] * n
    )[:n]
    rng.shuffle(visibilities)
    first_public = visibilities.index(Visibility.PUBLIC)
    visibilities[0], visibilities[first_public] = visibilities[first_public], visibilities[0]
    join_policies = {
        Visibility.PUBLIC: ([JoinPolicy.OPEN, JoinPolicy.REQUEST], [80, 20]),
        Visibility.MEMBERS: ([JoinPolicy.REQUEST, JoinPolicy.OPEN, JoinPolicy.INVITE], [7, 2, 1]),
        Visibility.PRIVATE: ([JoinPolicy.INVITE, JoinPolicy.REQUEST], [70, 30]),
    }
    names = rng.sample(list(itertools.product(SUBJECTS, REGIONS)), n)
    owners = rng.sample(user_ids[1:], n)
    communities = []
    for i, ((subject_en, subject_fr), (region_en, region_fr)) in enumerate(names):
        name_en, name_fr = f"{subject_en} in {region_en}", f"{subject_fr} : {region_fr}"
        description_en = " ".join(rng.sample(SENTENCES["en"], 2))
        description_fr = " ".join(rng.sample(SENTENCES["fr"], 2))
        policies, weights = join_policies[visibilities[i]]
        communities.append(
            Community(
                slug=slugify(f"{subject_en} {region_en}")[:76] + f"-{i}",
                name=name_en,
                name_en=name_en,
                name_fr=name_fr,
                description=description_en,
                description_en=description_en,
                description_fr=description_fr,
                original_language="fr" if rng.random() < 0.3 else "en",
                visibility=visibilities[i],
                join_policy=rng.choices(policies, weights)[0],
                is_featured=i < 3,
                created_at=START - timedelta(days=365) * rng.random(),
                created_by_id=owners[i],
            )
        )
    with transaction.atomic():
        Community.objects.bulk_create(communities, batch_size=batch)
    progress.step(f"{n} communities")

    # Memberships: an owner and two facilitators each; every member joins one to eight
    # communities, the popular ones (low index, Zipf-like) more often, private ones rarely.
    memberships: dict[tuple[int, int], Membership] = {}

    def join(c: int, user: int, role=Role.MEMBER, status=Status.ACTIVE) -> None:
        if (c, user) not in memberships:
            memberships[(c, user)] = Membership(
                community_id=communities[c].pk,
                user_id=user,
                role=role,
                status=status,
                created_at=random_time(rng, communities[c].created_at),
            )

    for c in range(n):
        join(c, owners[c], Role.OWNER)
        for facilitator in rng.sample(user_ids[1:], 2):
            join(c, facilitator, Role.FACILITATOR)
    others = [c for c in range(1, n) if visibilities[c] == Visibility.MEMBERS][:1] + [
        c for c in range(1, n) if visibilities[c] == Visibility.PRIVATE
    ][:1]
    for c in [0, *others]:
        join(c, bench_member)
    popularity = [
        (0.3 if visibilities[c] == Visibility.PRIVATE else 1.0) / (c + 1) ** 0.9 for c in range(n)
    ]
    cumulative = list(itertools.accumulate(popularity))
    for user in user_ids[1:]:
        wanted = min(n, rng.choices((1, 2, 3, 4, 5, 6, 8), weights=(30, 25, 18, 10, 7, 5, 5))[0])
        chosen: set[int] = set()
        while len(chosen) < wanted:
            chosen.add(bisect.bisect(cumulative, rng.random() * cumulative[-1]))
        for c in chosen:
            r = rng.random()
            if visibilities[c] == Visibility.PRIVATE or r < 0.90:
                status = Status.ACTIVE
            elif r < 0.94 and communities[c].join_policy == JoinPolicy.REQUEST:
                status = Status.PENDING
            elif r < 0.985:
                status = Status.LEFT
            else:
                status = Status.REMOVED
            join(c, user, status=status)
    with transaction.atomic():
        Membership.objects.bulk_create(list(memberships.values()), batch_size=batch)
    active: list[list[int]] = [[] for _ in range(n)]
    for (c, user), membership in memberships.items():
        if membership.status == Status.ACTIVE:
            active[c].append(user)
    progress.step(f"{len(memberships):,} memberships")

    # Topics: spread over communities in proportion to their active members; the first long
    # topic (200+ posts) goes to the busiest public community, for the benchmark.
    n_topics = size["topics"]
    counts = post_counts(rng, n_topics, size["long"], size["posts"])
    long_flags = [True] * size["long"] + [False] * (n_topics - size["long"])
    order = list(range(n_topics))
    rng.shuffle(order)
    counts = [counts[i] for i in order]
    long_flags = [long_flags[i] for i in order]
    homes = rng.choices(range(n), weights=[len(a) for a in active], k=n_topics)
    target = long_flags.index(True)
    homes[target] = 0
    languages = ["en", "fr"]
    plans = []
    for t in range(n_topics):
        c = homes[t]
        original = communities[c].original_language
        language = original if rng.random() < 0.85 else languages[original == "en"]
        count = counts[t]
        created = START + (END - START - timedelta(days=1)) * rng.random()
        gap = min(8 * 3600.0, (END - created).total_seconds() / (count + 1))
        times, moment = [], created
        for _ in range(count):
            times.append(moment)
            moment = min(moment + timedelta(seconds=rng.expovariate(1 / gap)), END)
        participants = rng.sample(active[c], min(len(active[c]), 3 + count // 4))
        plan = TopicPlan(
            community=c,
            author=participants[0],
            language=language,
            title=rng.choice(TITLES[language]),
            times=times,
            participants=participants,
        )
        if t == target:
            plan.benchmark = True
        else:
            plan.pending_last = count > 1 and rng.random() < 0.01
            plan.hidden = {k for k in range(2, count + 1) if rng.random() < 0.003}
        plans.append(plan)
    # Rows in the order they were written on a real site: topics by start, posts by time.
    plans.sort(key=lambda p: p.times[0])
    topics = []
    for plan in plans:
        published = len(plan.times) - plan.pending_last
        state, closed_at, summary = TopicState.OPEN, None, ""
        r = rng.random()
        if plan.benchmark:
            r = 1.0  # open, visible and not pinned: see below
        if r < 0.03:
            state, closed_at = TopicState.CLOSED, plan.times[published - 1]
            summary = " ".join(rng.sample(SENTENCES[plan.language], 3))
        elif r < 0.04:
            state = TopicState.LOCKED
        topics.append(
            Topic(
                community_id=communities[plan.community].pk,
                title=plan.title,
                language=plan.language,
                author_id=plan.author,
                created_at=plan.times[0],
                state=state,
                is_pinned=rng.random() < 0.01 and not plan.benchmark,
                is_hidden=rng.random() < 0.005 and not plan.benchmark,
                summary=summary,
                summary_by_id=owners[plan.community] if summary else None,
                closed_at=closed_at,
                last_post_at=plan.times[published - 1],
                post_count=published,
            )
        )
    theme_ids = list(Theme.objects.values_list("pk", flat=True))
    with transaction.atomic():
        Topic.objects.bulk_create(topics, batch_size=batch)
        for plan, topic in zip(plans, topics, strict=True):
            plan.pk = topic.pk
        Through = Topic.themes.through
        Through.objects.bulk_create(
            [
                Through(topic_id=topic.pk, theme_id=theme)
                for topic in topics
                for theme in rng.sample(theme_ids, rng.choice((0, 1, 1, 2)))
            ],
            batch_size=batch,
        )
        Follow.objects.bulk_create(
            [Follow(user_id=topic.author_id, topic_id=topic.pk) for topic in topics],
            batch_size=batch,
        )
    progress.step(f"{n_topics:,} topics, their themes and follows")

    # Posts, in time order across all topics, written FLUSH_EVERY at a time.
    order = sorted(
        (moment, index, number)
        for index, plan in enumerate(plans)
        for number, moment in enumerate(plan.times, start=1)
    )
    written = 0
    buffer: list[Post] = []

    def flush() -> None:
        nonlocal written
        with transaction.atomic():
            Post.objects.bulk_create(buffer, batch_size=batch)
        written += len(buffer)
        buffer.clear()

    for moment, index, number in order:
        plan = plans[index]
        language = plan.language if rng.random() < 0.9 else languages[plan.language == "en"]
        hidden = number in plan.hidden
        buffer.append(
            Post(
                topic_id=plan.pk,
                number=number,
                author_id=plan.author if number == 1 else rng.choice(plan.participants),
                body=body(rng, language),
                language=language,
                status=(
                    PostStatus.PENDING
                    if plan.pending_last and number == len(plan.times)
                    else PostStatus.PUBLISHED
                ),
                created_at=moment,
                is_hidden=hidden,
                hidden_reason="Off topic." if hidden else "",
            )
        )
        if len(buffer) >= FLUSH_EVERY:
            flush()
    flush()
    progress.step(f"{written:,} posts")

    if connection.vendor == "postgresql":
        # Autovacuum would analyse the new tables within a minute; don't wait for it.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        progress.step("ANALYZE (PostgreSQL)")
    check(size, next(p.pk for p in plans if p.benchmark))
    print(f"Done in {progress.total():.0f} s. Log in as {BENCH_MEMBER_EMAIL} / {BENCH_PASSWORD}.")


def check(size: dict[str, int], topic_pk: int) -> None:
    """The counts the site shows must agree with the rows."""
    from django.db.models import Sum

    from baraza.discussions.models import Post, PostStatus, Topic

    shown = Topic.objects.aggregate(total=Sum("post_count"))["total"]
    published = Post.objects.filter(status=PostStatus.PUBLISHED).count()
    assert shown == published, (shown, published)
    assert Post.objects.count() == size["posts"], Post.objects.count()
    assert Topic.objects.get(pk=topic_pk).post_count >= 200


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 is 400,000 posts")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    if not 0 < args.scale <= 10 or math.isnan(args.scale):
        parser.error("--scale must be above 0 and at most 10")
    setup_django()
    from django.core.management import call_command

    from baraza.accounts.models import User
    from baraza.communities.models import Community

    call_command("migrate", verbosity=0)
    if User.objects.exists() or Community.objects.exists():
        print(
            f"{database_label()} already holds members or communities. Generate into an "
            "empty database (a new BARAZA_DATA_DIR, or a new PostgreSQL database).",
            file=sys.stderr,
        )
        return 1
    generate(scale=args.scale, seed=args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
