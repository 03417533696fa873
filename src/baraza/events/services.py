"""Every write to events, RSVPs and calendar keys. Planning or changing an event brings its
search entry up to date in the same transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baraza.communities.models import Community
from baraza.core import audit
from baraza.core.policies import Refused, require
from baraza.discussions import services as discussions
from baraza.discussions.models import Topic
from baraza.events import queries, validators
from baraza.events.models import RSVP, Answer, CalendarKey, Event, new_calendar_key
from baraza.search import services as search

# What a facilitator may change on an event; the times also move the organiser's time zone.
EDITABLE = (
    "title",
    "description",
    "language",
    "starts_at",
    "ends_at",
    "online_url",
    "place",
    "recording_url",
    "slides_url",
)


def _checked(event: Event) -> Event:
    validators.validate_span(event.starts_at, event.ends_at)
    event.full_clean()
    return event


@transaction.atomic
def create_event(
    *,
    actor,
    community: Community,
    title: str,
    language: str,
    starts_at: datetime,
    ends_at: datetime,
    time_zone: str,
    description: str = "",
    online_url: str = "",
    place: str = "",
) -> Event:
    """Plan an event. ``time_zone`` is the organiser's: the zone the times were entered in."""
    require(
        actor,
        "moderate",
        community,
        reason=_("Only the facilitators of this community can plan its events."),
    )
    event = _checked(
        Event(
            community=community,
            title=title,
            description=description,
            language=language,
            starts_at=starts_at,
            ends_at=ends_at,
            timezone=time_zone,
            online_url=online_url,
            place=place,
            created_by=actor,
        )
    )
    event.save()
    audit.record(actor=actor, action="event.create", target=event, scope=community)
    search.index("event", event)
    return event


@transaction.atomic
def update_event(*, actor, event: Event, time_zone: str, **changes: Any) -> Event:
    """Change an event; calendars that already hold it take the new version (SEQUENCE)."""
    require(actor, "manage", event)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"update_event() can't change {sorted(unknown)}")
    changed = [name for name, value in changes.items() if getattr(event, name) != value]
    if not changed:
        return event
    for name in changed:
        setattr(event, name, changes[name])
    if {"starts_at", "ends_at"} & set(changed):
        event.timezone = time_zone
    event.sequence += 1
    event.updated_at = timezone.now()
    _checked(event).save()
    audit.record(
        actor=actor,
        action="event.update",
        target=event,
        scope=event.community,
        fields=sorted(changed),
    )
    search.index("event", event)
    return event


@transaction.atomic
def rsvp(*, user, event: Event, answer: str) -> RSVP:
    """Say whether you are coming; answering again replaces the earlier answer."""
    require(user, "rsvp", event, reason=_("You can't answer for this event."))
    if answer not in Answer.values:
        raise ValueError(f"not an answer: {answer!r}")
    found, _created = RSVP.objects.update_or_create(
        event=event, user=user, defaults={"answer": answer, "answered_at": timezone.now()}
    )
    audit.record(actor=user, action="event.rsvp", target=event, answer=answer)
    return found


@transaction.atomic
def open_follow_up(*, actor, event: Event, title: str, body: str) -> Topic:
    """Start the discussion that continues the event, in the event's language, and link it."""
    require(actor, "manage", event)
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.follow_up_id is not None:
        raise Refused(_("This event already has a follow-up discussion."))
    topic = discussions.start_topic(
        author=actor, community=event.community, title=title, body=body, language=event.language
    )
    event.follow_up = topic
    event.updated_at = timezone.now()
    event.save(update_fields=["follow_up", "updated_at"])
    audit.record(
        actor=actor, action="event.follow_up", target=event, scope=event.community, topic=topic.pk
    )
    return topic


# --- Calendar feeds ---------------------------------------------------------------------------


def feed_token(*, user, community: Community) -> str:
    """The secret part of ``user``'s feed address for ``community``.

    It names the member, the community and the member's current calendar key, signed with the
    site's secret. The feed checks on every fetch that the member may still read the community.
    """
    key, _created = CalendarKey.objects.get_or_create(user=user)
    # No timestamp in it (a Signer, not signing.dumps): the address stays the same for good.
    signer = signing.Signer(salt=queries.FEED_SALT)
    return signer.sign_object({"u": user.pk, "c": community.pk, "k": key.key})


@transaction.atomic
def reset_calendar_key(*, user) -> None:
    """Give the member a new calendar key: every feed address they had stops working."""
    CalendarKey.objects.update_or_create(
        user=user, defaults={"key": new_calendar_key(), "created_at": timezone.now()}
    )
    audit.record(actor=user, action="events.calendar_key_reset", target=user)


# --- Personal data ----------------------------------------------------------------------------


def export_personal_data(member) -> list[dict[str, Any]]:
    return [
        {
            "event": rsvp.event.title,
            "community": rsvp.event.community.slug,
            "starts_at": rsvp.event.starts_at.isoformat(),
            "answer": rsvp.answer,
            "answered_at": rsvp.answered_at.isoformat(),
        }
        for rsvp in queries.rsvps_of(member)
    ]


def erase_personal_data(member) -> None:
    RSVP.objects.filter(user=member).delete()
    CalendarKey.objects.filter(user=member).delete()
