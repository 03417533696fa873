"""Facilitators plan and edit events, add the recording afterwards and open the follow-up
discussion; bad input gets a clear message in the page's language and writes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from baraza.core.models import AuditEntry
from baraza.discussions.models import Post, Topic
from baraza.events import demo, services
from baraza.events.models import RSVP, Event
from tests.events.helpers import client_for, plan
from tests.factories import CommunityFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitator_of():
    organiser = MemberFactory(display_name="Awa Facilitator", timezone_name="Africa/Dakar")
    return organiser, CommunityFactory(facilitators=[organiser])


def _when(days: int, hour: int) -> str:
    day = timezone.localdate() + timedelta(days=days)
    return f"{day.isoformat()}T{hour:02d}:00"


GOOD = {
    "title": "Community feedback in the cholera response",
    "language": "en",
    "description": "Three teams share what changed.",
    "online_url": "https://meet.example.org/cholera",
    "place": "",
}


def _post(client, community, lang="en", **changes):
    data = {**GOOD, "starts_at": _when(10, 14), "ends_at": _when(10, 15), **changes}
    return client.post(f"/{lang}/communities/{community.slug}/events/new/", data)


def test_planning_an_event(facilitator_of):
    organiser, community = facilitator_of
    client = client_for(organiser)
    form = client.get(f"/en/communities/{community.slug}/events/new/")
    soup = BeautifulSoup(form.content, "html.parser")
    assert soup.select_one("#id_starts_at")["type"] == "datetime-local"
    assert "in your time zone, Africa/Dakar" in soup.select_one("#id_starts_at_helptext").text
    assert soup.select_one("#id_recording_url") is None  # added after the event

    response = _post(client, community, place="Hotel Ngor, Dakar")
    event = Event.objects.get()
    assert response["Location"] == f"/en/events/{event.pk}/"
    assert (event.title, event.place, event.created_by, event.timezone) == (
        "Community feedback in the cholera response",
        "Hotel Ngor, Dakar",
        organiser,
        "Africa/Dakar",
    )
    entry = AuditEntry.objects.get(action="event.create", actor=organiser)
    # In the community's own log, which its facilitators read.
    assert entry.scope == f"communities.community:{community.pk}"
    page = client.get(response["Location"])
    assert "The event has been published." in page.content.decode()


def test_editing_adds_the_recording_and_slides_afterwards(facilitator_of):
    organiser, community = facilitator_of
    event = plan(community, starts_at=timezone.now() - timedelta(days=3), organiser=organiser)
    client = client_for(organiser)
    form = client.get(f"/en/events/{event.pk}/edit/").context["form"]
    assert form["title"].value() == event.title
    data = {name: form[name].value() for name in form.fields}
    data["recording_url"] = "https://video.example.org/cholera"
    data["slides_url"] = "https://files.example.org/cholera.pdf"
    response = client.post(f"/en/events/{event.pk}/edit/", data)
    assert response["Location"] == f"/en/events/{event.pk}/"
    event.refresh_from_db()
    assert (event.recording_url, event.slides_url, event.sequence) == (
        "https://video.example.org/cholera",
        "https://files.example.org/cholera.pdf",
        1,
    )
    entry = AuditEntry.objects.get(action="event.update")
    assert entry.data == {"fields": ["recording_url", "slides_url"]}
    soup = BeautifulSoup(client.get(f"/en/events/{event.pk}/").content, "html.parser")
    links = soup.find(id="afterwards-heading").parent.find_all("a")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Watch the recording", "https://video.example.org/cholera"),
        ("See the slides", "https://files.example.org/cholera.pdf"),
    ]


def test_editing_the_times_moves_the_organisers_zone_to_the_editors(facilitator_of):
    organiser, community = facilitator_of
    event = plan(community, time_zone="Europe/Paris")
    services.update_event(actor=organiser, event=event, time_zone="Africa/Dakar", title="New")
    assert event.timezone == "Europe/Paris"
    services.update_event(
        actor=organiser,
        event=event,
        time_zone="Africa/Dakar",
        starts_at=event.starts_at + timedelta(hours=1),
    )
    assert event.timezone == "Africa/Dakar"


def test_opening_the_follow_up_discussion(facilitator_of):
    organiser, community = facilitator_of
    event = plan(
        community,
        starts_at=timezone.now() - timedelta(days=1),
        title="Supervision qui aide",
        language="fr",
        organiser=organiser,
    )
    client = client_for(organiser)
    form = client.get(f"/en/events/{event.pk}/follow-up/")
    # The discussion opens in the event's language, whatever the facilitator's page language.
    assert form.context["form"]["title"].value() == "Après l’événement : Supervision qui aide"
    response = client.post(
        f"/en/events/{event.pk}/follow-up/",
        {"title": "Après le webinaire", "body": "Merci à toutes et à tous !"},
    )
    assert response["Location"] == f"/en/events/{event.pk}/"
    event.refresh_from_db()
    topic = Topic.objects.get()
    assert (event.follow_up, topic.community, topic.language, topic.author) == (
        topic,
        community,
        "fr",
        organiser,
    )
    assert Post.objects.get(topic=topic).body == "Merci à toutes et à tous !"
    page = client.get(f"/en/events/{event.pk}/").content.decode()
    topic_url = reverse("discussions:topic", args=[topic.pk])
    assert f'<a href="{topic_url}">Follow-up discussion: Après le webinaire</a>' in page
    assert f'href="/en/events/{event.pk}/follow-up/"' not in page
    # Only once.
    again = client.post(f"/en/events/{event.pk}/follow-up/", {"title": "Encore", "body": "Encore"})
    assert again["Location"] == f"/en/events/{event.pk}/"
    assert Topic.objects.count() == 1


def test_members_cannot_plan_or_open_discussions(member_client, member):
    community = CommunityFactory(members=[member])
    event = plan(community)
    assert _post(member_client, community).status_code == 403
    follow_up = member_client.post(f"/en/events/{event.pk}/follow-up/", {"title": "T", "body": "B"})
    assert follow_up.status_code == 403
    assert Event.objects.count() == 1 and not Topic.objects.exists()


# --- Bad input ----------------------------------------------------------------------------


def _errors(client, community, **changes) -> dict:
    response = _post(client, community, lang="fr", **changes)
    assert response.status_code == 200, response.status_code
    assert not Event.objects.exists()
    assert "Veuillez corriger les erreurs ci-dessous." in response.content.decode()
    return response.context["form"].errors


def test_the_end_must_come_after_the_start(facilitator_of):
    organiser, community = facilitator_of
    client = client_for(organiser)
    assert _errors(client, community, ends_at=_when(10, 13)) == {
        "ends_at": ["La fin doit être après le début."]
    }
    assert _errors(client, community, ends_at=_when(10, 14)) == {
        "ends_at": ["La fin doit être après le début."]
    }
    assert _errors(client, community, ends_at=_when(50, 14)) == {
        "ends_at": ["Un événement peut durer 31 jours au plus."]
    }


@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "ftp://files.example.org/slides.pdf",
        "https://",
    ],
)
def test_links_must_be_web_addresses(facilitator_of, address):
    organiser, community = facilitator_of
    assert _errors(client_for(organiser), community, online_url=address) == {
        "online_url": ["Saisissez une adresse web complète, commençant par https:// ou http://."]
    }


def test_a_link_without_its_scheme_is_taken_as_https(facilitator_of):
    organiser, community = facilitator_of
    _post(client_for(organiser), community, online_url="meet.example.org/cholera")
    assert Event.objects.get().online_url == "https://meet.example.org/cholera"


@pytest.mark.parametrize(
    ("starts_at", "ends_at", "errors"),
    [
        (
            "9999-12-31T22:00",
            "9999-12-31T23:00",
            {"starts_at": ["Choisissez un début entre il y a cinq ans et dans trois ans."]},
        ),
        (
            "0001-01-01T00:00",
            "0001-01-01T01:00",
            {"starts_at": ["Choisissez un début entre il y a cinq ans et dans trois ans."]},
        ),
        (
            "10000-01-01T00:00",
            "10000-01-01T01:00",
            {
                "starts_at": ["Saisissez une date et une heure valides."],
                "ends_at": ["Saisissez une date et une heure valides."],
            },
        ),
        (
            "2027-02-30T10:00",
            "2027-02-30T11:00",
            {
                "starts_at": ["Saisissez une date et une heure valides."],
                "ends_at": ["Saisissez une date et une heure valides."],
            },
        ),
        (
            "",
            "",
            {
                "starts_at": ["Ce champ est obligatoire."],
                "ends_at": ["Ce champ est obligatoire."],
            },
        ),
    ],
)
def test_absurd_dates(starts_at, ends_at, errors):
    # Kolkata is ahead of UTC and Honolulu behind it: both edges of the calendar are probed.
    for time_zone in ("Asia/Kolkata", "Pacific/Honolulu"):
        organiser = MemberFactory(timezone_name=time_zone)
        community = CommunityFactory(facilitators=[organiser])
        client = client_for(organiser)
        assert _errors(client, community, starts_at=starts_at, ends_at=ends_at) == errors


def test_an_online_link_or_a_place_is_needed(facilitator_of):
    organiser, community = facilitator_of
    assert _errors(client_for(organiser), community, online_url="", place="") == {
        "online_url": ["Indiquez un lien en ligne, un lieu, ou les deux."]
    }


def test_overlong_and_missing_text(facilitator_of):
    organiser, community = facilitator_of
    errors = _errors(client_for(organiser), community, title="", place="x" * 301)
    assert errors == {
        "title": ["Ce champ est obligatoire."],
        "place": [
            "Assurez-vous que cette valeur comporte au plus 300 caractères (actuellement 301)."
        ],
    }


# --- Demo ---------------------------------------------------------------------------------


def test_the_demo_events_load_twice_without_duplicates():
    from baraza.accounts import demo as accounts_demo
    from baraza.communities import demo as communities_demo

    accounts_demo.load()
    communities_demo.load()
    demo.load()
    demo.load()
    events = Event.objects.order_by("starts_at")
    assert events.count() == 4
    now = timezone.now()
    past = [e for e in events if e.ends_at < now]
    assert [(e.community.slug, e.language) for e in past] == [("community-health-cop", "en")]
    [webinar] = past
    assert webinar.recording_url and webinar.follow_up is not None
    assert Topic.objects.filter(pk=webinar.follow_up_id).count() == 1
    coming = {e.community.slug for e in events if e.starts_at > now}
    assert coming == {
        "community-health-cop",
        "ce-in-emergencies",
        "chw-managers-west-central-africa",
    }
    assert RSVP.objects.count() == 7
