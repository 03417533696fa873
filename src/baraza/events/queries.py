"""Reads of events, with permission filtering and eager loading built in."""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baraza.communities import queries as community_queries
from baraza.communities.models import Community
from baraza.core.policies import can, require
from baraza.events.models import RSVP, Answer, CalendarKey, Event

FEED_HISTORY = timedelta(days=365)
FEED_SALT = "baraza.events.calendar-feed"


def _for_listing(events: QuerySet[Event], viewer) -> QuerySet[Event]:
    """Each event with its community, its RSVP counts and the viewer's own answer."""
    events = events.select_related("community").annotate(
        going=Count("rsvps", filter=Q(rsvps__answer=Answer.GOING)),
        maybe=Count("rsvps", filter=Q(rsvps__answer=Answer.MAYBE)),
    )
    if viewer.is_authenticated:
        mine = RSVP.objects.filter(event=OuterRef("pk"), user=viewer).values("answer")[:1]
        events = events.annotate(my_answer=Subquery(mine))
    return events


def _readable_by(viewer) -> QuerySet[Event]:
    return Event.objects.filter(community__in=community_queries.readable_by(viewer))


def upcoming(viewer) -> QuerySet[Event]:
    """Events that have not ended yet, across every community ``viewer`` may read."""
    events = _readable_by(viewer).filter(ends_at__gt=timezone.now())
    return _for_listing(events, viewer).order_by("starts_at", "pk")


def past(viewer) -> QuerySet[Event]:
    """Events that have ended, most recent first, across every community ``viewer`` may read."""
    events = _readable_by(viewer).filter(ends_at__lte=timezone.now())
    return _for_listing(events, viewer).order_by("-starts_at", "-pk")


def upcoming_in(community: Community, *, viewer) -> QuerySet[Event]:
    """A community's coming events (the caller has checked that ``viewer`` may read it)."""
    events = Event.objects.filter(community=community, ends_at__gt=timezone.now())
    return _for_listing(events, viewer).order_by("starts_at", "pk")


def past_in(community: Community, *, viewer) -> QuerySet[Event]:
    events = Event.objects.filter(community=community, ends_at__lte=timezone.now())
    return _for_listing(events, viewer).order_by("-starts_at", "-pk")


def announced_between(since, until) -> QuerySet[Event]:
    """Events planned in ``(since, until]`` that start after ``until``, soonest first, with
    their community: the email digests' events section (which keeps, for each member, the
    ones they may read)."""
    return (
        Event.objects.filter(created_at__gt=since, created_at__lte=until, starts_at__gt=until)
        .select_related("community")
        .order_by("starts_at", "pk")
    )


def readable_event(user, pk: int) -> Event:
    """The event ``pk`` if ``user`` may read it. A 404 when its community is hidden from them
    (a private community's events don't exist for outsiders), a 403 when they may only see it."""
    event = (
        Event.objects.select_related("community", "created_by", "follow_up").filter(pk=pk).first()
    )
    if event is None or not can(user, "see", event.community):
        raise Http404
    require(user, "read", event, reason=_("Only members of this community can see its events."))
    return event


def rsvp_counts(event: Event) -> dict[str, int]:
    counts = dict.fromkeys(Answer.values, 0)
    rows = RSVP.objects.filter(event=event).values_list("answer").annotate(n=Count("pk"))
    counts.update(dict(rows.order_by()))
    return counts


def answer_of(user, event: Event) -> str | None:
    if not user.is_authenticated:
        return None
    return RSVP.objects.filter(event=event, user=user).values_list("answer", flat=True).first()


def feed_events(community: Community) -> QuerySet[Event]:
    """What a community's calendar feed carries: the past year and everything ahead."""
    since = timezone.now() - FEED_HISTORY
    return Event.objects.filter(community=community, ends_at__gte=since).order_by("starts_at", "pk")


def rsvps_of(user) -> QuerySet[RSVP]:
    """A member's own answers, for their personal-data download."""
    return RSVP.objects.filter(user=user).select_related("event__community").order_by("pk")


def feed_reader(token: str):
    """The (member, community) a feed token was made for, or ``None`` if the token is not
    genuine, belongs to an old calendar key, or names someone or something that is gone."""
    try:
        data = signing.Signer(salt=FEED_SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user_pk, community_pk, key = data.get("u"), data.get("c"), data.get("k")
    if not (isinstance(user_pk, int) and isinstance(community_pk, int) and isinstance(key, str)):
        return None
    found = (
        CalendarKey.objects.select_related("user")
        .filter(user_id=user_pk, key=key, user__is_active=True)
        .first()
    )
    community = Community.objects.filter(pk=community_pk).first()
    if found is None or community is None:
        return None
    return found.user, community
