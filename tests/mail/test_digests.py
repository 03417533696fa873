"""Daily and weekly digests: what each member finds in them, in their language and time zone,
sent once per period, never with what they may not read or were already emailed."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from baraza.discussions import services
from baraza.discussions.models import Follow, Post, Topic
from baraza.events.models import Event
from baraza.library.models import Resource
from baraza.mail import digests, outbound
from baraza.mail import services as mail_services
from baraza.mail.models import Digest, PendingEmail
from baraza.taxonomy.models import Theme
from tests.events.helpers import plan
from tests.factories import CommunityFactory, MemberFactory
from tests.library.factories import add
from tests.smtp import free_port

pytestmark = pytest.mark.django_db

# A Monday: the weekly digest of ISO week 2026-W48 is due from 07:00 in each member's day.
MONDAY = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
LAST_FRIDAY = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
MAX_BYTES = 100 * 1024


# --- Reading what members received ------------------------------------------------------------


def _sent_to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


def _one(user):
    [message] = _sent_to(user)
    return message


def _html(message) -> BeautifulSoup:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return BeautifulSoup(html, "html.parser")


def _headings(message) -> list[str]:
    return [h.text for h in _html(message).select("h2")]


def _titles(message) -> list[str]:
    """The topics, then the resources, events… of the digest, in order."""
    return [h.text for h in _html(message).select("h3")]


def _posts(message) -> list[tuple[str, str]]:
    """(author, excerpt) of every post the digest shows."""
    return [(li.strong.text, li.br.next_sibling.strip()) for li in _html(message).select("li")]


def _at(when: datetime, *querysets) -> None:
    """Move content in time (the services stamp it with the real time)."""
    for queryset in querysets:
        queryset.update(created_at=when)


@pytest.fixture
def author():
    return MemberFactory(display_name="Awa Ndiaye")


@pytest.fixture
def community(member, author):
    # Members hear of their communities in a weekly digest unless they choose otherwise.
    return CommunityFactory(slug="chw", name_en="Paying CHWs", members=[member, author])


def _topic(author, community, title: str, *replies: str, **fields) -> Topic:
    topic = services.start_topic(
        author=author,
        community=community,
        title=title,
        body=f"What do you think of {title.lower()}?",
        language="en",
        **fields,
    )
    for body in replies:
        services.post_reply(topic=topic, author=author, body=body, language="en")
    return topic


# --- What is in a digest ----------------------------------------------------------------------


def test_a_digest_holds_the_new_posts_of_followed_topics_only(member, author):
    elsewhere = CommunityFactory(members=[author])  # public; the member doesn't belong to it
    followed = _topic(author, elsewhere, "Mobile money")
    _topic(author, elsewhere, "Bicycles for supervisors", "Ours are all broken.")
    services.follow(user=member, topic=followed, delivery="weekly")
    services.post_reply(topic=followed, author=author, body="It **works** well.", language="en")
    hidden = services.post_reply(topic=followed, author=author, body="Spam!", language="en")
    Post.objects.filter(pk=hidden.pk).update(is_hidden=True)

    digests.send_digests("weekly")

    message = _one(member)
    assert message.subject == "[Baraza] Your weekly digest: 2 new posts"
    assert _headings(message) == ["Discussions"]
    assert _titles(message) == ["Mobile money"]
    assert _posts(message) == [
        ("Awa Ndiaye", "What do you think of mobile money?"),
        ("Awa Ndiaye", "It works well."),
    ]
    assert "Bicycles" not in message.body
    assert "Spam" not in message.body


def test_each_frequency_brings_what_the_member_chose_for_it(member, author, community):
    daily = CommunityFactory(slug="daily", members=[member, author])
    at_once = CommunityFactory(slug="at-once", members=[member, author])
    mail_services.set_delivery(user=member, community=daily, delivery="daily")
    mail_services.set_delivery(user=member, community=at_once, delivery="every")
    _topic(author, community, "Weekly news")
    _topic(author, daily, "Daily news")
    _topic(author, at_once, "Emailed at once")

    digests.send_digests("daily")
    assert _one(member).subject == "[Baraza] Your daily digest: 1 new post"
    assert _titles(_one(member)) == ["Daily news"]

    mail.outbox.clear()
    digests.send_digests("weekly")
    assert _one(member).subject == "[Baraza] Your weekly digest: 1 new post"
    assert _titles(_one(member)) == ["Weekly news"]


def test_a_followed_theme_brings_new_topics_but_not_their_replies(member, author, community):
    theme = Theme.objects.get(slug="new-technology")
    elsewhere = CommunityFactory(members=[author])
    mail_services.set_delivery(user=member, theme=theme, delivery="weekly")
    _topic(author, elsewhere, "SMS reminders", "We use them too.", themes=[theme])

    digests.send_digests("weekly")

    assert _posts(_one(member)) == [("Awa Ndiaye", "What do you think of sms reminders?")]


@pytest.mark.parametrize("visibility", ["private", "members"])
def test_closed_communities_never_reach_outsiders(visibility, member, author, facilitator):
    insider = MemberFactory(display_name="Insider")
    closed = CommunityFactory(slug="closed", visibility=visibility, members=[insider, author])
    theme = Theme.objects.get(slug="new-technology")
    # Left over from when the member belonged, and a theme the closed topic has.
    Follow.objects.create(user=member, community=closed, delivery="weekly")
    mail_services.set_delivery(user=member, theme=theme, delivery="weekly")
    _topic(author, closed, "Secret plan", "Secret reply", themes=[theme])
    add(author, closed, title="Secret budget")
    plan(closed, title="Secret meeting")
    add(facilitator, None, title="Global guide")

    digests.send_digests("weekly")

    message = _one(member)
    assert message.subject == "[Baraza] Your weekly digest: 1 resource"
    assert _titles(message) == ["Global guide"]
    assert "Secret" not in message.body + _html(message).text
    assert Digest.objects.get(user=member).items == {
        "resource": [Resource.objects.get(title="Global guide").pk]
    }
    assert _titles(_one(insider)) == [
        "Secret plan",
        "Secret budget",  # the resource's discussion topic
        "Secret budget",
        "Global guide",
        "Secret meeting",
    ]


def test_posts_already_emailed_are_left_out(
    member, author, community, django_capture_on_commit_callbacks
):
    topic = _topic(author, community, "Supervision")
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(
            topic=topic, author=author, body="@aminata-member, how do you do it?", language="en"
        )
    [mention] = mail.outbox
    assert mention.subject == "[Paying CHWs] Re: Supervision"
    assert PendingEmail.objects.get(user=member).sent_at is not None
    services.post_reply(topic=topic, author=author, body="Checklists help.", language="en")
    mail.outbox.clear()

    digests.send_digests("weekly")

    assert _posts(_one(member)) == [
        ("Awa Ndiaye", "What do you think of supervision?"),
        ("Awa Ndiaye", "Checklists help."),
    ]


def test_what_an_earlier_digest_held_is_not_sent_again(member, author, community):
    mail_services.set_delivery(user=member, community=community, delivery="daily")
    topic = _topic(author, community, "Stock-outs", "Every month.")
    digests.send_digests("daily")
    assert [p for _a, p in _posts(_one(member))] == [
        "What do you think of stock-outs?",
        "Every month.",
    ]
    mail.outbox.clear()

    # The member moves the community to the weekly digest: it doesn't repeat the daily one.
    mail_services.set_delivery(user=member, community=community, delivery="weekly")
    services.post_reply(topic=topic, author=author, body="Not since March.", language="en")
    digests.send_digests("weekly")

    assert _posts(_one(member)) == [("Awa Ndiaye", "Not since March.")]


def test_a_second_run_sends_nothing_twice(member, author, community):
    topic = _topic(author, community, "Transport money")
    first = digests.send_digests("weekly")
    assert (first.sent, len(_sent_to(member))) == (2, 1)  # the member and the owner

    services.post_reply(topic=topic, author=author, body="Fuel went up.", language="en")
    again = digests.send_digests("weekly")

    assert (again.sent, again.already_sent) == (0, 2)
    assert len(_sent_to(member)) == 1
    row = Digest.objects.get(user=member)
    local = timezone.now().astimezone(timezone.get_fixed_timezone(0))  # Dakar is UTC
    year, week, _day = local.isocalendar()
    assert (row.frequency, row.period) == ("weekly", f"{year}-W{week:02d}")
    assert row.items == {"post": [topic.posts.get(number=1).pk]}
    assert row.sent_at is not None

    # A week later, the next digest starts where the last one ended.
    mail.outbox.clear()
    digests.send_digests("weekly", now=timezone.now() + timedelta(days=7))
    assert _posts(_one(member)) == [("Awa Ndiaye", "Fuel went up.")]


def test_members_who_paused_email_or_have_nothing_new_get_no_digest(member, author, community):
    paused = MemberFactory()
    community.memberships.create(user=paused, role="member", status="active")
    mail_services.update_settings(
        user=paused, topic_delivery="every", community_delivery="weekly", mentions=True, paused=True
    )
    idle = MemberFactory()
    CommunityFactory(members=[idle])
    _topic(author, community, "Per diems")

    result = digests.send_digests("weekly")

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [member.email, community.memberships.get(role="owner").user.email]
    )
    assert result.sent == 2
    assert not Digest.objects.filter(user__in=[paused, idle]).exists()


# --- Language, time zones, sections -----------------------------------------------------------


def test_a_french_member_reads_their_digest_in_french(author, facilitator):
    francoise = MemberFactory(
        display_name="Françoise", language="fr", timezone_name="Europe/Paris", country="FR"
    )
    community = CommunityFactory(slug="sante", members=[francoise, author])
    _topic(author, community, "Agents de santé")
    add(facilitator, None, title="Guide général")
    plan(community, title="Webinaire", starts_at=datetime(2026, 12, 1, 14, 0, tzinfo=UTC))
    _at(LAST_FRIDAY, Post.objects.all(), Resource.objects.all(), Event.objects.all())

    digests.send_digests("weekly", now=MONDAY)

    message = _one(francoise)
    assert message.subject == (
        "[Baraza] Votre résumé hebdomadaire : 1 nouveau message, 1 ressource, 1 événement"
    )
    html = _html(message)
    assert html.html["lang"] == "fr"
    assert _headings(message) == ["Discussions", "Bibliothèque", "Événements"]
    assert "Bonjour Françoise," in message.body.splitlines()
    assert "  Awa Ndiaye · 20 novembre 2026, 11:00" in message.body.splitlines()
    assert "Rapport · Bibliothèque générale" in message.body.splitlines()
    assert "mardi 1 décembre 2026, 15:00 (Europe/Paris)" in message.body.splitlines()
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://127.0.0.1:8000/fr/mail/unsubscribe/"
    )


def test_events_are_shown_in_each_members_time_zone(author):
    dakar = MemberFactory(timezone_name="Africa/Dakar")
    kolkata = MemberFactory(timezone_name="Asia/Kolkata")
    community = CommunityFactory(members=[dakar, kolkata, author])
    plan(community, title="Webinar", starts_at=datetime(2026, 12, 1, 14, 0, tzinfo=UTC))
    plan(community, title="Already started", starts_at=datetime(2026, 11, 23, 7, 0, tzinfo=UTC))
    _at(LAST_FRIDAY, Event.objects.all())

    digests.send_digests("weekly", now=MONDAY)

    for member, shown in [
        (dakar, "Tuesday 1 December 2026, 14:00 (Africa/Dakar)"),
        (kolkata, "Tuesday 1 December 2026, 19:30 (Asia/Kolkata)"),
    ]:
        message = _one(member)
        assert message.subject == "[Baraza] Your weekly digest: 1 event"
        assert _titles(message) == ["Webinar"]
        assert shown in message.body.splitlines()
        assert [t.text for t in _html(message).select("time")] == [shown]


def test_other_apps_add_their_own_sections(monkeypatch, member, author, community):
    """How the compendium will add newly published experiences."""

    def experiences(since, until):
        return [
            digests.DigestItem(
                pk=7,
                title="Community scorecards in Kolda",
                created_at=until - timedelta(hours=1),
                community=None,
                link=("home", ()),
                details=("Senegal",),
            )
        ]

    monkeypatch.setitem(
        digests._sections,
        "experience",
        digests.Section(
            name="experience",
            order=5,
            collect=experiences,
            heading="Compendium",
            count=lambda n: f"{n} experience(s)",
        ),
    )
    _topic(author, community, "Scorecards")

    digests.send_digests("weekly")

    message = _one(member)
    assert message.subject == "[Baraza] Your weekly digest: 1 new post, 1 experience(s)"
    assert _headings(message) == ["Discussions", "Compendium"]
    assert _titles(message) == ["Scorecards", "Community scorecards in Kolda"]
    assert Digest.objects.get(user=member).items == {
        "post": [Post.objects.get().pk],
        "experience": [7],
    }


# --- Size ---------------------------------------------------------------------------------------

WORDS = [
    "community", "health", "workers", "village", "district", "clinic", "nurse", "midwife",
    "vaccination", "malaria", "nutrition", "budget", "council", "committee", "scorecard",
    "supervision", "training", "volunteers", "referral", "stock", "medicines", "radio", "trust",
    "feedback", "register", "santé", "comité", "formation", "bénévoles", "médicaments",
    "confiance", "données", "registre", "rapport", "femmes", "jeunes",
]  # fmt: skip


def _prose(rng: random.Random, words: int) -> str:
    return " ".join(rng.choices(WORDS, k=words)).capitalize() + "."


def test_a_busy_week_still_weighs_at_most_100_kb(member, author, community, facilitator):
    rng = random.Random(2026)  # noqa: S311 (test data)
    topics = Topic.objects.bulk_create(
        Topic(community=community, title=_prose(rng, 25)[:200], language="en", author=author)
        for _ in range(60)
    )
    numbers = dict.fromkeys((t.pk for t in topics), 0)
    posts = []
    for index in range(500):
        topic = topics[index % 60] if index < 60 else rng.choice(topics)
        numbers[topic.pk] += 1
        posts.append(
            Post(
                topic=topic,
                number=numbers[topic.pk],
                author=author,
                body="\n\n".join(_prose(rng, 80) for _ in range(3)),
                language="en",
            )
        )
    Post.objects.bulk_create(posts)
    for _ in range(15):
        add(facilitator, None, title=_prose(rng, 30)[:300], abstract=_prose(rng, 150))
        plan(community, title=_prose(rng, 30)[:200], description=_prose(rng, 150))

    digests.send_digests("weekly")

    message = _one(member)
    assert len(message.message().as_bytes()) <= MAX_BYTES
    assert message.subject == (
        "[Baraza] Your weekly digest: 500 new posts, 15 resources, 15 events"
    )
    more = [a.text for a in _html(message).select("p > a")]
    assert "And 40 more topics" in more
    assert more.count("And 5 more") == 2  # resources and events
    assert len(Digest.objects.get(user=member).items["post"]) == 500


# --- Sending --------------------------------------------------------------------------------------


def test_a_digest_arrives_over_smtp_with_both_parts_and_one_click_unsubscribe(
    mailbox, member, author, community
):
    _topic(author, community, "Community radio", "We buy airtime.")

    digests.send_digests("weekly")

    message = mailbox.wait_for_message(member.email)
    assert message["Subject"] == "[Baraza] Your weekly digest: 2 new posts"
    assert message["From"] == "Baraza <noreply@127.0.0.1>"
    assert message["Reply-To"] is None
    assert message["Auto-Submitted"] == "auto-generated"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = BeautifulSoup(message.get_body(preferencelist=("html",)).get_content(), "html.parser")
    assert "  We buy airtime." in text.splitlines()
    assert [h.text for h in html.select("h3")] == ["Community radio"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message["List-Unsubscribe"].strip().strip("<>")
    assert outbound.read_unsubscribe_token(url.rstrip("/").rsplit("/", 1)[1]) == (
        member.pk,
        "weekly",
    )

    # One click (RFC 8058) stops the weekly digest.
    assert Client().post(url.removeprefix("http://127.0.0.1:8000")).status_code == 200
    services.post_reply(topic=Topic.objects.get(), author=author, body="And SMS.", language="en")
    digests.send_digests("weekly", now=timezone.now() + timedelta(days=7))
    assert [m["To"] for m in mailbox.messages].count(member.email) == 1


def test_a_refused_digest_is_tried_again_by_the_next_run(mailbox, member, author, community):
    refused = {member.email}

    async def handle_RCPT(server, session, envelope, address, rcpt_options):
        if address in refused:
            return "550 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    mailbox.handle_RCPT = handle_RCPT  # aiosmtpd looks the hook up on the handler
    _topic(author, community, "Incentives")
    owner = community.memberships.get(role="owner").user

    first = digests.send_digests("weekly")

    assert (first.sent, first.failed) == (1, 1)
    assert mailbox.wait_for_message(owner.email)
    assert not Digest.objects.filter(user=member).exists()
    refused.clear()
    second = digests.send_digests("weekly")
    assert (second.sent, second.already_sent) == (1, 1)
    assert mailbox.wait_for_message(member.email)["Subject"] == (
        "[Baraza] Your weekly digest: 1 new post"
    )


def test_when_the_mail_server_is_down_the_next_run_sends_everything(
    mailbox, settings, member, author, community
):
    _topic(author, community, "Outages")
    working, settings.EMAIL_PORT = settings.EMAIL_PORT, free_port()  # nothing listens there

    down = digests.send_digests("weekly")

    assert (down.sent, down.failed) == (0, 2)
    assert not Digest.objects.exists()
    settings.EMAIL_PORT = working
    assert digests.send_digests("weekly").sent == 2
    assert mailbox.wait_for_message(member.email)["Subject"] == (
        "[Baraza] Your weekly digest: 1 new post"
    )


def test_a_claim_left_by_a_run_that_died_is_given_back_after_an_hour(member, author, community):
    _topic(author, community, "Crashes")
    claim = Digest.objects.create(
        user=member,
        frequency="weekly",
        period=digests.period_of("weekly", timezone.now()),  # Dakar is on UTC
        run="a-run-that-died",
        until=timezone.now(),
        created_at=timezone.now() - timedelta(minutes=30),
    )
    digests.send_digests("weekly")
    assert _sent_to(member) == []  # that run may still be sending

    Digest.objects.filter(pk=claim.pk).update(created_at=timezone.now() - timedelta(hours=2))
    digests.send_digests("weekly")
    assert _titles(_one(member)) == ["Crashes"]


@pytest.mark.parametrize(
    ("now", "sent_to"),
    [
        (datetime(2026, 11, 23, 1, 29, tzinfo=UTC), []),
        # 07:00 in Kolkata (UTC+05:30), still night in Dakar (UTC).
        (datetime(2026, 11, 23, 1, 30, tzinfo=UTC), ["kolkata"]),
        (datetime(2026, 11, 23, 7, 0, tzinfo=UTC), ["dakar", "kolkata"]),
    ],
)
def test_the_beat_sends_a_daily_digest_from_7_in_each_members_day(settings, author, now, sent_to):
    settings.BARAZA_DIGEST_HOUR = 7
    people = {
        "dakar": MemberFactory(timezone_name="Africa/Dakar"),
        "kolkata": MemberFactory(timezone_name="Asia/Kolkata"),
    }
    community = CommunityFactory(members=[author, *people.values()])
    for person in people.values():
        mail_services.set_delivery(user=person, community=community, delivery="daily")
    _topic(author, community, "Night shifts")
    _at(datetime(2026, 11, 22, 12, 0, tzinfo=UTC), Post.objects.all())

    digests.send_digests("daily", due_only=True, now=now)

    assert [name for name, person in people.items() if _sent_to(person)] == sent_to
    assert sorted(Digest.objects.values_list("period", flat=True)) == ["2026-11-23"] * len(sent_to)


def test_the_beat_sends_a_weekly_digest_once_a_week_from_monday_7(
    settings, member, author, community
):
    settings.BARAZA_DIGEST_HOUR = 7
    topic = _topic(author, community, "Weekly")
    _at(LAST_FRIDAY, Post.objects.all())
    monday = datetime(2026, 11, 23, 6, 59, tzinfo=UTC)  # Dakar is on UTC

    digests.send_digests("weekly", due_only=True, now=monday)
    assert _sent_to(member) == []
    digests.send_digests("weekly", due_only=True, now=monday + timedelta(minutes=1))
    assert len(_sent_to(member)) == 1
    assert Digest.objects.get(user=member).period == "2026-W48"
    # Later in the same ISO week: nothing again, even with news.
    reply = services.post_reply(topic=topic, author=author, body="Later.", language="en")
    _at(datetime(2026, 11, 26, 12, 0, tzinfo=UTC), Post.objects.filter(pk=reply.pk))
    sunday = datetime(2026, 11, 29, 23, 0, tzinfo=UTC)
    digests.send_digests("weekly", due_only=True, now=sunday)
    assert len(_sent_to(member)) == 1
    # The next Monday at 07:00 brings the reply.
    digests.send_digests("weekly", due_only=True, now=datetime(2026, 11, 30, 7, 0, tzinfo=UTC))
    assert _posts(_sent_to(member)[-1]) == [("Awa Ndiaye", "Later.")]


# --- Cost ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [2, 20])
def test_the_number_of_queries_does_not_grow_with_the_members(
    n, author, facilitator, django_assert_num_queries
):
    members = [MemberFactory() for _ in range(n)]
    community = CommunityFactory(members=[author, *members])
    theme = Theme.objects.get(slug="new-technology")
    for member in members[::2]:
        mail_services.set_delivery(user=member, theme=theme, delivery="weekly")
    topic = _topic(author, community, "Costs", "One.", "Two.", themes=[theme])
    services.follow(user=members[0], topic=topic, delivery="weekly")
    add(facilitator, None, title="Global guide")
    add(author, community, title="Local guide")
    plan(community, title="Webinar")

    # One query per section: posts, library, events, compendium, plus the fixed bookkeeping.
    with django_assert_num_queries(19):
        result = digests.send_digests("weekly")

    owner = community.memberships.get(role="owner").user
    # The author hears of the global guide and the event; the facilitator added the guide.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [*(m.email for m in members), owner.email, author.email]
    )
    assert result.sent == n + 2
    assert _titles(_one(members[-1]))[:1] == ["Costs"]


# --- The command ----------------------------------------------------------------------------------


def test_the_command_sends_the_digests_and_says_how_many(member, author, community):
    _topic(author, community, "By command")
    out = StringIO()

    call_command("send_digests", "--frequency", "weekly", stdout=out)
    call_command("send_digests", "--frequency", "weekly", stdout=out)

    assert out.getvalue().splitlines() == [
        "Weekly digests: 2 sent, 1 skipped (0 already sent this period, 1 with nothing new, "
        "0 not due yet), 0 failed.",
        "Weekly digests: 0 sent, 3 skipped (2 already sent this period, 1 with nothing new, "
        "0 not due yet), 0 failed.",
    ]
    assert _titles(_one(member)) == ["By command"]
    with pytest.raises(CommandError, match="invalid choice: 'monthly'"):
        call_command("send_digests", "--frequency", "monthly")


def test_digests_older_than_90_days_are_forgotten(member, author, community):
    old = Digest.objects.create(
        user=member,
        frequency="weekly",
        period="2026-W30",
        run="long-ago",
        until=timezone.now() - timedelta(days=91),
        sent_at=timezone.now() - timedelta(days=91),
    )
    recent = Digest.objects.create(
        user=member,
        frequency="weekly",
        period="2026-W40",
        run="not-so-long-ago",
        until=timezone.now() - timedelta(days=60),
        sent_at=timezone.now() - timedelta(days=60),
    )
    digests.send_digests("weekly")
    assert set(Digest.objects.filter(run__in=["long-ago", "not-so-long-ago"])) == {recent}
    assert not Digest.objects.filter(pk=old.pk).exists()
