"""Events as iCalendar (RFC 5545), for the .ics download and the community feeds.

Times are written in UTC (``DTSTART:20260303T140000Z``), so no VTIMEZONE is needed and every
calendar app shows them in its owner's zone. The UID never changes; SEQUENCE rises with each
change, so a calendar that already holds the event replaces it rather than adding a copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from baraza.events.models import Event

PRODUCT = "-//Baraza//Events//EN"
REFRESH = timedelta(hours=6)  # how often calendar apps should fetch a feed again


def event_url(event: Event) -> str:
    return settings.SITE_URL + reverse("events:detail", args=[event.pk])


def _component(event: Event) -> icalendar.Event:
    link = event_url(event)
    item = icalendar.Event()
    item.add("uid", str(event.uid))
    item.add("dtstamp", event.updated_at)
    item.add("created", event.created_at)
    item.add("last-modified", event.updated_at)
    item.add("sequence", event.sequence)
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    item.add("summary", event.title)
    item.add("url", link)
    if event.place or event.online_url:
        item.add("location", event.place or event.online_url)
    lines = [event.description] if event.description else []
    if event.online_url:
        lines.append(_("Online: %(url)s") % {"url": event.online_url})
    lines.append(_("Details and RSVP: %(url)s") % {"url": link})
    item.add("description", "\n\n".join(lines))
    item["description"].params["LANGUAGE"] = event.language
    item["summary"].params["LANGUAGE"] = event.language
    return item


def calendar(events: Iterable[Event], *, name: str = "") -> bytes:
    """One iCalendar file holding ``events``; ``name`` titles a subscribed feed."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("name", name)
        cal.add("x-wr-calname", name)
        cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", icalendar.vDuration(REFRESH))
    for event in events:
        cal.add_component(_component(event))
    return cal.to_ical()
