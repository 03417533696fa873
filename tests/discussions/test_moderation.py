"""Flags, the review queue, hiding, locking, pinning, moving, pre-moderation and the log."""

from __future__ import annotations

import pytest
from django.test import Client

from baraza.communities import services as community_services
from baraza.communities.models import Membership
from baraza.discussions import services
from baraza.discussions.models import Flag, Notification, Topic
from tests.factories import CommunityFactory, MemberFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def setting():
    facilitator = MemberFactory(display_name="Fatou Facilitator")
    author = MemberFactory(display_name="Ama Author")
    reader = MemberFactory(display_name="Rémi Reader")
    community = CommunityFactory(slug="cop", facilitators=[facilitator], members=[author, reader])
    topic = services.start_topic(
        author=author, community=community, title="Payments", body="First", language="en"
    )
    reply = services.post_reply(topic=topic, author=author, body="Buy cheap pills!", language="en")
    return community, topic, reply, facilitator, author, reader


def test_a_member_flags_a_post_and_a_facilitator_hides_it(setting):
    _community, topic, reply, facilitator, _author, reader = setting
    response = _client(reader).post(f"/en/posts/{reply.pk}/flag/", {"reason": "spam", "note": "ad"})
    assert response.status_code == 302
    (flag,) = Flag.objects.all()
    assert (flag.reason, flag.reporter) == ("spam", reader)

    moderator = _client(facilitator)
    queue = moderator.get("/en/communities/cop/review/")
    assert [f.post for f in queue.context["flags"]] == [reply]
    moderator.post(
        f"/en/posts/{reply.pk}/moderate/",
        {"action": "hide", "reason": "Advertising.", "back": "queue"},
    )
    reply.refresh_from_db()
    assert (reply.is_hidden, reply.hidden_reason) == (True, "Advertising.")
    flag.refresh_from_db()
    assert (flag.outcome, flag.resolved_by) == ("hidden", facilitator)
    page = _client(reader).get(f"/en/t/{topic.pk}/").content.decode()
    assert "Buy cheap pills!" not in page
    assert [p.number for p in _client(reader).get(f"/en/t/{topic.pk}/").context["posts"]] == [1]
    assert "Buy cheap pills!" in moderator.get(f"/en/t/{topic.pk}/").content.decode()
    moderator.post(f"/en/posts/{reply.pk}/moderate/", {"action": "unhide"})
    assert "Buy cheap pills!" in _client(reader).get(f"/en/t/{topic.pk}/").content.decode()


def test_members_cannot_moderate(setting):
    _community, topic, reply, _facilitator, _author, reader = setting
    client = _client(reader)
    assert client.post(f"/en/posts/{reply.pk}/moderate/", {"action": "hide"}).status_code == 403
    assert client.post(f"/en/t/{topic.pk}/moderate/", {"action": "lock"}).status_code == 403
    assert client.get("/en/communities/cop/review/").status_code == 403
    assert client.get("/en/communities/cop/log/").status_code == 403
    reply.refresh_from_db()
    assert not reply.is_hidden


def test_lock_pin_hide_and_move_a_topic(setting):
    community, topic, _reply, facilitator, _author, reader = setting
    elsewhere = CommunityFactory(slug="elsewhere", facilitators=[facilitator])
    moderator = _client(facilitator)
    for action in ("lock", "pin"):
        moderator.post(f"/en/t/{topic.pk}/moderate/", {"action": action})
    topic.refresh_from_db()
    assert (topic.state, topic.is_pinned) == ("locked", True)
    moderator.post(f"/en/t/{topic.pk}/moderate/", {"action": "hide"})
    assert _client(reader).get(f"/en/t/{topic.pk}/").status_code == 404
    moderator.post(f"/en/t/{topic.pk}/moderate/", {"action": "unhide"})
    moderator.post(f"/en/t/{topic.pk}/moderate/", {"action": "move", "community": "elsewhere"})
    topic.refresh_from_db()
    assert topic.community == elsewhere
    assert community.topics.count() == 0


def test_a_topic_cannot_be_moved_where_the_facilitator_has_no_say(setting):
    _community, topic, _reply, facilitator, _author, _reader = setting
    CommunityFactory(slug="not-mine")
    response = _client(facilitator).post(
        f"/en/t/{topic.pk}/moderate/", {"action": "move", "community": "not-mine"}
    )
    assert response.status_code == 403
    topic.refresh_from_db()
    assert topic.community.slug == "cop"


def test_closing_with_a_summary(setting):
    _community, topic, _reply, facilitator, author, _reader = setting
    moderator = _client(facilitator)
    response = moderator.post(
        f"/en/t/{topic.pk}/close/", {"summary": "We agreed on **mobile money**."}
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert (topic.state, topic.summary_by) == ("closed", facilitator)
    page = _client(author).get(f"/en/t/{topic.pk}/").content.decode()
    assert "<strong>mobile money</strong>" in page
    assert "This topic is closed to new replies." in page


def test_new_members_first_posts_wait_for_approval(setting):
    community, topic, _reply, facilitator, _author, _reader = setting
    community.premoderation = 1
    community.save()
    newcomer = MemberFactory(display_name="New Comer")
    community_services.join(user=newcomer, community=community)
    held = services.post_reply(topic=topic, author=newcomer, body="Hello all", language="en")
    assert held.status == "pending"
    reader_view = _client(MemberFactory()).get(f"/en/t/{topic.pk}/").content.decode()
    assert "Hello all" not in reader_view
    assert "Hello all" in _client(newcomer).get(f"/en/t/{topic.pk}/").content.decode()
    topic.refresh_from_db()
    assert topic.post_count == 2

    _client(facilitator).post(f"/en/posts/{held.pk}/moderate/", {"action": "approve"})
    held.refresh_from_db()
    topic.refresh_from_db()
    assert (held.status, topic.post_count) == ("published", 3)
    assert Notification.objects.filter(user=newcomer, kind="approved").exists()
    second = services.post_reply(topic=topic, author=newcomer, body="Again", language="en")
    assert second.status == "published"


def test_removing_and_banning_members(setting):
    community, _topic, _reply, facilitator, author, reader = setting
    removed = Membership.objects.get(community=community, user=reader)
    community_services.remove_member(actor=facilitator, membership=removed)
    banned = Membership.objects.get(community=community, user=author)
    community_services.remove_member(actor=facilitator, membership=banned, ban=True, reason="spam")
    assert _client(reader).post("/en/communities/cop/join/").status_code == 302
    assert _client(author).post("/en/communities/cop/join/").status_code == 403
    banned.refresh_from_db()
    assert banned.status == "banned"


def test_the_moderation_log_is_readable_by_facilitators(setting):
    _community, topic, reply, facilitator, _author, reader = setting
    services.flag_post(reporter=reader, post=reply, reason="spam")
    services.moderate_post(actor=facilitator, post=reply, action="hide", reason="ads")
    services.moderate_topic(actor=facilitator, topic=topic, action="lock")
    log = _client(facilitator).get("/en/communities/cop/log/")
    actions = [entry.action for entry in log.context["entries"]]
    assert actions[:3] == ["topic.lock", "post.hide", "post.flag"]
    assert "membership.join" not in actions  # factory memberships bypass services
    assert Topic.objects.get().state == "locked"
