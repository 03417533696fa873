"""Events (webinars and meetings) of a community, members' RSVPs, and calendar keys.

Times are stored in UTC. ``Event.timezone`` remembers the zone the organiser entered them in,
so that pages can show the organiser's local time beside the viewer's own.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext_lazy as _

from baraza.communities.models import Community
from baraza.discussions.models import Topic
from baraza.events.validators import web_address

USER = settings.AUTH_USER_MODEL


class Event(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        help_text=_("The language the title and description are written in."),
    )
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    timezone = models.CharField(_("organiser's time zone"), max_length=64, default="UTC")
    online_url = models.URLField(
        _("online link"), max_length=500, blank=True, validators=[web_address]
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    recording_url = models.URLField(
        _("recording"), max_length=500, blank=True, validators=[web_address]
    )
    slides_url = models.URLField(_("slides"), max_length=500, blank=True, validators=[web_address])
    follow_up = models.ForeignKey(
        Topic,
        verbose_name=_("follow-up discussion"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The iCalendar UID: calendar apps recognise the event by it across every download and feed.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The iCalendar SEQUENCE: raised each time the event changes, so calendars take the update.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        USER, verbose_name=_("organiser"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=dj_timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=dj_timezone.now)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(online_url="", place=""), name="event_online_or_in_a_place"
            ),
        ]
        indexes = [models.Index(fields=["community", "starts_at"], name="event_community_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def has_ended(self) -> bool:
        return self.ends_at <= dj_timezone.now()


class Answer(models.TextChoices):
    GOING = "going", _("Going")
    MAYBE = "maybe", _("Maybe")
    NOT_GOING = "not_going", _("Not going")


class RSVP(models.Model):
    """A member's answer to an event: going, maybe or not going (one per member and event)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)
    answered_at = models.DateTimeField(_("answered"), default=dj_timezone.now)

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_rsvp_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.event} · {self.answer}"


def new_calendar_key() -> str:
    return secrets.token_urlsafe(12)


class CalendarKey(models.Model):
    """The secret in a member's calendar-feed addresses; a new key revokes every old address."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=32, default=new_calendar_key)
    created_at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        verbose_name = _("calendar key")
        verbose_name_plural = _("calendar keys")

    def __str__(self) -> str:
        return str(self.user)
