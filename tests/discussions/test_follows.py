"""Following communities, topics and themes, and the in-app notification list."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from baraza.discussions import services
from baraza.discussions.models import Follow, Notification
from baraza.taxonomy.models import Theme
from tests.factories import CommunityFactory, MemberFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _kinds(user) -> list[tuple[str, str]]:
    return [(n.kind, n.topic.title) for n in Notification.objects.filter(user=user)]


def test_following_a_community_brings_its_new_topics(member):
    author = MemberFactory()
    community = CommunityFactory(slug="cop", members=[member, author])
    client = _client(member)
    assert "Follow this community" in client.get("/en/communities/cop/").content.decode()
    client.post("/en/communities/cop/follow/")
    assert Follow.objects.filter(user=member, community=community).exists()
    services.start_topic(author=author, community=community, title="New!", body="b", language="en")
    assert _kinds(member) == [("new_topic", "New!")]
    client.post("/en/communities/cop/follow/", {"follow": "0"})
    services.start_topic(author=author, community=community, title="Later", body="b", language="en")
    assert _kinds(member) == [("new_topic", "New!")]


def test_following_a_theme_across_communities_respects_privacy(member):
    theme = Theme.objects.get(slug="new-technology")
    author = MemberFactory()
    public = CommunityFactory(slug="open", members=[author])
    private = CommunityFactory(slug="closed", visibility="private", members=[author])
    _client(member).post("/en/themes/new-technology/follow/")
    services.start_topic(
        author=author, community=public, title="SMS", body="b", language="en", themes=[theme]
    )
    services.start_topic(
        author=author, community=private, title="Secret", body="b", language="en", themes=[theme]
    )
    assert _kinds(member) == [("new_topic", "SMS")]
    page = _client(member).get("/en/themes/new-technology/")
    assert [t.title for t in page.context["page"].object_list] == ["SMS"]
    assert "Secret" not in page.content.decode()
    assert "Secret" not in Client().get("/fr/themes/new-technology/").content.decode()


def test_topic_followers_hear_about_replies_once(member):
    author = MemberFactory()
    community = CommunityFactory(members=[member, author])
    topic = services.start_topic(
        author=author, community=community, title="T", body="b", language="en"
    )
    services.follow(user=member, topic=topic)
    services.post_reply(topic=topic, author=author, body="more", language="en")
    services.post_reply(topic=topic, author=author, body="again @aminata-member", language="en")
    assert _kinds(member) == [("mention", "T"), ("reply", "T")]
    client = _client(member)
    page = client.get("/en/notifications/")
    # Both are about one topic, so the list shows them as one entry.
    [group] = page.context["groups"]
    assert (group.topic.title, group.count, group.unread, group.mentioned) == ("T", 2, 2, True)
    text = " ".join(
        BeautifulSoup(page.content, "html.parser").select_one("ul.notifications").text.split()
    )
    assert (
        text
        == f"2 new You were mentioned T ({community.name}, now) 2 updates from {author.public_name}"
    )
    client.post("/en/notifications/")
    assert not Notification.objects.filter(user=member, read_at=None).exists()


def test_a_removed_member_no_longer_sees_notifications_about_a_private_community(member):
    author = MemberFactory()
    community = CommunityFactory(visibility="private", members=[member, author])
    topic = services.start_topic(
        author=author, community=community, title="Budget", body="@aminata-member", language="en"
    )
    assert _kinds(member) == [("mention", "Budget")]
    community.memberships.filter(user=member).update(status="removed")
    page = _client(member).get("/en/notifications/")
    assert page.context["groups"] == []
    assert "Budget" not in page.content.decode()
    assert topic.pk


def test_the_home_page_links_each_theme():
    html = Client().get("/fr/").content.decode()
    assert 'href="/fr/themes/new-technology/"' in html


def test_a_notification_about_a_post_hidden_since_is_dropped(member):
    author = MemberFactory()
    facilitator = MemberFactory()
    community = CommunityFactory(members=[member, author], facilitators=[facilitator])
    topic = services.start_topic(
        author=author, community=community, title="T", body="b", language="en"
    )
    reply = services.post_reply(
        topic=topic, author=author, body="hey @aminata-member", language="en"
    )
    assert len(_client(member).get("/en/notifications/").context["groups"]) == 1
    services.moderate_post(actor=facilitator, post=reply, action="hide", reason="")
    assert _client(member).get("/en/notifications/").context["groups"] == []
