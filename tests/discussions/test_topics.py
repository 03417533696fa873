"""Starting topics, replying, quoting, editing, permalinks, attachments and what's new."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from baraza.core.models import AuditEntry
from baraza.discussions import services
from baraza.discussions.models import Attachment, Notification, Post, PostRevision, Topic
from tests.factories import CommunityFactory, MemberFactory

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def community(member):
    return CommunityFactory(slug="chw", members=[member])


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_member_starts_a_topic_in_french_with_a_pdf(member_client, member, community):
    response = member_client.post(
        "/fr/communities/chw/topics/new/",
        {
            "title": "  Rémunération   des ASC ",
            "body": "Comment **payez-vous** les relais ?",
            "language": "fr",
            "themes": ["equitable-financing-and-payment"],
            "files": [SimpleUploadedFile("note.pdf", PDF, "application/pdf")],
        },
    )
    topic = Topic.objects.get()
    assert response["Location"] == f"/fr/t/{topic.pk}/"
    assert (topic.title, topic.language, topic.post_count) == ("Rémunération des ASC", "fr", 1)
    assert list(topic.themes.values_list("slug", flat=True)) == ["equitable-financing-and-payment"]
    (attachment,) = Attachment.objects.all()
    assert (attachment.name, attachment.kind, attachment.size) == ("note.pdf", "pdf", len(PDF))
    page = member_client.get(response["Location"]).content.decode()
    assert "<strong>payez-vous</strong>" in page
    assert f'href="/fr/files/{attachment.pk}/note.pdf">note.pdf</a>' in page
    assert AuditEntry.objects.filter(
        action="topic.create", scope=f"communities.community:{community.pk}"
    ).exists()


def test_replies_are_numbered_and_have_permalinks(member, community):
    topic = services.start_topic(
        author=member, community=community, title="T", body="first", language="en"
    )
    other = MemberFactory()
    community.memberships.create(user=other, status="active", role="member")
    reply = services.post_reply(topic=topic, author=other, body="second", language="fr")
    assert [p.number for p in topic.posts.all()] == [1, 2]
    topic.refresh_from_db()
    assert topic.post_count == 2
    client = _client(other)
    assert client.get(f"/en/t/{topic.pk}/2/")["Location"] == f"/en/t/{topic.pk}/#p2"
    assert client.get(f"/en/t/{topic.pk}/9/").status_code == 404
    assert reply.language == "fr"


def test_long_topics_are_paginated_and_permalinks_find_the_page(member, community):
    topic = services.start_topic(
        author=member, community=community, title="T", body="1", language="en"
    )
    for n in range(2, 121):
        services.post_reply(topic=topic, author=member, body=f"post {n}", language="en")
    client = _client(member)
    assert client.get(f"/en/t/{topic.pk}/120/")["Location"] == f"/en/t/{topic.pk}/?page=3#p120"
    page3 = client.get(f"/en/t/{topic.pk}/?page=3")
    assert [p.number for p in page3.context["posts"]] == list(range(101, 121))


def test_quoting_prefills_the_reply(member, community):
    topic = services.start_topic(
        author=member, community=community, title="T", body="Line one\nLine two", language="en"
    )
    page = _client(member).get(f"/en/t/{topic.pk}/?quote=1")
    assert page.context["form"].initial["body"] == (
        "> **Aminata Member**:\n> Line one\n> Line two\n\n"
    )


def test_editing_keeps_a_visible_history(member, community):
    topic = services.start_topic(
        author=member, community=community, title="T", body="First draft", language="en"
    )
    post = topic.posts.get()
    client = _client(member)
    client.post(f"/en/posts/{post.pk}/edit/", {"body": "Second draft"})
    client.post(f"/en/posts/{post.pk}/edit/", {"body": "Third draft"})
    post.refresh_from_db()
    assert post.body == "Third draft"
    assert list(PostRevision.objects.filter(post=post).values_list("body", flat=True)) == [
        "Second draft",
        "First draft",
    ]
    history = client.get(f"/en/posts/{post.pk}/history/").content.decode()
    assert (
        history.index("Third draft") < history.index("Second draft") < history.index("First draft")
    )
    assert "edited" in client.get(f"/en/t/{topic.pk}/").content.decode()


def test_others_cannot_edit_my_post(member, community):
    topic = services.start_topic(
        author=member, community=community, title="T", body="mine", language="en"
    )
    other = MemberFactory()
    community.memberships.create(user=other, status="active", role="member")
    post = topic.posts.get()
    assert _client(other).post(f"/en/posts/{post.pk}/edit/", {"body": "theirs"}).status_code == 403
    post.refresh_from_db()
    assert post.body == "mine"


def test_a_mention_notifies_the_person_mentioned(member, community):
    topic = services.start_topic(
        author=member, community=community, title="T", body="hi", language="en"
    )
    other = MemberFactory(display_name="Kofi Mensah")
    community.memberships.create(user=other, status="active", role="member")
    services.post_reply(topic=topic, author=other, body="Thanks @aminata-member!", language="en")
    (note,) = Notification.objects.filter(user=member, kind="mention")
    assert note.actor == other
    page = _client(member).get("/en/notifications/").content.decode()
    assert "Kofi Mensah mentioned you" in page


def test_a_mention_of_someone_who_cannot_read_the_community_is_ignored(member):
    private = CommunityFactory(visibility="private", members=[member])
    outsider = MemberFactory(display_name="Out Sider")
    topic = services.start_topic(
        author=member, community=private, title="Secret", body="cc @out-sider", language="en"
    )
    assert not Notification.objects.filter(user=outsider).exists()
    assert "Secret" not in _client(outsider).get("/en/notifications/").content.decode()
    assert topic.pk


def test_what_is_new_since_my_last_visit(member, community):
    topic = services.start_topic(
        author=member, community=community, title="T", body="1", language="en"
    )
    reader = MemberFactory()
    community.memberships.create(user=reader, status="active", role="member")
    client = _client(reader)
    listing = client.get("/en/communities/chw/topics/").content.decode()
    assert "Unread" in listing
    client.get(f"/en/t/{topic.pk}/")
    assert "Unread" not in client.get("/en/communities/chw/topics/").content.decode()
    services.post_reply(topic=topic, author=member, body="2", language="en")
    assert "New posts" in client.get("/en/communities/chw/topics/").content.decode()
    page = client.get(f"/en/t/{topic.pk}/")
    assert page.context["last_read"] == 1


def test_non_members_cannot_post(member_client):
    community = CommunityFactory(slug="closed-door")
    response = member_client.get("/fr/communities/closed-door/topics/new/")
    assert response.status_code == 403
    assert (
        "Seuls les membres de cette communauté peuvent lancer un sujet. Rejoignez-la d’abord."
        in response.content.decode()
    )
    topic = services.start_topic(
        author=community.memberships.get().user,
        community=community,
        title="T",
        body="b",
        language="en",
    )
    response = member_client.post(f"/en/t/{topic.pk}/reply/", {"body": "hi", "language": "en"})
    assert response.status_code == 403
    assert Post.objects.count() == 1


def test_a_locked_topic_takes_no_reply(member, community):
    topic = services.start_topic(
        author=member, community=community, title="T", body="b", language="en"
    )
    owner = community.memberships.get(role="owner").user
    services.moderate_topic(actor=owner, topic=topic, action="lock")
    response = _client(member).post(f"/en/t/{topic.pk}/reply/", {"body": "hi", "language": "en"})
    assert response.status_code == 403
    assert "closed to new replies" in response.content.decode()
    assert topic.posts.count() == 1


def test_a_forbidden_attachment_is_refused_and_nothing_is_stored(
    member_client, community, settings
):
    exe = SimpleUploadedFile("report.pdf", b"MZ\x90\x00" + b"\x00" * 200, "application/pdf")
    response = member_client.post(
        "/en/communities/chw/topics/new/",
        {"title": "T", "body": "b", "language": "en", "files": [exe]},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["files"]
    assert not Topic.objects.exists()
    assert not Attachment.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(media.rglob("*.pdf"))


@pytest.mark.parametrize("n", [1, 3])
def test_topic_list_queries_do_not_grow(n, member, community, django_assert_num_queries):
    for i in range(n):
        services.start_topic(
            author=member, community=community, title=f"T{i}", body="b", language="en"
        )
    client = _client(member)
    with django_assert_num_queries(7):
        assert client.get("/en/communities/chw/topics/").status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_topic_page_queries_do_not_grow(n, member, community, django_assert_num_queries):
    topic = services.start_topic(
        author=member, community=community, title="T", body="b", language="en"
    )
    for i in range(n):
        services.post_reply(topic=topic, author=member, body=f"r{i}", language="en")
    client = _client(member)
    client.get(f"/en/t/{topic.pk}/")
    with django_assert_num_queries(12):
        assert client.get(f"/en/t/{topic.pk}/").status_code == 200
