"""Times are entered in the organiser's time zone, stored in UTC, and shown in each viewer's.

Europe/Paris moves its clocks forward on Sunday 28 March 2027 at 02:00 (UTC+1 → UTC+2); Africa/
Dakar stays on UTC all year; Asia/Kolkata is UTC+05:30 all year.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from baraza.events.models import Event
from tests.events.helpers import client_for, plan
from tests.factories import CommunityFactory, MemberFactory

pytestmark = pytest.mark.django_db


def _utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def _plan_through_the_form(time_zone: str, starts_at: str, ends_at: str, lang="en"):
    organiser = MemberFactory(display_name="Organiser", timezone_name=time_zone)
    community = CommunityFactory(facilitators=[organiser])
    response = client_for(organiser).post(
        f"/{lang}/communities/{community.slug}/events/new/",
        {
            "title": "Supervision that helps",
            "language": "en",
            "description": "",
            "starts_at": starts_at,
            "ends_at": ends_at,
            "online_url": "https://meet.example.org/supervision",
            "place": "",
        },
    )
    return response


@pytest.mark.parametrize(
    ("time_zone", "entered", "stored"),
    [
        # Paris, the day before the clocks change: UTC+1.
        ("Europe/Paris", "2027-03-27T10:00", _utc(2027, 3, 27, 9, 0)),
        # Paris, the day after: UTC+2. The same wall-clock time is an hour earlier in UTC.
        ("Europe/Paris", "2027-03-29T10:00", _utc(2027, 3, 29, 8, 0)),
        # Dakar has no daylight saving time: local time is UTC on both sides of the date.
        ("Africa/Dakar", "2027-03-27T10:00", _utc(2027, 3, 27, 10, 0)),
        ("Africa/Dakar", "2027-03-29T10:00", _utc(2027, 3, 29, 10, 0)),
        # Kolkata is half an hour off the hour.
        ("Asia/Kolkata", "2027-03-29T10:00", _utc(2027, 3, 29, 4, 30)),
        ("Asia/Kolkata", "2027-03-29T00:15", _utc(2027, 3, 28, 18, 45)),
    ],
)
def test_a_time_entered_in_the_form_is_read_in_the_organisers_zone_and_stored_in_utc(
    time_zone, entered, stored
):
    hour, minute = int(entered[11:13]), int(entered[14:16])
    ends = f"{entered[:11]}{hour + 1:02d}:{minute:02d}"
    response = _plan_through_the_form(time_zone, entered, ends)
    event = Event.objects.get()
    assert response["Location"] == f"/en/events/{event.pk}/"
    assert (event.starts_at, event.ends_at) == (stored, stored + timedelta(hours=1))
    assert event.timezone == time_zone


def test_an_event_across_the_clock_change_keeps_its_real_length():
    # 01:30 to 03:30 on the night the clocks go forward in Paris is one hour, not two.
    _plan_through_the_form("Europe/Paris", "2027-03-28T01:30", "2027-03-28T03:30")
    event = Event.objects.get()
    assert (event.starts_at, event.ends_at) == (_utc(2027, 3, 28, 0, 30), _utc(2027, 3, 28, 1, 30))


def test_a_time_that_does_not_exist_in_the_organisers_zone_is_refused_in_french():
    # 02:30 is skipped in Paris that night.
    response = _plan_through_the_form(
        "Europe/Paris", "2027-03-28T02:30", "2027-03-28T04:00", lang="fr"
    )
    assert response.status_code == 200
    assert not Event.objects.exists()
    assert response.context["form"].errors["starts_at"] == [
        "La valeur 2027-03-28 02:30:00 n’a pas pu être interprétée dans le fuseau horaire "
        "Europe/Paris\xa0; elle est peut-être ambigüe ou elle n’existe pas."
    ]


@pytest.fixture
def webinar(db):
    """A webinar at 14:00–15:30 UTC on Tuesday 3 March 2026, organised from Paris."""
    community = CommunityFactory()
    return plan(
        community,
        starts_at=_utc(2026, 3, 3, 14, 0),
        minutes=90,
        time_zone="Europe/Paris",
        title="Paying community health workers",
    )


def _when(client, path) -> str:
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    return soup.select_one("dl.facts dd").get_text(" ", strip=True)


@pytest.mark.parametrize(
    ("time_zone", "lang", "shown"),
    [
        (
            "Africa/Dakar",
            "fr",
            "mardi 3 mars 2026, 14:00–15:30 (Africa/Dakar) "
            "Heure de l’organisateur : "
            "mardi 3 mars 2026, 15:00–16:30 (Europe/Paris)",
        ),
        (
            "Asia/Kolkata",
            "en",
            "Tuesday 3 March 2026, 19:30–21:00 (Asia/Kolkata) "
            "Organiser's time: Tuesday 3 March 2026, 15:00–16:30 (Europe/Paris)",
        ),
        # In Paris itself the organiser's time is the viewer's: it is not repeated.
        ("Europe/Paris", "en", "Tuesday 3 March 2026, 15:00–16:30 (Europe/Paris)"),
        (
            "Pacific/Kiritimati",
            "en",
            "Wednesday 4 March 2026, 04:00–05:30 (Pacific/Kiritimati) "
            "Organiser's time: Tuesday 3 March 2026, 15:00–16:30 (Europe/Paris)",
        ),
    ],
)
def test_each_member_sees_the_time_in_their_own_zone(webinar, time_zone, lang, shown):
    viewer = MemberFactory(timezone_name=time_zone)
    assert _when(client_for(viewer), f"/{lang}/events/{webinar.pk}/") == shown


def test_a_visitor_sees_utc(webinar):
    assert _when(Client(), f"/en/events/{webinar.pk}/") == (
        "Tuesday 3 March 2026, 14:00–15:30 (UTC) "
        "Organiser's time: Tuesday 3 March 2026, 15:00–16:30 (Europe/Paris)"
    )


def test_an_event_over_midnight_names_both_days(webinar):
    viewer = MemberFactory(timezone_name="Asia/Kolkata")
    webinar.starts_at, webinar.ends_at = _utc(2026, 3, 3, 18, 0), _utc(2026, 3, 3, 19, 0)
    webinar.save()
    assert _when(client_for(viewer), f"/fr/events/{webinar.pk}/").startswith(
        "du mardi 3 mars 2026, 23:30 au mercredi 4 mars 2026, 00:30 (Asia/Kolkata)"
    )


def test_lists_show_times_in_the_viewers_zone(webinar):
    viewer = MemberFactory(timezone_name="Asia/Kolkata")
    soup = BeautifulSoup(client_for(viewer).get("/en/events/past/").content, "html.parser")
    assert [p.get_text() for p in soup.select(".card h3 + p")] == [
        "Tuesday 3 March 2026, 19:30–21:00 (Asia/Kolkata)"
    ]
