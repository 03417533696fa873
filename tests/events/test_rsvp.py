"""Saying whether you will come, and seeing how many will."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from baraza.core.models import AuditEntry
from baraza.core.policies import Refused
from baraza.events import services
from baraza.events.models import RSVP
from tests.events.helpers import plan
from tests.factories import CommunityFactory, MemberFactory

pytestmark = pytest.mark.django_db


def _counts(client, event) -> str:
    soup = BeautifulSoup(client.get(f"/en/events/{event.pk}/").content, "html.parser")
    return soup.select_one("#rsvp-heading + p").get_text()


def test_answering_and_changing_my_mind(member_client, member):
    event = plan(CommunityFactory(members=[member]))
    response = member_client.post(f"/en/events/{event.pk}/rsvp/", {"answer": "going"})
    assert response["Location"] == f"/en/events/{event.pk}/"
    page = member_client.get(response["Location"])
    assert "Thank you: your answer has been saved." in page.content.decode()
    assert page.context["rsvp_form"]["answer"].value() == "going"
    assert _counts(member_client, event) == "Going: 1 · Maybe: 0 · Not going: 0"

    member_client.post(f"/en/events/{event.pk}/rsvp/", {"answer": "maybe"})
    assert _counts(member_client, event) == "Going: 0 · Maybe: 1 · Not going: 0"
    assert RSVP.objects.filter(event=event).count() == 1
    assert list(
        AuditEntry.objects.filter(action="event.rsvp", actor=member)
        .order_by("id")
        .values_list("data__answer", flat=True)
    ) == ["going", "maybe"]


def test_counts_add_up_every_members_answer(member_client):
    community = CommunityFactory()
    event = plan(community)
    for answer in ("going", "going", "going", "maybe", "not_going"):
        services.rsvp(user=MemberFactory(), event=event, answer=answer)
    assert _counts(member_client, event) == "Going: 3 · Maybe: 1 · Not going: 1"
    listed = BeautifulSoup(member_client.get("/en/events/").content, "html.parser")
    assert listed.select_one(".card h3 ~ p:last-child").get_text() == "Going: 3 · Maybe: 1"


def test_the_list_shows_my_own_answer(member_client, member):
    event = plan(CommunityFactory(members=[member]))
    services.rsvp(user=member, event=event, answer="not_going")
    soup = BeautifulSoup(member_client.get("/en/events/").content, "html.parser")
    assert soup.select_one(".card strong").get_text() == "Your answer: Not going"


def test_a_visitor_is_asked_to_log_in(client):
    event = plan(CommunityFactory())
    html = client.get(f"/en/events/{event.pk}/").content.decode()
    assert (
        f'<a href="/en/accounts/login/?next=/en/events/{event.pk}/">Log in</a> '
        "to say whether you will come." in html
    )
    response = client.post(f"/en/events/{event.pk}/rsvp/", {"answer": "going"})
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert not RSVP.objects.exists()


def test_no_answer_after_the_event(member_client, member):
    event = plan(
        CommunityFactory(members=[member]),
        starts_at=timezone.now() - timedelta(days=2),
    )
    page = member_client.get(f"/en/events/{event.pk}/")
    assert page.context["rsvp_form"] is None
    assert "This event has ended." in page.content.decode()
    response = member_client.post(f"/en/events/{event.pk}/rsvp/", {"answer": "going"})
    assert response.status_code == 403
    assert not RSVP.objects.exists()


def test_a_banned_member_cannot_answer(member_client, member):
    community = CommunityFactory(members=[member])
    community.memberships.filter(user=member).update(status="banned")
    event = plan(community)
    assert member_client.post(f"/en/events/{event.pk}/rsvp/", {"answer": "going"}).status_code == (
        403
    )
    with pytest.raises(Refused):
        services.rsvp(user=member, event=event, answer="going")


def test_an_unknown_answer_is_a_form_error(member_client, member):
    event = plan(CommunityFactory(members=[member]))
    response = member_client.post(f"/fr/events/{event.pk}/rsvp/", {"answer": "perhaps"})
    assert response.status_code == 400
    assert response.context["rsvp_form"].errors == {
        "answer": ["Sélectionnez un choix valide. perhaps n’en fait pas partie."]
    }
    assert not RSVP.objects.exists()


def test_my_answers_are_in_my_data_and_go_with_my_account(member_client, member):
    from baraza.accounts import services as account_services

    event = plan(CommunityFactory(members=[member]), title="Data for decisions")
    services.rsvp(user=member, event=event, answer="going")
    data = member_client.get("/en/me/data.json").json()
    assert [(r["event"], r["answer"]) for r in data["event_rsvps"]] == [
        ("Data for decisions", "going")
    ]
    account_services.delete_account(actor=member, member=member)
    assert not RSVP.objects.exists()
    assert Client().get(f"/en/events/{event.pk}/").status_code == 200
