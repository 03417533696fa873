"""The permission matrix: who may see, read, post in and moderate each kind of community.

Personas: anonymous, a signed-in non-member, member, facilitator, owner and staff; communities:
public, members-only and private. Every cell is checked through the one policy module and
through the pages themselves, so a view that forgot to ask would show up here.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from baraza.core.policies import can
from tests.factories import CommunityFactory, MemberFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "outsider", "member", "facilitator", "owner", "staff"]

# (visibility, persona) -> (see, read, post, moderate)
MATRIX = {
    ("public", "anonymous"): (True, True, False, False),
    ("public", "outsider"): (True, True, False, False),
    ("public", "member"): (True, True, True, False),
    ("public", "facilitator"): (True, True, True, True),
    ("public", "owner"): (True, True, True, True),
    ("public", "staff"): (True, True, True, True),
    ("members", "anonymous"): (True, False, False, False),
    ("members", "outsider"): (True, False, False, False),
    ("members", "member"): (True, True, True, False),
    ("members", "facilitator"): (True, True, True, True),
    ("members", "owner"): (True, True, True, True),
    ("members", "staff"): (True, True, True, True),
    ("private", "anonymous"): (False, False, False, False),
    ("private", "outsider"): (False, False, False, False),
    ("private", "member"): (True, True, True, False),
    ("private", "facilitator"): (True, True, True, True),
    ("private", "owner"): (True, True, True, True),
    ("private", "staff"): (True, True, True, True),
}


@pytest.fixture
def world(db):
    people = {
        "anonymous": AnonymousUser(),
        "outsider": MemberFactory(display_name="Outsider"),
        "member": MemberFactory(display_name="Member"),
        "facilitator": MemberFactory(display_name="Facilitator"),
        "owner": MemberFactory(display_name="Owner"),
        "staff": MemberFactory(display_name="Staff"),
    }
    people["staff"].is_staff = True
    people["staff"].save()
    communities = {
        visibility: CommunityFactory(
            slug=f"{visibility}-group",
            visibility=visibility,
            owner=people["owner"],
            facilitators=[people["facilitator"]],
            members=[people["member"]],
        )
        for visibility in ("public", "members", "private")
    }
    return people, communities


@pytest.mark.parametrize(("visibility", "persona"), sorted(MATRIX))
def test_the_policy_module(world, visibility, persona):
    people, communities = world
    user, community = people[persona], communities[visibility]
    actual = tuple(can(user, action, community) for action in ("see", "read", "post", "moderate"))
    assert actual == MATRIX[(visibility, persona)]


def _client(people, persona) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(people[persona])
    return client


@pytest.mark.parametrize(("visibility", "persona"), sorted(MATRIX))
def test_the_pages_agree_with_the_policy(world, visibility, persona):
    people, communities = world
    see, read, _post, moderate = MATRIX[(visibility, persona)]
    client = _client(people, persona)
    slug = communities[visibility].slug

    home = client.get(f"/en/communities/{slug}/")
    assert home.status_code == (200 if see else 404)
    listed = [c.slug for c in client.get("/en/communities/").context["page"].object_list]
    assert (slug in listed) is see

    members_page = client.get(f"/en/communities/{slug}/members/")
    assert members_page.status_code == (200 if read else 404 if not see else 403)

    requests_page = client.get(f"/en/communities/{slug}/requests/")
    if persona == "anonymous":
        assert requests_page.status_code == 302  # to the log-in page
    else:
        assert requests_page.status_code == (200 if moderate else 404 if not see else 403)


def test_a_private_community_never_shows_its_name_to_outsiders(world, client):
    people, communities = world
    client.force_login(people["outsider"])
    private = communities["private"]
    for path in ("/en/communities/", "/fr/communities/", f"/en/members/{people['owner'].pk}/"):
        assert private.name_en not in client.get(path).content.decode()
    assert client.get(f"/en/communities/{private.slug}/").status_code == 404
    assert client.post(f"/en/communities/{private.slug}/join/").status_code == 404
