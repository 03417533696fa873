"""Editing a resource: its description, a corrected file, a moved link."""

from __future__ import annotations

import pytest
from django.test import Client

from baraza.core.models import AuditEntry
from baraza.library.models import Resource
from tests.factories import CommunityFactory, MemberFactory
from tests.library.factories import add, pdf_upload, stored_files

pytestmark = pytest.mark.django_db


def _data(resource, **changes):
    data = {
        "kind": resource.kind,
        "title": resource.title,
        "authors": resource.authors,
        "year": resource.year or "",
        "language": resource.language.code,
        "licence": resource.licence,
        "doi": resource.doi,
        "abstract": resource.abstract,
    }
    if not resource.is_file:
        data["url"] = resource.url
    data.update(changes)
    return data


def test_the_person_who_added_it_edits_the_description(member_client, member):
    community = CommunityFactory(members=[member])
    resource = add(member, community, title="Draft title")
    response = member_client.post(
        f"/en/library/{resource.pk}/edit/",
        _data(resource, title="Final title", year="2022", themes=["quality-of-services"]),
    )
    assert response["Location"] == f"/en/library/{resource.pk}/"
    resource.refresh_from_db()
    assert (resource.title, resource.year) == ("Final title", 2022)
    assert [t.slug for t in resource.themes.all()] == ["quality-of-services"]
    assert AuditEntry.objects.filter(action="resource.update", actor=member).count() == 1


def test_a_link_can_move(member_client, member):
    community = CommunityFactory(members=[member])
    resource = add(member, community, url="https://example.org/old")
    member_client.post(
        f"/en/library/{resource.pk}/edit/", _data(resource, url="https://example.org/new")
    )
    resource.refresh_from_db()
    assert resource.url == "https://example.org/new"


def test_a_corrected_file_replaces_the_old_one(
    member_client, member, media, django_capture_on_commit_callbacks
):
    community = CommunityFactory(members=[member])
    resource = add(member, community, file=pdf_upload("v1.pdf", "First version"))
    old = resource.file.name
    form = member_client.get(f"/en/library/{resource.pk}/edit/").content.decode()
    assert "Only to upload a corrected version; leave empty to keep v1.pdf." in form
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(
            f"/en/library/{resource.pk}/edit/",
            _data(resource, file=pdf_upload("v2.pdf", "Second version")),
        )
    resource.refresh_from_db()
    assert (resource.file_name, resource.text) == ("v2.pdf", "Second version")
    assert resource.file.name != old
    assert stored_files(media) == [resource.file.name]


def test_editing_without_a_new_file_keeps_the_old_one(member_client, member, media):
    community = CommunityFactory(members=[member])
    resource = add(member, community, file=pdf_upload("v1.pdf"))
    member_client.post(f"/en/library/{resource.pk}/edit/", _data(resource, title="New title"))
    resource.refresh_from_db()
    assert (resource.title, resource.file_name) == ("New title", "v1.pdf")
    assert stored_files(media) == [resource.file.name]


def test_a_community_facilitator_edits_members_resources(member):
    moderator = MemberFactory()
    community = CommunityFactory(members=[member], facilitators=[moderator])
    resource = add(member, community)
    client = Client()
    client.force_login(moderator)
    client.post(f"/en/library/{resource.pk}/edit/", _data(resource, title="Tidied title"))
    assert Resource.objects.get().title == "Tidied title"


def test_other_members_cannot_edit(member):
    author = MemberFactory()
    community = CommunityFactory(members=[member, author])
    resource = add(author, community, title="Mine")
    client = Client()
    client.force_login(member)
    assert client.get(f"/en/library/{resource.pk}/edit/").status_code == 403
    assert (
        client.post(f"/en/library/{resource.pk}/edit/", _data(resource, title="Yours")).status_code
        == 403
    )
    assert Resource.objects.get().title == "Mine"
    assert "Edit this resource" not in client.get(f"/en/library/{resource.pk}/").content.decode()


def test_a_member_who_left_can_no_longer_edit_what_they_added(member_client, member):
    community = CommunityFactory(members=[member])
    resource = add(member, community)
    community.memberships.filter(user=member).update(status="left")
    assert member_client.get(f"/en/library/{resource.pk}/edit/").status_code == 403
