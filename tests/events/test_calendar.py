"""The .ics download and the calendar feeds (RFC 5545), read back with the icalendar library."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from baraza.communities import services as community_services
from baraza.core.models import AuditEntry
from baraza.events import services
from tests.events.helpers import client_for, plan
from tests.factories import CommunityFactory, MemberFactory

pytestmark = pytest.mark.django_db


def _calendar(response) -> icalendar.Calendar:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def _summaries(response) -> list[str]:
    return [str(event["SUMMARY"]) for event in _calendar(response).walk("VEVENT")]


@pytest.fixture
def webinar(db):
    return plan(
        CommunityFactory(slug="chw-cop", name_en="Community health CoP"),
        starts_at=datetime(2027, 3, 3, 14, 0, tzinfo=UTC),
        minutes=90,
        time_zone="Africa/Dakar",
        title="Supervision, payment; and data",
        description="Three countries compare notes.",
        online_url="https://meet.example.org/supervision",
        place="CICES, Dakar",
    )


def test_the_ics_download_describes_the_event(webinar):
    response = Client().get(f"/en/events/{webinar.pk}/calendar.ics")
    assert response["Content-Disposition"] == (
        'attachment; filename="supervision-payment-and-data.ics"'
    )
    calendar = _calendar(response)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//Baraza//Events//EN"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == str(webinar.uid)
    assert str(event["SUMMARY"]) == "Supervision, payment; and data"
    assert event.decoded("DTSTART") == datetime(2027, 3, 3, 14, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2027, 3, 3, 15, 30, tzinfo=UTC)
    assert str(event["URL"]) == f"http://127.0.0.1:8000/en/events/{webinar.pk}/"
    assert str(event["LOCATION"]) == "CICES, Dakar"
    assert str(event["DESCRIPTION"]) == (
        "Three countries compare notes.\n\n"
        "Online: https://meet.example.org/supervision\n\n"
        f"Details and RSVP: http://127.0.0.1:8000/en/events/{webinar.pk}/"
    )


def test_times_are_written_in_utc(webinar):
    raw = Client().get(f"/en/events/{webinar.pk}/calendar.ics").content.decode()
    assert "\r\nDTSTART:20270303T140000Z\r\n" in raw
    assert "\r\nDTEND:20270303T153000Z\r\n" in raw
    assert "VTIMEZONE" not in raw


def test_an_online_event_without_a_place_gives_its_link_as_the_location():
    event = plan(CommunityFactory(), online_url="https://meet.example.org/x", place="")
    [item] = _calendar(Client().get(f"/en/events/{event.pk}/calendar.ics")).walk("VEVENT")
    assert str(item["LOCATION"]) == "https://meet.example.org/x"


def test_the_uid_stays_and_the_sequence_rises_when_the_event_changes(webinar):
    before = _calendar(Client().get(f"/en/events/{webinar.pk}/calendar.ics")).walk("VEVENT")[0]
    services.update_event(
        actor=webinar.created_by,
        event=webinar,
        time_zone="Africa/Dakar",
        starts_at=webinar.starts_at + timedelta(hours=1),
        ends_at=webinar.ends_at + timedelta(hours=1),
    )
    after = _calendar(Client().get(f"/en/events/{webinar.pk}/calendar.ics")).walk("VEVENT")[0]
    assert str(after["UID"]) == str(before["UID"])
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert after.decoded("DTSTART") == datetime(2027, 3, 3, 15, 0, tzinfo=UTC)


def test_the_french_download_links_to_the_french_page(webinar):
    [item] = _calendar(Client().get(f"/fr/events/{webinar.pk}/calendar.ics")).walk("VEVENT")
    assert str(item["URL"]) == f"http://127.0.0.1:8000/fr/events/{webinar.pk}/"
    assert str(item["DESCRIPTION"]).endswith(
        f"Détails et réponse : http://127.0.0.1:8000/fr/events/{webinar.pk}/"
    )


# --- Feeds --------------------------------------------------------------------------------


def test_a_public_community_has_a_public_feed(webinar):
    other = plan(CommunityFactory(), title="Another community's event")
    response = Client().get("/calendars/community/chw-cop.ics")
    calendar = _calendar(response)
    assert str(calendar["X-WR-CALNAME"]) == "Community health CoP"
    assert _summaries(response) == ["Supervision, payment; and data"]
    assert other.title not in response.content.decode()
    assert "public" in response["Cache-Control"]


def test_the_feed_keeps_a_year_of_past_events_and_everything_ahead():
    community = CommunityFactory()
    now = timezone.now().replace(second=0, microsecond=0)
    plan(community, title="Long ago", starts_at=now - timedelta(days=400))
    plan(community, title="Last month", starts_at=now - timedelta(days=30))
    plan(community, title="Next year", starts_at=now + timedelta(days=300))
    response = Client().get(f"/calendars/community/{community.slug}.ics")
    assert _summaries(response) == ["Last month", "Next year"]


@pytest.mark.parametrize("visibility", ["members", "private"])
def test_closed_communities_have_no_public_feed(visibility):
    community = CommunityFactory(visibility=visibility)
    plan(community, title="Closed meeting")
    response = Client().get(f"/calendars/community/{community.slug}.ics")
    assert response.status_code == 404
    assert "Closed meeting" not in response.content.decode()


@pytest.fixture
def closed(member):
    community = CommunityFactory(visibility="private", join_policy="invite", members=[member])
    plan(community, title="Programme managers' call")
    return community


def _member_feed(member, community) -> str:
    return reverse("calendars:member", args=[services.feed_token(user=member, community=community)])


def test_a_member_subscribes_to_a_closed_community_with_a_personal_address(member, closed):
    page = client_for(member).get(f"/en/communities/{closed.slug}/events/")
    feed_url = page.context["feed_url"]
    path = feed_url.removeprefix("http://127.0.0.1:8000")
    assert path.startswith("/calendars/member/")
    assert path in page.content.decode()
    response = Client().get(path)  # a calendar app: no session, no cookies
    assert _summaries(response) == ["Programme managers' call"]
    assert "private" in response["Cache-Control"]
    # The same address every time, so the subscription doesn't change under the member.
    assert (
        client_for(member).get(f"/en/communities/{closed.slug}/events/").context["feed_url"]
        == feed_url
    )


def test_the_secret_part_of_a_feed_address_is_kept_out_of_the_logs(member, closed, request_log):
    token = services.feed_token(user=member, community=closed)
    Client().get(f"/calendars/member/{token}.ics")
    [record] = request_log()
    assert (record.path, record.status) == ("/calendars/member/***.ics", 200)


def test_a_member_who_leaves_loses_the_feed(member, closed):
    path = _member_feed(member, closed)
    assert Client().get(path).status_code == 200
    community_services.leave(user=member, community=closed)
    response = Client().get(path)
    assert response.status_code == 404
    assert "Programme managers" not in response.content.decode()


def test_a_removed_or_deleted_member_loses_the_feed(member, closed):
    from baraza.accounts import services as account_services

    path = _member_feed(member, closed)
    closed.memberships.filter(user=member).update(status="removed")
    assert Client().get(path).status_code == 404
    closed.memberships.filter(user=member).update(status="active")
    assert Client().get(path).status_code == 200
    account_services.delete_account(actor=member, member=member)
    assert Client().get(path).status_code == 404


def test_new_calendar_addresses_revoke_the_old_ones(member, closed):
    old = _member_feed(member, closed)
    renew = f"/en/communities/{closed.slug}/events/new-calendar-address/"
    response = client_for(member).post(renew)
    assert response["Location"] == f"/en/communities/{closed.slug}/events/"
    assert Client().get(old).status_code == 404
    new = _member_feed(member, closed)
    assert new != old
    assert Client().get(new).status_code == 200
    assert AuditEntry.objects.filter(action="events.calendar_key_reset", actor=member).exists()


def test_a_token_opens_only_its_own_community(member, closed):
    plan(CommunityFactory(visibility="private", members=[member]), title="Another group's call")
    assert _summaries(Client().get(_member_feed(member, closed))) == ["Programme managers' call"]


def test_a_link_signed_for_something_else_is_no_feed_token(member, closed):
    from django.core import signing

    from baraza.events.models import CalendarKey

    services.feed_token(user=member, community=closed)
    key = CalendarKey.objects.get(user=member).key
    # The right payload, signed for another purpose (here, with the invitation links' salt).
    payload = {"u": member.pk, "c": closed.pk, "k": key}
    token = signing.Signer(salt="baraza.communities.invitation").sign_object(payload)
    assert Client().get(f"/calendars/member/{token}.ics").status_code == 404


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "a:b:c",
        "eyJ1IjoxLCJjIjoxLCJrIjoieCJ9:forged-signature",
        "..",
        "%00%ff",
        "x" * 2000,
        "é:è",
    ],
)
def test_a_tampered_token_is_a_clean_404(member, closed, token):
    response = Client().get(f"/calendars/member/{token}.ics")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_token_with_a_changed_character_is_refused(member, closed):
    token = services.feed_token(user=member, community=closed)
    for position in (0, len(token) // 2, len(token) - 1):
        other = "A" if token[position] != "A" else "B"
        changed = token[:position] + other + token[position + 1 :]
        assert Client().get(f"/calendars/member/{changed}.ics").status_code == 404


def test_a_signed_payload_of_the_wrong_shape_is_refused(member, closed):
    from django.core import signing

    from baraza.events.queries import FEED_SALT

    signer = signing.Signer(salt=FEED_SALT)
    for payload in ([1, 2, 3], {"u": "1", "c": closed.pk, "k": "x"}, {"u": member.pk}, "text"):
        token = signer.sign_object(payload)
        assert Client().get(f"/calendars/member/{token}.ics").status_code == 404


def test_the_feed_speaks_the_members_language(closed):
    french = MemberFactory(language="fr")
    closed.memberships.create(user=french, role="member", status="active")
    response = Client().get(_member_feed(french, closed), HTTP_ACCEPT_LANGUAGE="en")
    [item] = _calendar(response).walk("VEVENT")
    assert "/fr/events/" in str(item["URL"])


def test_the_feeds_are_routed_outside_the_language_prefix(settings):
    """The root URLconf includes ``path("calendars/", include("baraza.events.feed_urls"))``."""
    settings.ROOT_URLCONF = "baraza.urls"
    community = CommunityFactory()
    assert reverse("calendars:community", args=[community.slug]) == (
        f"/calendars/community/{community.slug}.ics"
    )
    assert Client().get(f"/calendars/community/{community.slug}.ics").status_code == 200
