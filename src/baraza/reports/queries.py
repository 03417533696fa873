"""Reads for the facilitator dashboard: weekly activity, unanswered topics and engagement by
group, each from a fixed number of aggregate queries whatever the size of the community.

Engagement by group is never about individuals. Every group counts *people*; a group of fewer
than ``MIN_GROUP`` members is merged into one "Other or fewer than 5" row, and when that row
itself has fewer than ``MIN_GROUP`` members only ``SUPPRESSED`` is shown, never the number. The
suppression happens here, so no template or export can show what it removed.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, DateField, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from baraza.communities.models import Community, Membership, Status
from baraza.discussions.models import Post, PostStatus, Topic, TopicState

WEEK_CHOICES = (4, 12, 26, 52)
DEFAULT_WEEKS = 12
MIN_GROUP = 5
SUPPRESSED = "<5"
UNANSWERED_SHOWN = 20

# Memberships that mean someone joined (a pending or declined request is not joining).
_JOINED = [Status.ACTIVE, Status.LEFT, Status.REMOVED, Status.BANNED]


@dataclass(frozen=True)
class Week:
    start: date
    joined: int
    active: int
    posts: int


@dataclass(frozen=True)
class GroupRow:
    """One row of an engagement table. ``members`` is ``SUPPRESSED`` and ``active``/``posts``
    are ``None`` when the row stands for fewer than ``MIN_GROUP`` people."""

    label: str
    members: int | str
    active: int | None
    posts: int | None
    is_other: bool = False


@dataclass(frozen=True)
class Breakdown:
    key: str  # "country", "stakeholder" or "gender"
    title: str
    column: str
    rows: list[GroupRow]


@dataclass(frozen=True)
class Report:
    weeks: list[Week]
    unanswered: list[Topic]
    unanswered_count: int
    breakdowns: list[Breakdown]

    @property
    def first_day(self) -> date:
        return self.weeks[0].start

    @property
    def last_day(self) -> date:
        return self.weeks[-1].start + timedelta(days=6)

    @property
    def total_joined(self) -> int:
        return sum(w.joined for w in self.weeks)

    @property
    def total_posts(self) -> int:
        return sum(w.posts for w in self.weeks)


def week_starts(weeks: int, *, today: date | None = None) -> list[date]:
    """The Mondays of the last ``weeks`` weeks, oldest first; the current week is the last."""
    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=n) for n in reversed(range(weeks))]


def community_report(community: Community, *, weeks: int = DEFAULT_WEEKS) -> Report:
    """Everything the dashboard and its CSV export show, for the last ``weeks`` weeks."""
    starts = week_starts(weeks)
    since = timezone.make_aware(datetime.combine(starts[0], time.min))
    posts = _posts_in(community, since)
    unanswered = unanswered_topics(community)
    return Report(
        weeks=_weekly(community, starts, since, posts),
        unanswered=list(unanswered[:UNANSWERED_SHOWN]),
        unanswered_count=unanswered.count(),
        breakdowns=_breakdowns(community, posts),
    )


def unanswered_topics(community: Community) -> QuerySet[Topic]:
    """Open, visible topics whose only published post is the first one, oldest first."""
    published = Q(posts__status=PostStatus.PUBLISHED, posts__is_hidden=False)
    return (
        Topic.objects.filter(community=community, is_hidden=False, state=TopicState.OPEN)
        .annotate(
            n_published=Count("posts", filter=published),
            first_published=Count("posts", filter=published & Q(posts__number=1)),
        )
        .filter(n_published=1, first_published=1)
        .order_by("created_at", "pk")
    )


def _posts_in(community: Community, since: datetime) -> QuerySet[Post]:
    """The posts that count as activity: published, not hidden, in a visible topic."""
    return Post.objects.filter(
        topic__community=community,
        topic__is_hidden=False,
        status=PostStatus.PUBLISHED,
        is_hidden=False,
        created_at__gte=since,
    )


def _week(field: str) -> TruncWeek:
    return TruncWeek(field, output_field=DateField())


def _weekly(community, starts: list[date], since: datetime, posts: QuerySet[Post]) -> list[Week]:
    joined = dict(
        Membership.objects.filter(community=community, status__in=_JOINED, created_at__gte=since)
        .annotate(week=_week("created_at"))
        .values("week")
        .annotate(n=Count("pk"))
        .values_list("week", "n")
    )
    activity = {
        row["week"]: row
        for row in posts.annotate(week=_week("created_at"))
        .values("week")
        .annotate(posts=Count("pk"), active=Count("author", distinct=True))
        .order_by()
    }
    empty = {"posts": 0, "active": 0}
    return [
        Week(
            start=start,
            joined=joined.get(start, 0),
            active=activity.get(start, empty)["active"],
            posts=activity.get(start, empty)["posts"],
        )
        for start in starts
    ]


# --- Engagement by group -------------------------------------------------------------------


def normalise_gender(value: str | None) -> str:
    """Self-described gender, compared without case or extra spaces ("" when not stated)."""
    text = unicodedata.normalize("NFKC", value or "")
    return " ".join(text.split()).casefold()


def _name_field(prefix: str) -> str:
    language = (get_language() or "en")[:2]
    return f"{prefix}__name_{language if language in ('en', 'fr') else 'en'}"


def _group_fields(person: str) -> dict[str, str]:
    """The columns one person is grouped by, keyed by short names."""
    return {
        "country": f"{person}__country__code",
        "country_name": _name_field(f"{person}__country"),
        "stakeholder": f"{person}__profile__stakeholder_type__slug",
        "stakeholder_name": _name_field(f"{person}__profile__stakeholder_type"),
        "gender": f"{person}__profile__gender",
    }


def _grouped(queryset: QuerySet, person: str, **aggregates) -> list[dict]:
    """One query: ``aggregates`` per combination of country, stakeholder type and gender."""
    fields = _group_fields(person)
    rows = queryset.values(*fields.values()).annotate(**aggregates).order_by()
    return [
        {short: row[column] for short, column in fields.items()}
        | {name: row[name] for name in aggregates}
        for row in rows
    ]


def _breakdowns(community: Community, posts: QuerySet[Post]) -> list[Breakdown]:
    members = _grouped(
        Membership.objects.filter(community=community, status=Status.ACTIVE),
        "user",
        n_members=Count("pk"),
    )
    activity = _grouped(
        posts, "author", n_posts=Count("pk"), n_active=Count("author", distinct=True)
    )
    not_stated = _("Not stated")

    def country(row):
        return row["country"] or "", row["country_name"] or row["country"] or not_stated

    def stakeholder(row):
        return row["stakeholder"] or "", row["stakeholder_name"] or not_stated

    def gender(row):
        key = normalise_gender(row["gender"])
        return key, (key[:1].upper() + key[1:]) if key else not_stated

    return [
        Breakdown("country", _("By country"), _("Country"), _table(members, activity, country)),
        Breakdown(
            "stakeholder",
            _("By stakeholder type"),
            _("Stakeholder type"),
            _table(members, activity, stakeholder),
        ),
        Breakdown("gender", _("By gender"), _("Gender"), _table(members, activity, gender)),
    ]


def _table(members: Iterable[dict], activity: Iterable[dict], group_of) -> list[GroupRow]:
    """Sum the rows into groups, then merge and suppress the small ones."""
    labels: dict[str, str] = {}
    totals: dict[str, dict[str, int]] = defaultdict(lambda: {"members": 0, "active": 0, "posts": 0})
    for row in members:
        key, labels[key] = group_of(row)
        totals[key]["members"] += row["n_members"]
    for row in activity:
        key, labels[key] = group_of(row)
        totals[key]["active"] += row["n_active"]
        totals[key]["posts"] += row["n_posts"]

    shown = sorted(
        (key for key, t in totals.items() if t["members"] >= MIN_GROUP),
        key=lambda key: (-totals[key]["members"], labels[key].casefold()),
    )
    rows = [GroupRow(labels[key], **totals[key]) for key in shown]
    small = [t for key, t in totals.items() if key not in shown]
    if small:
        other = {name: sum(t[name] for t in small) for name in ("members", "active", "posts")}
        label = _("Other or fewer than 5")
        if other["members"] >= MIN_GROUP:
            rows.append(GroupRow(label, **other, is_other=True))
        else:
            rows.append(GroupRow(label, SUPPRESSED, None, None, is_other=True))
    return rows
