"""The permission matrix: who may read, download and edit resources of each kind of library.

Personas: anonymous, a signed-in non-member, a member of the community, the site's
facilitators team and staff; libraries: the global one and those of a public, a members-only
and a private community. The policy module, the list pages, the resource page and the download
address must all give the same answer.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from baraza.core.policies import can
from tests.factories import CommunityFactory, MemberFactory
from tests.library.factories import add, pdf_upload

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "outsider", "member", "facilitator", "staff"]
LIBRARIES = ["global", "public", "members", "private"]

# (library, persona) -> (read, edit); each resource was added by someone else.
MATRIX = {
    ("global", "anonymous"): (True, False),
    ("global", "outsider"): (True, False),
    ("global", "member"): (True, False),
    ("global", "facilitator"): (True, True),
    ("global", "staff"): (True, True),
    ("public", "anonymous"): (True, False),
    ("public", "outsider"): (True, False),
    ("public", "member"): (True, False),
    ("public", "facilitator"): (True, True),
    ("public", "staff"): (True, True),
    ("members", "anonymous"): (False, False),
    ("members", "outsider"): (False, False),
    ("members", "member"): (True, False),
    ("members", "facilitator"): (True, True),
    ("members", "staff"): (True, True),
    ("private", "anonymous"): (False, False),
    ("private", "outsider"): (False, False),
    ("private", "member"): (True, False),
    ("private", "facilitator"): (True, True),
    ("private", "staff"): (True, True),
}


@pytest.fixture
def world(db):
    people = {
        "anonymous": AnonymousUser(),
        "outsider": MemberFactory(display_name="Outsider"),
        "member": MemberFactory(display_name="Member"),
        "facilitator": MemberFactory(display_name="Facilitator", groups=["facilitators"]),
        "staff": MemberFactory(display_name="Staff"),
    }
    people["staff"].is_staff = True
    people["staff"].save()
    author = MemberFactory(display_name="Author")
    communities = {
        visibility: CommunityFactory(
            slug=f"{visibility}-group",
            visibility=visibility,
            join_policy="request",
            members=[people["member"], author],
        )
        for visibility in ("public", "members", "private")
    }
    resources = {
        visibility: add(
            author,
            community,
            title=f"Field notes from the {visibility} group",
            file=pdf_upload(f"{visibility}.pdf"),
        )
        for visibility, community in communities.items()
    }
    resources["global"] = add(
        people["staff"], None, title="Global guideline", file=pdf_upload("global.pdf")
    )
    return people, resources


def _client(people, persona) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(people[persona])
    return client


@pytest.mark.parametrize(("library", "persona"), sorted(MATRIX))
def test_the_policy_module(world, library, persona):
    people, resources = world
    user, resource = people[persona], resources[library]
    assert (can(user, "read", resource), can(user, "edit", resource)) == MATRIX[(library, persona)]


@pytest.mark.parametrize(("library", "persona"), sorted(MATRIX))
def test_the_pages_and_the_download_agree_with_the_policy(world, library, persona):
    people, resources = world
    read, edit = MATRIX[(library, persona)]
    resource = resources[library]
    client = _client(people, persona)

    listed = [r.title for r in client.get("/en/library/").context["page"].object_list]
    assert (resource.title in listed) is read
    page = client.get(f"/en/library/{resource.pk}/")
    assert page.status_code == (200 if read else 404)

    download = client.get(f"/en/library/{resource.pk}/download/")
    assert download.status_code == (200 if read else 404)
    if read:
        with resource.file.open("rb") as stored:
            assert b"".join(download.streaming_content) == stored.read()
        # Reading all of streaming_content closed the file: the test client does it safely.
        # (response.close() would send request_finished, and on PostgreSQL that closes the
        # database connection in the middle of the test's transaction.)
        assert download["Content-Type"] == "application/pdf"
        assert download["Content-Disposition"] == f'attachment; filename="{library}.pdf"'
        assert download["X-Content-Type-Options"] == "nosniff"
    else:
        assert resource.title not in page.content.decode()

    edit_page = client.get(f"/en/library/{resource.pk}/edit/")
    if persona == "anonymous":
        assert edit_page.status_code == 302  # to the log-in page
    else:
        assert edit_page.status_code == (200 if edit else 403 if read else 404)


@pytest.mark.parametrize(("library", "persona"), sorted(k for k in MATRIX if k[0] != "global"))
def test_a_community_library_page_agrees_with_the_policy(world, library, persona):
    people, resources = world
    read, _edit = MATRIX[(library, persona)]
    resource = resources[library]
    response = _client(people, persona).get(f"/en/communities/{library}-group/library/")
    if read:
        assert [r.title for r in response.context["page"].object_list] == [resource.title]
    else:
        # A members-only community is known to exist, a private one is not.
        assert response.status_code == (403 if library == "members" else 404)
        assert resource.title not in response.content.decode()


def test_files_are_not_reachable_under_the_media_address(world, client):
    _people, resources = world
    for resource in resources.values():
        assert client.get(f"/media/{resource.file.name}").status_code == 404
        assert client.get(f"/en/media/{resource.file.name}").status_code == 404
