"""Posts emailed as they happen: who gets them, grouped per topic, with headers that thread the
topic, a reply address and one-click unsubscribe."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client

from baraza.discussions import services
from baraza.discussions.models import Delivery
from baraza.mail import addresses, outbound
from baraza.mail import services as mail_services
from baraza.mail.models import PendingEmail
from baraza.mail.queries import profile_of
from tests.factories import CommunityFactory, MemberFactory
from tests.smtp import body_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def send_now(django_capture_on_commit_callbacks):
    """Run what the posts queue when their transaction commits (the tests run in one)."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def _topic(author, community, title="Village health committees"):
    return services.start_topic(
        author=author, community=community, title=title, body="How do yours work?", language="en"
    )


def _reply(topic, author, body):
    return services.post_reply(topic=topic, author=author, body=body, language="en")


def _to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_a_follower_gets_each_reply_by_real_smtp_with_threading_and_reply_headers(
    mailbox, send_now
):
    reader, author = (
        MemberFactory(display_name="Fatou Reader"),
        MemberFactory(display_name="Kwame Author"),
    )
    community = CommunityFactory(members=[reader, author], name_en="Community Health Workers")
    topic = _topic(author, community)
    services.follow(user=reader, topic=topic)

    reply = send_now(lambda: _reply(topic, author, "We meet **every month** with the chief."))

    message = mailbox.wait_for_message(reader.email)
    assert message["Subject"] == "[Community Health Workers] Re: Village health committees"
    assert message["From"] == f'"Kwame Author (Baraza)" <noreply@{_site_host()}>'
    assert message["Message-ID"] == f"<post.{reply.pk}.{reader.pk}@baraza.test>"
    assert message["In-Reply-To"] == f"<topic.{topic.pk}@baraza.test>"
    assert message["References"] == f"<topic.{topic.pk}@baraza.test>"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(
        r"<http://127\.0\.0\.1:8000/en/mail/unsubscribe/[^/>]+/>",
        message["List-Unsubscribe"].strip(),
    )
    reply_to = message["Reply-To"]
    token = addresses.classify(reply_to)
    assert token.kind == "reply"
    assert addresses.verify_reply_token(token.value).user == reader
    text = body_of(message)
    assert text.startswith("Write your reply above this line to post it in the discussion.\n")
    assert "We meet every month with the chief." in text
    assert f"http://127.0.0.1:8000/en/t/{topic.pk}/2/" in text
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "<strong>every month</strong>" in html
    assert [m["To"] for m in mailbox.messages] == [reader.email]


def _site_host():
    from django.conf import settings

    return settings.DEFAULT_FROM_EMAIL.split("@")[1].rstrip(">")


def test_replies_that_arrive_together_make_one_email(send_now):
    reader, author = MemberFactory(), MemberFactory()
    community = CommunityFactory(members=[reader, author])
    topic = _topic(author, community)
    services.follow(user=reader, topic=topic)

    def three_replies():
        with transaction.atomic():
            for n in range(3):
                _reply(topic, author, f"Point number {n + 1}.")

    send_now(three_replies)
    [message] = _to(reader.email)
    assert [line for line in message.body.splitlines() if line.startswith("Point")] == [
        "Point number 1.",
        "Point number 2.",
        "Point number 3.",
    ]
    assert PendingEmail.objects.filter(user=reader, sent_at=None).count() == 0


def test_each_member_hears_as_they_chose(send_now):
    author = MemberFactory()
    every = MemberFactory(display_name="Every Post")
    weekly_topic = MemberFactory(display_name="Weekly For This Topic")
    default_member = MemberFactory(display_name="Default Member")
    paused = MemberFactory(display_name="Paused")
    community_every = MemberFactory(display_name="Community Every")
    community = CommunityFactory(
        members=[author, every, weekly_topic, default_member, paused, community_every]
    )
    topic = _topic(author, community)
    services.follow(user=every, topic=topic)
    services.follow(user=weekly_topic, topic=topic, delivery=Delivery.WEEKLY)
    services.follow(user=paused, topic=topic)
    mail_services.update_settings(
        user=paused, topic_delivery="every", community_delivery="weekly", mentions=True, paused=True
    )
    mail_services.set_delivery(user=community_every, community=community, delivery="every")

    send_now(lambda: _reply(topic, author, "An update."))

    assert sorted(m.to[0] for m in mail.outbox) == sorted([every.email, community_every.email])


