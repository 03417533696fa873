"""Community logos (checked uploads, served only to those who may see the community) and
removing or banning members from the members page."""

from __future__ import annotations

import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from baraza.communities.models import Membership
from tests.factories import CommunityFactory, MemberFactory

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x0a\x57\x53")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _owner_client(community) -> Client:
    client = Client()
    client.force_login(community.memberships.get(role="owner").user)
    return client


def _settings_data(client, community) -> dict:
    form = client.get(f"/en/communities/{community.slug}/settings/").context["form"]
    return {k: v for k, v in form.initial.items() if v is not None and k != "logo"}


def test_a_logo_is_uploaded_and_served_to_those_who_may_see_the_community(member):
    community = CommunityFactory(slug="circle", visibility="private", members=[member])
    owner = _owner_client(community)
    data = _settings_data(owner, community)
    response = owner.post(
        "/en/communities/circle/settings/",
        {**data, "logo": SimpleUploadedFile("logo.png", _png(), "image/png")},
    )
    assert response.status_code == 302
    page = owner.get("/en/communities/circle/").content.decode()
    assert 'src="/en/communities/circle/logo"' in page
    insider = Client()
    insider.force_login(member)
    logo = insider.get("/en/communities/circle/logo")
    assert (logo.status_code, logo["Content-Type"]) == (200, "image/png")
    assert b"".join(logo.streaming_content) == _png()
    outsider = Client()
    outsider.force_login(MemberFactory())
    assert outsider.get("/en/communities/circle/logo").status_code == 404
    assert Client().get("/en/communities/circle/logo").status_code == 404


def test_a_logo_that_is_not_a_picture_is_refused():
    community = CommunityFactory(slug="plain")
    owner = _owner_client(community)
    data = _settings_data(owner, community)
    response = owner.post(
        "/en/communities/plain/settings/",
        {**data, "logo": SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", "image/png")},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["logo"]
    community.refresh_from_db()
    assert not community.logo


def test_facilitators_remove_and_ban_members_from_the_members_page(member):
    facilitator = MemberFactory()
    other = MemberFactory()
    community = CommunityFactory(slug="cop", members=[member, other], facilitators=[facilitator])
    client = Client()
    client.force_login(facilitator)
    page = client.get("/en/communities/cop/members/").content.decode()
    assert "Ban" in page
    mine = Membership.objects.get(community=community, user=member)
    theirs = Membership.objects.get(community=community, user=other)
    client.post(f"/en/communities/cop/members/{mine.pk}/remove/")
    client.post(f"/en/communities/cop/members/{theirs.pk}/remove/", {"ban": "1"})
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == ("removed", "banned")


def test_members_cannot_remove_anyone(member):
    other = MemberFactory()
    community = CommunityFactory(slug="cop", members=[member, other])
    client = Client()
    client.force_login(member)
    assert "Ban" not in client.get("/en/communities/cop/members/").content.decode()
    target = Membership.objects.get(community=community, user=other)
    assert client.post(f"/en/communities/cop/members/{target.pk}/remove/").status_code == 403
    target.refresh_from_db()
    assert target.status == "active"


def test_owners_give_and_take_roles(member):
    community = CommunityFactory(slug="cop", members=[member])
    owner = community.memberships.get(role="owner")
    client = Client()
    client.force_login(owner.user)
    target = Membership.objects.get(community=community, user=member)
    client.post(f"/en/communities/cop/members/{target.pk}/role/", {"role": "facilitator"})
    target.refresh_from_db()
    assert target.role == "facilitator"
    facilitator = Client()
    facilitator.force_login(member)
    assert facilitator.get("/en/communities/cop/review/").status_code == 200
    # Facilitators can't hand out roles; a community always keeps an owner.
    assert (
        facilitator.post(
            f"/en/communities/cop/members/{owner.pk}/role/", {"role": "member"}
        ).status_code
        == 403
    )
    response = client.post(f"/en/communities/cop/members/{owner.pk}/role/", {"role": "member"})
    assert response.status_code == 403
    owner.refresh_from_db()
    assert owner.role == "owner"
