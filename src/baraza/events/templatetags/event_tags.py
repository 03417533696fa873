"""Event times and answers in templates (``{% load event_tags %}``).

``{% event_when event %}`` writes when an event happens in the viewer's zone (the active one:
the member's own, UTC for visitors), with the zone's name; ``{% event_when event event.timezone %}``
in the organiser's. Day and month names follow the active language:
"mardi 3 mars 2026, 14:00–15:30 (Africa/Dakar)".
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from baraza.events.models import Answer

register = template.Library()

DAY = "l j F Y"
TIME = "H:i"


def _zone(name: str | None):
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return timezone.get_current_timezone()


@register.simple_tag
def event_when(event, zone_name: str | None = None) -> str:
    zone = _zone(zone_name)
    start = timezone.localtime(event.starts_at, zone)
    end = timezone.localtime(event.ends_at, zone)
    values = {"zone": str(zone), "start": date_format(start, f"{DAY}, {TIME}")}
    if start.date() == end.date():
        values["end"] = date_format(end, TIME)
        return _("%(start)s–%(end)s (%(zone)s)") % values
    values["end"] = date_format(end, f"{DAY}, {TIME}")
    return _("%(start)s to %(end)s (%(zone)s)") % values


@register.simple_tag
def organiser_clock_differs(event) -> bool:
    """Whether the organiser's clock shows another time than the viewer's at the event's start
    (only then is the organiser's time worth showing too)."""
    organiser = timezone.localtime(event.starts_at, _zone(event.timezone))
    viewer = timezone.localtime(event.starts_at, timezone.get_current_timezone())
    return organiser.utcoffset() != viewer.utcoffset()


@register.filter
def answer_label(answer: str | None) -> str:
    """ "going" → "Going", in the active language."""
    return Answer(answer).label if answer in Answer.values else ""