def test_a_new_topic_reaches_those_who_want_every_post_of_the_community(send_now):
    author, watcher, member = MemberFactory(), MemberFactory(), MemberFactory()
    community = CommunityFactory(members=[author, watcher, member])
    mail_services.set_delivery(user=watcher, community=community, delivery="every")

    send_now(lambda: _topic(author, community, title="Cholera response in the north"))

    [message] = mail.outbox
    assert message.to == [watcher.email]
    assert message.subject == f"[{community.name}] Cholera response in the north"


def test_a_mention_is_emailed_at_once_unless_turned_off(send_now):
    author, named, quiet = (
        MemberFactory(),
        MemberFactory(display_name="Awa Diallo"),
        MemberFactory(display_name="Quiet One"),
    )
    community = CommunityFactory(members=[author, named, quiet])
    mail_services.update_settings(
        user=quiet,
        topic_delivery="every",
        community_delivery="weekly",
        mentions=False,
        paused=False,
    )
    topic = send_now(lambda: _topic(author, community))
    send_now(lambda: _reply(topic, author, "What do you think, @awa-diallo and @quiet-one?"))

    [message] = mail.outbox
    assert message.to == [named.email]
    assert "You receive this email because someone mentioned you." in message.body


def test_private_posts_never_reach_someone_who_left(send_now):
    author, former = MemberFactory(), MemberFactory()
    community = CommunityFactory(visibility="private", members=[author, former])
    topic = _topic(author, community)
    services.follow(user=former, topic=topic)
    community.memberships.filter(user=former).update(status="removed")

    send_now(lambda: _reply(topic, author, "Budget figures, confidential."))
    assert mail.outbox == []


def test_a_post_hidden_before_the_email_leaves_is_not_sent(settings, send_now):
    author, reader, facilitator = MemberFactory(), MemberFactory(), MemberFactory()
    community = CommunityFactory(members=[author, reader], facilitators=[facilitator])
    topic = _topic(author, community)
    services.follow(user=reader, topic=topic)
    settings.BARAZA_TASKS = "thread"  # queue without sending: the send happens below
    settings.BARAZA_MAIL_GROUP_SECONDS = 3600
    spam = _reply(topic, author, "Buy now!")
    services.moderate_post(actor=facilitator, post=spam, action="hide", reason="spam")

    from baraza.mail import notify

    assert notify.send_topic(topic.pk) == 0
    assert mail.outbox == []
    assert PendingEmail.objects.get(user=reader).dropped


def test_an_unreachable_mail_server_keeps_the_email_for_later(settings, mailbox):
    from baraza.mail import notify

    author, reader = MemberFactory(), MemberFactory()
    community = CommunityFactory(members=[author, reader])
    topic = _topic(author, community)
    services.follow(user=reader, topic=topic)
    _reply(topic, author, "Kept for later.")  # recorded; nothing sent yet (no commit here)
    working_port = settings.EMAIL_PORT
    from tests.smtp import free_port

    settings.EMAIL_PORT = free_port()  # nothing listens there
    assert notify.send_topic(topic.pk) == 0
    assert PendingEmail.objects.get(user=reader).sent_at is None

    settings.EMAIL_PORT = working_port
    assert notify.send_all_pending(older_than=0) == 1
    assert "Kept for later." in body_of(mailbox.wait_for_message(reader.email))


def test_one_click_unsubscribe_works_without_a_session_or_csrf_token(send_now):
    author, reader = MemberFactory(), MemberFactory()
    community = CommunityFactory(members=[author, reader])
    topic = _topic(author, community)
    services.follow(user=reader, topic=topic)
    send_now(lambda: _reply(topic, author, "First."))
    [message] = mail.outbox
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = url.removeprefix("http://127.0.0.1:8000")

    client = Client(enforce_csrf_checks=True)
    page = client.get(path)
    assert "Stop receiving emails about the topic “Village health committees”?" in page.text
    response = client.post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "you will no longer receive emails about the topic" in response.text

    mail.outbox.clear()
    send_now(lambda: _reply(topic, author, "Second."))
    assert mail.outbox == []
    # Still following: the topic stays in the member's notifications, without email.
    assert services.Follow.objects.get(user=reader, topic=topic).delivery == "none"


