"""The permission matrix for events: who may read, RSVP to and manage them, checked through the
policy module and through every page, download and feed, so a path that forgot to ask shows up.

Personas: anonymous, a signed-in non-member ("outsider"), member, facilitator (of the
community) and staff; communities: public, members-only and private.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from baraza.core.policies import actions, can
from baraza.events import services
from baraza.events.models import RSVP
from tests.events.helpers import client_for, plan
from tests.factories import CommunityFactory, MemberFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "outsider", "member", "facilitator", "staff"]
VISIBILITIES = ["public", "members", "private"]

# (visibility, persona) -> (read, rsvp, manage)
MATRIX = {
    ("public", "anonymous"): (True, False, False),
    ("public", "outsider"): (True, True, False),
    ("public", "member"): (True, True, False),
    ("public", "facilitator"): (True, True, True),
    ("public", "staff"): (True, True, True),
    ("members", "anonymous"): (False, False, False),
    ("members", "outsider"): (False, False, False),
    ("members", "member"): (True, True, False),
    ("members", "facilitator"): (True, True, True),
    ("members", "staff"): (True, True, True),
    ("private", "anonymous"): (False, False, False),
    ("private", "outsider"): (False, False, False),
    ("private", "member"): (True, True, False),
    ("private", "facilitator"): (True, True, True),
    ("private", "staff"): (True, True, True),
}


@pytest.fixture
def world(db):
    people = {
        "anonymous": AnonymousUser(),
        "outsider": MemberFactory(display_name="Outsider"),
        "member": MemberFactory(display_name="Member"),
        "facilitator": MemberFactory(display_name="Facilitator"),
        "staff": MemberFactory(display_name="Staff"),
    }
    people["staff"].is_staff = True
    people["staff"].save()
    events = {}
    for visibility in VISIBILITIES:
        community = CommunityFactory(
            slug=f"{visibility}-group",
            name_en=f"The {visibility} group",
            visibility=visibility,
            join_policy="invite" if visibility == "private" else "request",
            facilitators=[people["facilitator"]],
            members=[people["member"]],
        )
        events[visibility] = plan(community, title=f"Meeting of the {visibility} group")
    return people, events


def test_every_event_action_has_a_rule():
    assert [a for a in actions() if a[0] == "Event"] == [
        ("Event", "manage"),
        ("Event", "read"),
        ("Event", "rsvp"),
    ]


@pytest.mark.parametrize(("visibility", "persona"), sorted(MATRIX))
def test_the_policy_module(world, visibility, persona):
    people, events = world
    user, event = people[persona], events[visibility]
    assert (
        tuple(can(user, a, event) for a in ("read", "rsvp", "manage"))
        == MATRIX[(visibility, persona)]
    )


@pytest.mark.parametrize(("visibility", "persona"), sorted(MATRIX))
def test_the_pages_agree_with_the_policy(world, visibility, persona):
    people, events = world
    read, may_rsvp, manage = MATRIX[(visibility, persona)]
    user, event = people[persona], events[visibility]
    client = client_for(user)
    # Denied: a 404 where the community itself is hidden, a 403 where it is only listed.
    denied = 404 if visibility == "private" else 403

    listed = [e.pk for e in client.get("/en/events/").context["page"].object_list]
    assert (event.pk in listed) is read

    detail = client.get(f"/en/events/{event.pk}/")
    assert detail.status_code == (200 if read else denied)
    assert (event.title in detail.content.decode()) is read

    ics = client.get(f"/en/events/{event.pk}/calendar.ics")
    assert ics.status_code == (200 if read else denied)

    community_page = client.get(f"/en/communities/{event.community.slug}/events/")
    assert community_page.status_code == (200 if read else denied)

    if read:
        assert (detail.context["rsvp_form"] is not None) is may_rsvp
        assert (f'href="/en/events/{event.pk}/edit/"' in detail.content.decode()) is manage

    answer = client.post(f"/en/events/{event.pk}/rsvp/", {"answer": "going"})
    if persona == "anonymous":
        assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]
    else:
        assert answer.status_code == (302 if may_rsvp else denied)
    assert RSVP.objects.filter(event=event).exists() is may_rsvp

    edit = client.get(f"/en/events/{event.pk}/edit/")
    create = client.get(f"/en/communities/{event.community.slug}/events/new/")
    if persona == "anonymous":
        assert (edit.status_code, create.status_code) == (302, 302)
    else:
        expected = 200 if manage else (denied if not read else 403)
        assert (edit.status_code, create.status_code) == (expected, expected)


@pytest.mark.parametrize(("visibility", "persona"), sorted(MATRIX))
def test_the_feeds_agree_with_the_policy(world, visibility, persona):
    people, events = world
    read = MATRIX[(visibility, persona)][0]
    user, event = people[persona], events[visibility]
    public_feed = Client().get(f"/calendars/community/{event.community.slug}.ics")
    assert public_feed.status_code == (200 if visibility == "public" else 404)
    if user.is_authenticated:
        token = services.feed_token(user=user, community=event.community)
        personal = Client().get(reverse("calendars:member", args=[token]))
        assert personal.status_code == (200 if read else 404)
        assert (event.title in personal.content.decode()) is read


def test_a_private_event_never_leaks(world):
    people, events = world
    private = events["private"]
    outsider = client_for(people["outsider"])
    for client in (Client(), outsider):
        for path in (
            "/en/events/",
            "/fr/events/",
            "/en/events/past/",
            "/calendars/community/public-group.ics",
            f"/en/events/{private.pk}/",
            f"/en/events/{private.pk}/calendar.ics",
            f"/fr/events/{private.pk}/edit/",
            f"/en/communities/{private.community.slug}/events/",
            "/en/communities/public-group/",
        ):
            html = client.get(path).content.decode()
            assert private.title not in html, path
            assert "The private group" not in html, path
        assert client.post(f"/en/events/{private.pk}/rsvp/", {"answer": "going"}).status_code in (
            302,
            404,
        )
    # A missing event and a private one answer alike, so an ID reveals nothing.
    assert outsider.get(f"/en/events/{private.pk}/").status_code == 404
    assert outsider.get(f"/en/events/{private.pk + 1000}/").status_code == 404


def test_members_only_events_tell_outsiders_why(world):
    people, events = world
    response = client_for(people["outsider"]).get(f"/en/events/{events['members'].pk}/")
    assert response.status_code == 403
    assert "Only members of this community can see its events." in response.content.decode()
    assert events["members"].title not in response.content.decode()


def test_a_site_facilitator_may_manage_every_communitys_events(world):
    _people, events = world
    site_facilitator = MemberFactory(groups=["facilitators"])
    for event in events.values():
        assert can(site_facilitator, "manage", event)
