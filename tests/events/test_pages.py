"""The events pages follow the site's page rules (tests/core/test_pages.py runs them on these
pages too) and the list costs the same number of queries however many events it shows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from baraza.events import services
from tests.core.test_pages import (  # noqa: F401  (the same rules, collected here for these pages)
    test_every_form_control_has_a_label,
    test_every_page_fits_the_weight_budget_on_a_first_visit,
    test_pages_fetch_nothing_from_other_hosts,
    test_pages_have_landmarks_a_skip_link_and_one_heading,
    test_pages_have_no_inline_script_or_style,
)
from tests.events.helpers import client_for, plan
from tests.factories import CommunityFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(member, member_client):
    """(client, path) for every events page, as a visitor, a member and a facilitator."""
    facilitator = MemberFactory(display_name="Facilitator")
    community = CommunityFactory(facilitators=[facilitator], members=[member])
    closed = CommunityFactory(visibility="members", members=[member])
    coming = plan(community, description="Agenda:\n\n1. Payment\n2. Supervision")
    past = plan(
        community,
        starts_at=timezone.now() - timedelta(days=30),
        place="Kolda, Senegal",
        online_url="",
    )
    past.recording_url = "https://video.example.org/x"
    past.save()
    services.open_follow_up(actor=facilitator, event=past, title="After the event", body="Hi")
    plan(closed)
    facilitator_client = client_for(facilitator)
    anonymous = Client()
    return [
        (anonymous, "/en/events/"),
        (anonymous, "/fr/events/past/"),
        (anonymous, f"/en/events/{coming.pk}/"),
        (anonymous, f"/fr/events/{past.pk}/"),
        (anonymous, f"/en/communities/{community.slug}/events/"),
        (anonymous, f"/fr/communities/{community.slug}/"),
        (member_client, "/fr/events/"),
        (member_client, f"/en/events/{coming.pk}/"),
        (member_client, f"/fr/communities/{closed.slug}/events/"),
        (member_client, f"/en/communities/{closed.slug}/"),
        (facilitator_client, f"/en/events/{coming.pk}/"),
        (facilitator_client, f"/fr/communities/{community.slug}/events/new/"),
        (facilitator_client, f"/en/events/{past.pk}/edit/"),
        (facilitator_client, f"/fr/events/{coming.pk}/follow-up/"),
    ]


def test_events_are_in_the_main_navigation(client):
    soup = BeautifulSoup(client.get("/fr/events/").content, "html.parser")
    current = soup.select('nav.nav-main a[aria-current="page"]')
    assert [(a.get_text(), a["href"]) for a in current] == [("Événements", "/fr/events/")]


def test_a_communitys_home_page_shows_its_coming_events(member_client, member):
    community = CommunityFactory(members=[member])
    plan(community, title="First")
    plan(community, title="Second", starts_at=timezone.now() + timedelta(days=20))
    plan(community, title="Long gone", starts_at=timezone.now() - timedelta(days=20))
    soup = BeautifulSoup(
        member_client.get(f"/en/communities/{community.slug}/").content, "html.parser"
    )
    section = soup.find(id="events-heading").parent
    assert [h.get_text() for h in section.select("h3")] == ["First", "Second"]


def test_the_empty_lists_say_so(member_client):
    html = member_client.get("/en/events/").content.decode()
    assert "No events are planned yet." in html
    assert "No past events yet." in member_client.get("/en/events/past/").content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_the_events_list_costs_the_same_for_one_event_or_three(
    member_client, member, n, django_assert_num_queries
):
    mine = CommunityFactory(visibility="members", members=[member])
    public = CommunityFactory()
    for i in range(n):
        event = plan(mine if i % 2 else public, title=f"Event {i}")
        services.rsvp(user=member, event=event, answer="going")
        services.rsvp(user=event.created_by, event=event, answer="maybe")
    # session, member, site-facilitator check, count, events (with their communities, counts and
    # my answer).
    with django_assert_num_queries(5):
        response = member_client.get("/en/events/")
    assert len(response.context["page"].object_list) == n


@pytest.mark.parametrize("n", [1, 3])
def test_a_communitys_events_page_costs_the_same_for_one_event_or_three(
    member_client, member, n, django_assert_num_queries
):
    community = CommunityFactory(members=[member])
    for i in range(n):
        plan(community, title=f"Coming {i}")
        plan(community, title=f"Past {i}", starts_at=timezone.now() - timedelta(days=i + 1))
    with django_assert_num_queries(8):
        response = member_client.get(f"/en/communities/{community.slug}/events/")
    assert len(response.context["upcoming"]) == n