def test_a_tampered_unsubscribe_link_is_refused_kindly():
    response = Client().post("/fr/mail/unsubscribe/not-a-real-token/")
    assert response.status_code == 400
    assert "Ce lien de désabonnement n’est pas valide." in response.text


def test_stopping_all_email_from_the_unsubscribe_page(send_now):
    author, reader = MemberFactory(), MemberFactory()
    community = CommunityFactory(members=[author, reader])
    topic = _topic(author, community)
    services.follow(user=reader, topic=topic)
    token = outbound.unsubscribe_token(reader.pk, f"t{topic.pk}")
    response = Client().post(f"/en/mail/unsubscribe/{token}/", {"scope": "all"})
    assert "You will receive no more notification email." in response.text
    assert profile_of(reader).paused
    send_now(lambda: _reply(topic, author, "Anyone?"))
    assert mail.outbox == []


def test_the_email_settings_page_saves_defaults_and_per_topic_choices(member, member_client):
    author = MemberFactory()
    community = CommunityFactory(members=[member, author], name_en="Malaria Network")
    topic = _topic(author, community, title="Bed nets")
    services.follow(user=member, topic=topic)

    page = member_client.get("/en/mail/settings/")
    assert page.status_code == 200
    assert f"Malaria Network: <code>{community.slug}@baraza.test</code>" in page.text
    response = member_client.post(
        "/en/mail/settings/",
        {
            "topic_delivery": "daily",
            "community_delivery": "none",
            "mentions": "on",
            f"topic-{topic.pk}": "weekly",
            f"community-{community.pk}": "every",
        },
        follow=True,
    )
    assert "Your email settings have been saved." in response.text
    profile = profile_of(member)
    assert (profile.topic_delivery, profile.community_delivery, profile.mentions) == (
        "daily",
        "none",
        True,
    )
    assert services.Follow.objects.get(user=member, topic=topic).delivery == "weekly"
    assert services.Follow.objects.get(user=member, community=community).delivery == "every"

    member_client.post("/en/mail/settings/", {**_defaults(), f"topic-{topic.pk}": "stop"})
    assert not services.Follow.objects.filter(user=member, topic=topic).exists()


def _defaults():
    return {"topic_delivery": "every", "community_delivery": "weekly", "mentions": "on"}


def test_bad_choices_on_the_settings_page_change_nothing(member, member_client):
    response = member_client.post(
        "/en/mail/settings/", {"topic_delivery": "hourly", "community_delivery": "weekly"}
    )
    assert response.status_code == 200
    assert "Select a valid choice. hourly is not one of the available choices." in response.text
    assert profile_of(member).pk is None


def test_revoking_reply_addresses_invalidates_the_old_ones(member, member_client):
    author = MemberFactory()
    topic = _topic(author, CommunityFactory(members=[member, author]))
    old = addresses.reply_token(member.pk, topic.pk, profile_of(member).reply_key)
    assert addresses.verify_reply_token(old).topic == topic

    response = member_client.post("/en/mail/settings/", {"action": "revoke"}, follow=True)
    assert "Reply addresses in your earlier emails no longer work." in response.text
    with pytest.raises(addresses.BadToken) as refused:
        addresses.verify_reply_token(old)
    assert refused.value.reason == "forged"
    new = addresses.reply_token(member.pk, topic.pk, profile_of(member).reply_key)
    assert addresses.verify_reply_token(new).user == member


def test_reply_addresses_expire(settings, member):
    topic = _topic(member, CommunityFactory(members=[member]))
    day = 86_400
    issued = 1_800_000_000
    token = addresses.reply_token(member.pk, topic.pk, profile_of(member).reply_key, now=issued)
    later = issued + settings.BARAZA_REPLY_TOKEN_DAYS * day
    assert addresses.verify_reply_token(token, now=later).user == member
    with pytest.raises(addresses.BadToken) as refused:
        addresses.verify_reply_token(token, now=later + day)
    assert refused.value.reason == "expired"
    # Case does not matter: some mail servers lower-case or upper-case the address.
    assert addresses.verify_reply_token(token.upper(), now=issued).user == member


