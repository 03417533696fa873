"""Demo events: a past webinar with its recording and follow-up discussion, and coming ones in
a public, a members-only and a private community.

Idempotent: each event is matched by its fixed iCalendar UID. Times are set relative to today on
every run, so the demo always has something coming up.
"""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from baraza.accounts.models import User
from baraza.communities.models import Community
from baraza.events import services
from baraza.events.models import RSVP, Answer, Event

# key, community, organiser, days from today, local start, minutes, organiser's zone, fields
EVENTS = [
    (
        "chw-payment-webinar",
        "community-health-cop",
        "facilitator@example.org",
        -12,
        time(15, 0),
        90,
        "Africa/Nairobi",
        {
            "language": "en",
            "title": "Paying community health workers: lessons from five countries",
            "description": (
                "Programme managers from Ethiopia, Liberia, Madagascar, Rwanda and Senegal "
                "explain how they moved community health workers from volunteer stipends to "
                "regular pay: budget lines, payment by mobile money, and what changed for "
                "retention and quality of care."
            ),
            "online_url": "https://meet.example.org/baraza/chw-payment",
            "recording_url": "https://video.example.org/baraza/chw-payment-2026",
            "slides_url": "https://files.example.org/baraza/chw-payment-slides.pdf",
        },
    ),
    (
        "supervision-webinaire",
        "community-health-cop",
        "facilitator@example.org",
        9,
        time(14, 0),
        90,
        "Africa/Dakar",
        {
            "language": "fr",
            "title": "Superviser les agents de santé communautaires : outils et retours "
            "d’expérience",
            "description": (
                "Supervision formative, grilles de supervision sur téléphone, supervision par "
                "les pairs : trois équipes du Sénégal, du Burkina Faso et de Madagascar "
                "présentent leurs outils et ce qu’elles en ont appris. Questions en français "
                "et en anglais."
            ),
            "online_url": "https://meet.example.org/baraza/supervision-asc",
        },
    ),
    (
        "cholera-field-notes",
        "ce-in-emergencies",
        "facilitator@example.org",
        16,
        time(15, 0),
        75,
        "Africa/Nairobi",
        {
            "language": "en",
            "title": "Cholera response: field notes on risk communication",
            "description": (
                "A closed exchange between response teams: rumours heard this season, what "
                "community feedback changed in the response, and how faith leaders helped. "
                "Come with one story from your area."
            ),
            "online_url": "https://meet.example.org/baraza/cholera-notes",
            "place": "Kenya Red Cross, South C, Nairobi (meeting room 2)",
        },
    ),
    (
        "reunion-gestionnaires",
        "chw-managers-west-central-africa",
        "ministry.planner@example.org",
        30,
        time(10, 0),
        120,
        "Africa/Abidjan",
        {
            "language": "fr",
            "title": "Réunion trimestrielle des gestionnaires de programmes ASC",
            "description": (
                "Tour de table des pays, budgets 2027 et intégration des ASC dans les plans "
                "nationaux de développement sanitaire. Ordre du jour envoyé une semaine avant."
            ),
            "online_url": "https://meet.example.org/baraza/gestionnaires-asc",
        },
    ),
]

RSVPS = {
    "chw-payment-webinar": [
        ("member@example.org", Answer.GOING),
        ("funder@example.org", Answer.GOING),
        ("ministry.planner@example.org", Answer.MAYBE),
    ],
    "supervision-webinaire": [
        ("member@example.org", Answer.GOING),
        ("curator@example.org", Answer.MAYBE),
        ("startup@example.org", Answer.NOT_GOING),
    ],
    "cholera-field-notes": [("faith.leader@example.org", Answer.GOING)],
}

FOLLOW_UP = {
    "title": "After the webinar: paying community health workers",
    "body": (
        "Thank you to the speakers and to everyone who joined. The recording and slides are on "
        "the event page. Which of the five payment models could work in your country, and "
        "what would stand in the way?"
    ),
}


def _uid(key: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"https://baraza.example.org/demo/events/{key}")


@transaction.atomic
def load(*, stdout=None) -> list:
    people = {user.email: user for user in User.objects.filter(email__endswith="@example.org")}
    communities = {c.slug: c for c in Community.objects.filter(slug__in={e[1] for e in EVENTS})}
    today = timezone.now().date()
    events = {}
    for key, slug, organiser, days, local_start, minutes, zone, fields in EVENTS:
        starts_at = datetime.combine(today + timedelta(days=days), local_start, ZoneInfo(zone))
        events[key], _created = Event.objects.update_or_create(
            uid=_uid(key),
            defaults={
                **fields,
                "community": communities[slug],
                "created_by": people[organiser],
                "timezone": zone,
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(minutes=minutes),
                "updated_at": timezone.now(),
            },
        )
    for key, answers in RSVPS.items():
        for email, answer in answers:
            RSVP.objects.update_or_create(
                event=events[key], user=people[email], defaults={"answer": answer}
            )
    webinar = events["chw-payment-webinar"]
    if webinar.follow_up_id is None:
        services.open_follow_up(actor=webinar.created_by, event=webinar, **FOLLOW_UP)
    return []
