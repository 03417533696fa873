"""Daily and weekly digests: one email per member and period with what is new in what they
follow, that they chose to hear about at that frequency, may read, and were not emailed yet.

A run (``send_digests``) costs the same number of SQL queries for ten members as for ten
thousand: everything is loaded in bulk, the member-by-member work is done in Python.

1. Claims left by a run that died (rows never marked sent, older than ``CLAIM_TIMEOUT``) are
   given back, so that their members are not skipped for the whole period.
2. The members who get email, the digests they had lately (for the start of their window and
   the items already sent) and the posts already emailed to them at once (``PendingEmail``).
3. Everything new since the earliest window: posts with their authors, topics and communities,
   and each section's items (library resources, events…); who hears how about each of them
   (``Subscriptions``, the rules of the emails sent at once) and who may read what
   (``ReadableCommunities``).
4. Each member's digest is worked out; the run claims (member, frequency, period) by inserting
   ``Digest`` rows: the unique constraint lets only one run have each, so a digest is never
   sent twice. It sends the digests it owns over one connection, then marks them sent; a
   member whose email failed loses the claim, and a later run tries again.

A member's window runs from the ``until`` of their previous digest of the same frequency (one
day or one week back if they had none, and never more than ``LOOKBACK`` back) to now.

Posts follow the rules of the emails sent at once (``mail.queries.Subscriptions``). Other kinds
(library resources, events, compendium experiences…) are *sections*, which their apps register
with ``register_section`` from ``AppConfig.ready()``. A section's items belong to a community,
or to none (site-wide, like the global library). A member gets an item of a community in the
digest that matches their choice for that community (its follow, else their default for
communities if they belong to it); site-wide items follow their default for communities. There
is no email sent at once for these, so "every post" counts as daily for them.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from baraza.accounts.models import User
from baraza.communities.models import Community
from baraza.communities.queries import ReadableCommunities
from baraza.core.markdown import excerpt
from baraza.discussions.models import Delivery, Post, PostStatus, Topic
from baraza.mail import outbound
from baraza.mail.models import Digest, Frequency, MailProfile, PendingEmail
from baraza.mail.queries import Subscriptions

logger = logging.getLogger("baraza.mail")

PERIOD = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}
# However long ago a member's previous digest was, the window reaches back at most this far:
# content missed while digests stopped (an outage) comes later, but not months of it.
LOOKBACK = {Frequency.DAILY: timedelta(days=7), Frequency.WEEKLY: timedelta(days=28)}
# A claimed digest not marked sent after this long belongs to a run that died.
CLAIM_TIMEOUT = timedelta(hours=1)
# How long sent digests are kept (for the member's data export), well past every LOOKBACK.
KEEP = timedelta(days=90)
# The whole email (both parts and the headers) stays under this weight.
MAX_BYTES = 100 * 1024
HEADERS_ALLOWANCE = 4 * 1024
MAX_TOPICS = 20
MAX_POSTS_PER_TOPIC = 3
MAX_ITEMS_PER_SECTION = 10
EXCERPT_CHARS = 240
POST = "post"  # the key of posts in ``Digest.items``


# --- Sections: the kinds of items other apps add ---------------------------------------------


@dataclass(frozen=True)
class DigestItem:
    """One thing a section tells members about. Texts may be lazy (translated when shown)."""

    pk: int
    title: str
    created_at: datetime  # what puts it in a member's window
    community: Community | None  # None: site-wide (the global library…)
    link: tuple[str, tuple]  # a view name and its arguments, reversed in the member's language
    author_id: int | None = None  # who added it: it is no news to them
    when: datetime | None = None  # a moment to show in the member's time zone (an event)
    details: tuple[str | Promise, ...] = ()  # short facts: "Report", "Online"…
    text: str = ""  # a one-line excerpt

    @property
    def community_id(self) -> int | None:
        return self.community.pk if self.community is not None else None


@dataclass(frozen=True)
class Section:
    name: str  # the key of its items in ``Digest.items``
    order: int
    collect: Callable[[datetime, datetime], Iterable[DigestItem]]
    heading: str | Promise
    count: Callable[[int], str]  # "3 resources", in the active language
    more: str = ""  # the view name of the page that lists them all


_sections: dict[str, Section] = {}


def register_section(
    name: str,
    *,
    order: int,
    collect: Callable[[datetime, datetime], Iterable[DigestItem]],
    heading: str | Promise,
    count: Callable[[int], str],
    more: str = "",
) -> None:
    """Add a kind of item to the digests (call it from ``AppConfig.ready()``).

    ``collect(since, until)`` returns every item that became news in ``(since, until]``, in the
    order to show them; the digest keeps, for each member, those they may read and chose to hear
    about at that frequency (see the module's docstring). Registering a name again replaces it.
    """
    if name == POST:
        raise ValueError(f"{POST!r} is the digests' own section")
    _sections[name] = Section(name, order, collect, heading, count, more)


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.name))


# --- Periods --------------------------------------------------------------------------------


@cache
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def period_of(frequency: str, local: datetime) -> str:
    """The member's local date ("2026-11-22") or ISO week ("2026-W47")."""
    if frequency == Frequency.DAILY:
        return local.date().isoformat()
    year, week, _day = local.isocalendar()
    return f"{year}-W{week:02d}"


def is_due(frequency: str, local: datetime) -> bool:
    """Whether the member's digest of the period may leave (the beat's rule): from
    ``BARAZA_DIGEST_HOUR`` of their day, and for weekly ones from that hour on Monday."""
    hour = settings.BARAZA_DIGEST_HOUR
    if frequency == Frequency.DAILY:
        return local.hour >= hour
    return local.isoweekday() > 1 or local.hour >= hour


# --- What one member gets -------------------------------------------------------------------


@dataclass
class TopicGroup:
    topic: Topic
    posts: list[Post]  # every new post of the topic for the member, in order

    @property
    def is_new(self) -> bool:
        return self.posts[0].number == 1


@dataclass
class Plan:
    """One member's digest for one period, before it is rendered."""

    user: User
    period: str
    since: datetime
    groups: list[TopicGroup] = field(default_factory=list)
    items: dict[str, list[DigestItem]] = field(default_factory=dict)

    @property
    def post_count(self) -> int:
        return sum(len(group.posts) for group in self.groups)

    def item_ids(self) -> dict[str, list[int]]:
        """What ``Digest.items`` records: every item counted, shown or cut for size."""
        ids = {POST: [post.pk for group in self.groups for post in group.posts]}
        ids.update({name: [item.pk for item in items] for name, items in self.items.items()})
        return {kind: found for kind, found in ids.items() if found}


@dataclass
class Result:
    sent: int = 0
    failed: int = 0
    already_sent: int = 0  # this period's digest went out before (or another run has it)
    empty: int = 0  # nothing new for them
    not_due: int = 0  # their hour has not come yet (``due_only``)

    @property
    def skipped(self) -> int:
        return self.already_sent + self.empty + self.not_due


def send_digests(frequency: str, *, due_only: bool = False, now: datetime | None = None) -> Result:
    """Send every member their ``frequency`` digest for the current period, once.

    With ``due_only`` (the beat, every quarter of an hour) only to the members whose hour has
    come in their own time zone (see ``is_due``); without it, to everyone who has not had this
    period's digest yet.
    """
    if frequency not in PERIOD:
        raise ValueError(f"unknown digest frequency: {frequency!r}")
    now = now or timezone.now()
    result = Result()
    Digest.objects.filter(sent_at=None, created_at__lt=timezone.now() - CLAIM_TIMEOUT).delete()
    # Older digests are no longer needed for windows or for items already sent.
    Digest.objects.filter(until__lt=now - KEEP).delete()

    periods: dict[int, str] = {}
    members: list[User] = []
    for user in _members():
        local = now.astimezone(_zone(user.timezone))
        if due_only and not is_due(frequency, local):
            result.not_due += 1
            continue
        periods[user.pk] = period_of(frequency, local)
        members.append(user)
    if not members:
        return result

    history = _History(frequency, now, periods)
    starts: dict[int, datetime] = {}
    for user in members:
        if user.pk in history.claimed:
            result.already_sent += 1
            continue
        last = history.last_until.get(user.pk, now - PERIOD[frequency])
        starts[user.pk] = max(last, now - LOOKBACK[frequency])
    if not starts:
        return result

    news = _News(frequency, since=min(starts.values()), until=now)
    plans = []
    for user in members:
        if user.pk not in starts:
            continue
        plan = news.plan(user, period=periods[user.pk], since=starts[user.pk], history=history)
        if plan is None:
            result.empty += 1
        else:
            plans.append(plan)

    run = uuid.uuid4().hex
    owned = _claim(plans, frequency=frequency, until=now, run=run)
    result.already_sent += len(plans) - len(owned)
    sent: list[int] = []
    try:
        _send([p for p in plans if p.user.pk in owned], frequency=frequency, sent=sent)
    finally:
        # Also when something unexpected stopped the run: what went out is recorded, and the
        # other claims are given back for a later run.
        _record(run, owned=owned, sent=sent)
    result.sent, result.failed = len(sent), len(owned) - len(sent)
    logger.info(
        "digests sent",
        extra={"frequency": frequency, "sent": result.sent, "failed": result.failed},
    )
    return result


def _members() -> list[User]:
    """Everyone who may get email, with their default for communities (None: no settings)."""
    return list(
        User.objects.filter(is_active=True, deleted_at=None)
        .exclude(email="")
        .exclude(mail_profile__paused=True)
        .annotate(community_default=F("mail_profile__community_delivery"))
        .only("pk", "email", "display_name", "language", "timezone", "deleted_at")
        .order_by("pk")
    )


class _History:
    """The members' recent digests: this period's (sent or being sent), the end of their
    previous window, and the items already sent to them, in one query."""

    def __init__(self, frequency: str, now: datetime, periods: dict[int, str]):
        self.claimed: set[int] = set()
        self.last_until: dict[int, datetime] = {}
        self.seen: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        rows = Digest.objects.filter(until__gt=now - LOOKBACK[frequency]).values_list(
            "user_id", "frequency", "period", "until", "sent_at", "items"
        )
        for user_id, kind, period, until, sent_at, items in rows:
            if user_id not in periods:
                continue
            if kind == frequency and period == periods[user_id]:
                self.claimed.add(user_id)
            if sent_at is None:
                continue
            if kind == frequency:
                self.last_until[user_id] = max(until, self.last_until.get(user_id, until))
            for name, ids in (items or {}).items():
                self.seen[user_id][name].update(ids)


class _News:
    """Everything new in ``(since, until]`` and who hears of it how, in a fixed number of
    queries."""

    def __init__(self, frequency: str, *, since: datetime, until: datetime):
        self.frequency = frequency
        window = Post.objects.filter(
            created_at__gt=since,
            created_at__lte=until,
            status=PostStatus.PUBLISHED,
            is_hidden=False,
            topic__is_hidden=False,
        )
        posts = list(
            window.select_related("author", "topic__community")
            .defer("author__password")
            .order_by("topic_id", "number")
        )
        self.posts: dict[int, list[Post]] = defaultdict(list)
        for post in posts:
            self.posts[post.topic_id].append(post)
        self.topics = {post.topic_id: post.topic for post in posts}
        new_topics = {post.topic_id for post in posts if post.number == 1}
        self.themes: dict[int, list[int]] = defaultdict(list)
        for topic_id, theme_id in Topic.themes.through.objects.filter(
            topic_id__in=new_topics
        ).values_list("topic_id", "theme_id"):
            self.themes[topic_id].append(theme_id)
        # Posts emailed at once, or waiting to be (mentions, "every post" before a change).
        self.emailed = set(
            PendingEmail.objects.filter(post__in=window.values("pk"), dropped=False).values_list(
                "user_id", "post_id"
            )
        )
        self.items = {s.name: list(s.collect(since, until)) for s in sections()}
        community_ids = {topic.community_id for topic in self.topics.values()}
        for items in self.items.values():
            community_ids.update(i.community_id for i in items if i.community_id is not None)
        self.subscriptions = Subscriptions(
            topic_ids=self.topics,
            community_ids=community_ids,
            theme_ids={t for themes in self.themes.values() for t in themes},
        )
        self.readable = ReadableCommunities()
        self._index()

    def _index(self) -> None:
        """Who might hear of which topics and communities: the only pairs worth looking at."""
        by_community: dict[int, list[int]] = defaultdict(list)
        for topic in self.topics.values():
            by_community[topic.community_id].append(topic.pk)
        by_theme: dict[int, list[int]] = defaultdict(list)
        for topic_id, theme_ids in self.themes.items():
            for theme_id in theme_ids:
                by_theme[theme_id].append(topic_id)
        subs = self.subscriptions
        self.topics_of: dict[int, set[int]] = defaultdict(set)
        for user_id, topic_id in subs.topics:
            self.topics_of[user_id].add(topic_id)
        for user_id, community_id in subs.communities.keys() | subs.members:
            self.topics_of[user_id].update(by_community.get(community_id, ()))
        for user_id, theme_id in subs.themes:
            self.topics_of[user_id].update(by_theme.get(theme_id, ()))

    def plan(self, user: User, *, period: str, since: datetime, history: _History) -> Plan | None:
        seen = history.seen.get(user.pk, {})
        plan = Plan(user=user, period=period, since=since)
        for topic_id in sorted(self.topics_of.get(user.pk, ())):
            group = self._group(user.pk, self.topics[topic_id], since, seen.get(POST, ()))
            if group is not None:
                plan.groups.append(group)
        plan.groups.sort(key=lambda g: (-len(g.posts), -g.posts[-1].created_at.timestamp()))
        for name, items in self.items.items():
            kept = [
                item
                for item in items
                if item.created_at > since
                and item.author_id != user.pk
                and item.pk not in seen.get(name, ())
                and self.readable.can_read(user.pk, item.community_id)
                and self._item_delivery(user, item.community_id) == self.frequency
            ]
            if kept:
                plan.items[name] = kept
        return plan if plan.groups or plan.items else None

    def _group(self, user_id: int, topic: Topic, since: datetime, seen) -> TopicGroup | None:
        if not self.readable.can_read(user_id, topic.community_id):
            return None
        deliveries = {
            False: self.subscriptions.delivery(
                user_id, topic_id=topic.pk, community_id=topic.community_id
            )
        }
        if self.posts[topic.pk][0].number == 1:
            deliveries[True] = self.subscriptions.delivery(
                user_id,
                topic_id=topic.pk,
                community_id=topic.community_id,
                theme_ids=self.themes.get(topic.pk, ()),
                new_topic=True,
            )
        if self.frequency not in deliveries.values():
            return None
        posts = [
            post
            for post in self.posts[topic.pk]
            if post.created_at > since
            and post.author_id != user_id
            and deliveries[post.number == 1] == self.frequency
            and (user_id, post.pk) not in self.emailed
            and post.pk not in seen
        ]
        return TopicGroup(topic, posts) if posts else None

    def _item_delivery(self, user: User, community_id: int | None) -> str | None:
        if community_id is None:
            chosen = user.community_default or _DEFAULT_COMMUNITY_DELIVERY
        else:
            # No topic: only the member's choice for the community counts.
            chosen = self.subscriptions.delivery(user.pk, topic_id=None, community_id=community_id)
        return Delivery.DAILY if chosen == Delivery.EVERY else chosen


_DEFAULT_COMMUNITY_DELIVERY = MailProfile._meta.get_field("community_delivery").default


# --- Claiming, sending, recording -----------------------------------------------------------


def _claim(plans: list[Plan], *, frequency: str, until: datetime, run: str) -> set[int]:
    """Insert a row per digest; the members whose row this run inserted are its to send."""
    if not plans:
        return set()
    Digest.objects.bulk_create(
        [
            Digest(
                user=plan.user,
                frequency=frequency,
                period=plan.period,
                run=run,
                until=until,
                items=plan.item_ids(),
            )
            for plan in plans
        ],
        ignore_conflicts=True,
    )
    return set(Digest.objects.filter(run=run).values_list("user_id", flat=True))


def _send(plans: list[Plan], *, frequency: str, sent: list[int]) -> None:
    """Send over one connection, adding to ``sent`` the members whose email left.

    Each message goes on its own (``send_messages`` with one message): the backend raises on
    the first failure, so only then does a refused address fail its own digest alone. Three
    connection failures in a row mean the server is down: the rest wait for a later run.
    """
    if not plans:
        return
    renderer = _Renderer(frequency)
    connection = get_connection()
    troubles = 0
    try:
        connection.open()
        for plan in plans:
            message = renderer.message(plan, connection)
            try:
                if connection.send_messages([message]):
                    sent.append(plan.user.pk)
                    troubles = 0
                    continue
            except (smtplib.SMTPRecipientsRefused, ValueError):
                logger.exception("digest refused", extra={"user": plan.user.pk})
                continue
            except OSError:
                logger.exception("digest not sent", extra={"user": plan.user.pk})
            troubles += 1
            if troubles >= 3:
                logger.error("digests stopped: no mail server", extra={"sent": len(sent)})
                return
            _reopen(connection)
    except OSError:
        logger.exception("no connection for the digests")
    finally:
        connection.close()


def _reopen(connection) -> None:
    try:
        connection.close()
        connection.open()
    except OSError:
        pass  # the next message fails too, and counts towards giving up


def _record(run: str, *, owned: set[int], sent: list[int]) -> None:
    """Mark the digests that went out as sent, and give back the other claims (naming
    whichever group is smaller in the query)."""
    now = timezone.now()
    unsent = owned - set(sent)
    if not owned:
        return
    if not unsent:
        Digest.objects.filter(run=run).update(sent_at=now)
    elif len(unsent) <= len(sent):
        Digest.objects.filter(run=run, user_id__in=unsent).delete()
        Digest.objects.filter(run=run).update(sent_at=now)
    else:
        if sent:
            Digest.objects.filter(run=run, user_id__in=sent).update(sent_at=now)
        Digest.objects.filter(run=run, sent_at=None).delete()


# --- Rendering ------------------------------------------------------------------------------


class _Block(NamedTuple):
    text: str
    html: SafeString


def _joined(blocks: list[_Block]) -> _Block:
    return _Block(
        "\n\n".join(block.text for block in blocks),
        mark_safe("\n".join(block.html for block in blocks)),  # noqa: S308  (each one autoescaped)
    )


class _Renderer:
    """Renders digests. What many members share is rendered once and kept: a post's entry
    per language and UTC offset, a topic with the same new posts, a section's item per
    language and time zone. A member's own email then costs one small template per part."""

    def __init__(self, frequency: str):
        self.frequency = frequency
        self.blocks: dict[tuple, _Block] = {}
        self.urls: dict[tuple, str] = {}
        self.excerpts: dict[int, str] = {}

    def message(self, plan: Plan, connection) -> EmailMultiAlternatives:
        user = plan.user
        with (
            translation.override(user.language or settings.LANGUAGE_CODE),
            timezone.override(_zone(user.timezone)),
        ):
            unsubscribe = outbound.unsubscribe_url(user.pk, self.frequency)
            topics, per_section = MAX_TOPICS, MAX_ITEMS_PER_SECTION
            while True:
                text, html = self._render(plan, topics, per_section, unsubscribe)
                if _weight(text, html) <= MAX_BYTES - HEADERS_ALLOWANCE or topics == 1:
                    break
                topics, per_section = max(1, topics // 2), max(1, per_section // 2)
            subject = self._subject(plan)
        return outbound.build(
            to=user.email,
            subject=f"[{settings.SITE_NAME}] {subject}",
            text=text,
            html=html,
            unsubscribe=unsubscribe,
            message_id=f"<digest.{self.frequency}.{plan.period}.{user.pk}"
            f"@{settings.BARAZA_MAIL_DOMAIN}>",
            connection=connection,
        )

    def _subject(self, plan: Plan) -> str:
        parts = []
        if plan.post_count:
            n = plan.post_count
            parts.append(ngettext("%(count)d new post", "%(count)d new posts", n) % {"count": n})
        for section in sections():
            if plan.items.get(section.name):
                parts.append(str(section.count(len(plan.items[section.name]))))
        summary = ", ".join(parts)
        if self.frequency == Frequency.DAILY:
            return gettext("Your daily digest: %(summary)s") % {"summary": summary}
        return gettext("Your weekly digest: %(summary)s") % {"summary": summary}

    def _render(
        self, plan: Plan, topics: int, per_section: int, unsubscribe: str
    ) -> tuple[str, str]:
        shown = plan.groups[:topics]
        parts = []
        for section in sections():
            items = plan.items.get(section.name, [])
            if items:
                parts.append(
                    {
                        "heading": section.heading,
                        "items": _joined([self._item(section, i) for i in items[:per_section]]),
                        "more": len(items) - min(len(items), per_section),
                        "more_url": self.url(section.more) if section.more else "",
                    }
                )
        context = {
            "site_name": settings.SITE_NAME,
            "member": plan.user,
            "frequency": self.frequency,
            "since": plan.since,
            "topics": _joined([self._topic(group) for group in shown]) if shown else None,
            "more_topics": len(plan.groups) - len(shown),
            "more_topics_url": self.url("discussions:notifications"),
            "sections": parts,
            "settings_url": self.url("mail:settings"),
            "unsubscribe_url": unsubscribe,
        }
        return (
            render_to_string("mail/digest.txt", context),
            render_to_string("mail/digest.html", context),
        )

    def _topic(self, group: TopicGroup) -> _Block:
        topic, posts = group.topic, group.posts
        shown = posts[:MAX_POSTS_PER_TOPIC]
        language, zone = translation.get_language(), timezone.get_current_timezone_name()
        key = (language, zone, POST, topic.pk, tuple(p.pk for p in shown), len(posts))
        if key not in self.blocks:
            # Zones at the same UTC offset show the same times: one rendering serves them all.
            offsets = [timezone.localtime(post.created_at).utcoffset() for post in shown]
            shared = (language, tuple(offsets), POST, topic.pk, key[-2], len(posts))
            if shared not in self.blocks:
                entries = [self._entry(p, o) for p, o in zip(shown, offsets, strict=True)]
                context = {
                    "topic": topic,
                    "community": topic.community,
                    "is_new": group.is_new,
                    "count": len(posts),
                    "entries": _joined(entries),
                    "more": len(posts) - len(shown),
                    "more_url": (
                        self.url("discussions:post", topic.pk, posts[len(shown)].number)
                        if len(posts) > len(shown)
                        else ""
                    ),
                    "topic_url": self.url("discussions:topic", topic.pk),
                }
                self.blocks[shared] = self._block("mail/digest_topic", context)
            self.blocks[key] = self.blocks[shared]
        return self.blocks[key]

    def _entry(self, post: Post, offset) -> _Block:
        key = (translation.get_language(), offset, "entry", post.pk)
        if key not in self.blocks:
            context = {
                "author": post.author.public_name if post.author else gettext("Former member"),
                "created_at": post.created_at,
                "excerpt": self.excerpt(post),
                "url": self.url("discussions:post", post.topic_id, post.number),
            }
            self.blocks[key] = self._block("mail/digest_post", context)
        return self.blocks[key]

    def _item(self, section: Section, item: DigestItem) -> _Block:
        zone = timezone.get_current_timezone_name()  # events show it
        key = (translation.get_language(), zone, section.name, item.pk)
        if key not in self.blocks:
            context = {"item": item, "url": self.url(item.link[0], *item.link[1])}
            self.blocks[key] = self._block("mail/digest_item", context)
        return self.blocks[key]

    def _block(self, template: str, context: dict) -> _Block:
        return _Block(
            render_to_string(f"{template}.txt", context).strip("\n"),
            mark_safe(render_to_string(f"{template}.html", context).strip()),  # noqa: S308  (autoescaped)
        )

    def url(self, name: str, *args) -> str:
        key = (translation.get_language(), name, args)
        if key not in self.urls:
            self.urls[key] = outbound.absolute(reverse(name, args=args))
        return self.urls[key]

    def excerpt(self, post: Post) -> str:
        if post.pk not in self.excerpts:
            self.excerpts[post.pk] = excerpt(post.body, EXCERPT_CHARS)
        return self.excerpts[post.pk]


def _weight(text: str, html: str) -> int:
    """Bytes of both parts as sent: UTF-8, with CRLF line ends."""
    return len(text.encode()) + text.count("\n") + len(html.encode()) + html.count("\n")