def test_the_topic_page_offers_the_email_choice_to_followers(member, member_client):
    author = MemberFactory()
    topic = _topic(author, CommunityFactory(members=[member, author]))
    assert 'name="delivery"' not in member_client.get(f"/en/t/{topic.pk}/").text
    services.follow(user=member, topic=topic)
    assert 'name="delivery"' in member_client.get(f"/en/t/{topic.pk}/").text

    member_client.post(f"/en/t/{topic.pk}/follow/", {"delivery": "daily"})
    assert services.Follow.objects.get(user=member, topic=topic).delivery == "daily"
    response = member_client.post(f"/en/t/{topic.pk}/follow/", {"delivery": "hourly"})
    assert response.status_code == 403
    assert services.Follow.objects.get(user=member, topic=topic).delivery == "daily"


@pytest.mark.django_db(transaction=True)
def test_in_the_embedded_default_the_request_returns_before_the_email_is_sent(settings, mailbox):
    """BARAZA_TASKS=thread: the web request only records the email; a background thread of
    the same process sends it over SMTP."""
    from baraza.core import tasks

    settings.BARAZA_TASKS = "thread"
    reader, author = MemberFactory(), MemberFactory()
    community = CommunityFactory(members=[reader, author])
    topic = _topic(author, community)
    services.follow(user=reader, topic=topic)
    client = Client()
    client.force_login(author)
    response = client.post(
        f"/en/t/{topic.pk}/reply/", {"body": "Sent in the background.", "language": "en"}
    )
    assert response.status_code == 302
    message = mailbox.wait_for_message(reader.email)
    assert "Sent in the background." in body_of(message)
    tasks.wait_for_threads()


def test_a_theme_follower_hears_of_new_topics_on_that_theme_only(send_now):
    from baraza.taxonomy.models import Theme

    author, follower = MemberFactory(), MemberFactory()
    community = CommunityFactory(members=[author])
    theme = Theme.objects.get(slug="new-technology")
    mail_services.set_delivery(user=follower, theme=theme, delivery="every")

    topic = send_now(
        lambda: services.start_topic(
            author=author,
            community=community,
            title="SMS reminders",
            body="b",
            language="en",
            themes=[theme],
        )
    )
    send_now(lambda: _reply(topic, author, "A reply, not a new topic."))
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([follower.email], f"[{community.name}] SMS reminders")
    ]


def test_the_data_export_includes_email_settings(member):
    from baraza.accounts.services import export_personal_data

    mail_services.update_settings(
        user=member, topic_delivery="daily", community_delivery="none", mentions=False, paused=False
    )
    assert export_personal_data(member=member)["mail"] == {
        "settings": {
            "topics": "daily",
            "communities": "none",
            "mentions": False,
            "paused": False,
        },
        "digests": [],
        "messages_received": [],
    }


def test_a_community_home_gives_its_address_for_new_topics_to_those_who_may_post(
    member, member_client
):
    community = CommunityFactory(slug="chw-network", members=[member])
    address = "<code>chw-network@baraza.test</code>"
    assert address in member_client.get(f"/en/communities/{community.slug}/").text
    assert address not in Client().get(f"/en/communities/{community.slug}/").text


def test_a_large_audience_is_filtered_without_huge_sql_lists(settings, monkeypatch, send_now):
    """Past ``MANY`` recipients the queries load everyone and filter in Python (SQLite allows
    32,766 parameters per query); who gets the email is the same."""
    from baraza.mail import notify, queries

    monkeypatch.setattr(queries, "MANY", 1)
    monkeypatch.setattr(notify, "MANY", 1)
    author, reader, other, paused = (
        MemberFactory(),
        MemberFactory(),
        MemberFactory(),
        MemberFactory(),
    )
    community = CommunityFactory(members=[author, reader, other, paused])
    MemberFactory()  # not in the community: loaded, never emailed
    topic = _topic(author, community)
    for member in (reader, other, paused):
        services.follow(user=member, topic=topic)
    mail_services.update_settings(
        user=paused, topic_delivery="every", community_delivery="weekly", mentions=True, paused=True
    )
    send_now(lambda: _reply(topic, author, "To many."))
    assert sorted(m.to[0] for m in mail.outbox) == sorted([reader.email, other.email])
