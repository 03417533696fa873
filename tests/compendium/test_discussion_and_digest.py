"""A published experience is discussed in the featured community and announced in digests."""

from __future__ import annotations

import pytest
from django.urls import reverse

from baraza.compendium.models import Experience
from baraza.mail import digests
from tests.compendium import factories
from tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def experience(submitter, curator, reviewers):
    return factories.published(submitter, curator, reviewers[:2])


def test_the_first_member_who_asks_opens_the_discussion(client, experience, member):
    featured = CommunityFactory(is_featured=True, members=[member])
    client.force_login(member)
    url = reverse("compendium:discussion", args=[experience.identifier])
    response = client.post(url)
    experience.refresh_from_db()
    topic = experience.topic
    assert response.status_code == 302
    assert response["Location"] == reverse("discussions:topic", args=[topic.pk])
    assert topic.community == featured
    assert topic.title == experience.title_en
    assert experience.identifier in topic.posts.get().body
    # Asking again goes to the same topic.
    assert client.post(url)["Location"] == response["Location"]
    assert Experience.objects.get(pk=experience.pk).topic == topic


def test_a_draft_cannot_be_discussed(client, member):
    draft = factories.draft(member)
    CommunityFactory(is_featured=True, members=[member])
    client.force_login(member)
    assert client.post(reverse("compendium:discussion", args=[draft.identifier])).status_code == 404


def test_without_an_open_featured_community_the_reason_is_shown(client, experience, member):
    CommunityFactory(is_featured=True, visibility="private", members=[member])
    client.force_login(member)
    response = client.post(reverse("compendium:discussion", args=[experience.identifier]))
    assert response.status_code == 400
    assert "There is no open community to hold the discussion yet." in response.content.decode()


def test_a_newly_published_experience_is_in_every_members_weekly_digest(
    experience, member, mailoutbox
):
    digests.send_digests("weekly")
    mine = [m for m in mailoutbox if m.to == [member.email]]
    assert len(mine) == 1
    body = mine[0].body
    assert "New in the compendium" in body
    assert f"{experience.identifier} Village health committees review clinic data, Kenya" in body
