"""Discussions in search: a topic is found by its title, its summary, the posts its readers see
and the words inside their attachments, kept up to date by every write of the discussions
services (on the web and by email alike)."""

from __future__ import annotations

from email.message import EmailMessage

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from baraza.discussions import services as discussions
from baraza.library.demo import pdf_with_text
from baraza.mail import addresses, inbound
from baraza.mail.queries import profile_of
from baraza.search import registry, services
from baraza.taxonomy.models import Theme
from tests.factories import CommunityFactory, MemberFactory
from tests.search.conftest import find, found

pytestmark = pytest.mark.django_db

TOPICS = ("topic",)


@pytest.fixture
def host(db):
    return MemberFactory(display_name="Fatou Facilitator")


@pytest.fixture
def community(member, host):
    return CommunityFactory(slug="chw", owner=host, members=[member])


@pytest.fixture
def topic(member, community):
    return discussions.start_topic(
        author=member,
        community=community,
        title="Paying community health workers",
        body="How do you pay them in **Kolda**?",
        language="en",
        themes=[Theme.objects.get(slug="equitable-financing-and-payment")],
    )


def _email(*, sender, to, subject="Re: Paying community health workers", body, files=()):
    email = EmailMessage()
    email["From"], email["To"], email["Subject"] = sender, to, subject
    email.set_content(body)
    for name, data in files:
        email.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return email.as_bytes()


def test_a_topic_is_found_by_its_title_and_first_post(member, topic):
    results = find("kolda", member)
    (hit,) = results.hits
    assert (hit.kind, hit.object_id, hit.url, str(hit.title)) == (
        "topic",
        str(topic.pk),
        f"/en/t/{topic.pk}/",
        "Paying community health workers",
    )
    # The words readers see, not the markup.
    assert str(hit.snippet) == "How do you pay them in <mark>Kolda</mark>?"
    topic.refresh_from_db()
    assert (hit.date, hit.meta, hit.community_id) == (topic.last_post_at, {}, topic.community_id)
    assert found("paying health workers", member) == [str(topic.pk)]
    assert [(v.value, v.count) for v in results.facets["theme"]] == [
        ("equitable-financing-and-payment", 1)
    ]


def test_words_are_found_without_accents_and_in_other_forms(member, community):
    topic = discussions.start_topic(
        author=member,
        community=community,
        title="Rémunération des relais communautaires",
        body="Les paiements arrivent en retard à Thiès.",
        language="fr",
    )
    for words in ("remuneration", "RELAIS communautaire", "paiement", "thies"):
        assert found(words, member) == [str(topic.pk)], words


def test_replies_in_each_language_are_found_in_their_own_language(member, topic):
    discussions.post_reply(
        topic=topic, author=member, body="Nous payons les relais chaque trimestre.", language="fr"
    )

    (hit,) = find("trimestre", member).hits
    assert (str(hit.title), hit.language, hit.matched_language) == (
        "Paying community health workers",
        "en",
        "fr",
    )
    assert str(hit.snippet) == "Nous payons les relais chaque <mark>trimestre</mark>."
    # The topic is in English and in French now, and its French text has a title too.
    assert [(v.value, v.count) for v in find("paying", member).facets["language"]] == [
        ("en", 1),
        ("fr", 1),
    ]
    assert str(find("paying", member, language="fr").hits[0].title) == (
        "<mark>Paying</mark> community health workers"
    )


def test_a_reply_by_email_is_found_and_so_is_the_pdf_it_attaches(member, topic):
    pdf = pdf_with_text(["Stipend grid for Sedhiou district"])
    raw = _email(
        sender=member.email,
        to=addresses.reply_address(member.pk, topic.pk, profile_of(member).reply_key),
        body="We pay them through Wave wallets.",
        files=[("grid.pdf", pdf)],
    )
    assert inbound.receive(raw).outcome == "posted"

    assert found("wave wallets", member) == [str(topic.pk)]
    (hit,) = find("sedhiou", member).hits
    assert "Stipend grid for <mark>Sedhiou</mark> district" in hit.snippet
    topic.refresh_from_db()
    assert hit.date == topic.last_post_at


def test_a_topic_started_by_email_is_found(member, community):
    raw = _email(
        sender=member.email,
        to=addresses.community_address("chw"),
        subject="Supervision in Matam",
        body="Who supervises the relais?",
    )
    assert inbound.receive(raw).outcome == "posted"
    assert len(found("matam supervises", member)) == 1


def test_a_pdf_attached_on_the_web_is_found_by_a_word_only_inside_it(member_client, community):
    pdf = SimpleUploadedFile(
        "note.pdf", pdf_with_text(["Kaffrine pays every month"]), "application/pdf"
    )
    response = member_client.post(
        "/en/communities/chw/topics/new/",
        {"title": "Payment calendars", "body": "See the note.", "language": "en", "files": [pdf]},
    )
    pk = response["Location"].split("/")[-2]
    (hit,) = find("kaffrine").hits
    assert (hit.object_id, str(hit.title)) == (pk, "Payment calendars")
    assert str(hit.snippet) == "See the note. <mark>Kaffrine</mark> pays every month"


def test_an_edited_post_is_found_by_its_new_words_only(member, topic):
    post = topic.posts.get()
    discussions.edit_post(actor=member, post=post, body="How do you pay them in Matam?")
    assert found("matam", member) == [str(topic.pk)]
    assert found("kolda", member) == []


def test_a_hidden_post_is_not_found_until_it_is_visible_again(member, host, topic):
    reply = discussions.post_reply(
        topic=topic, author=member, body="Buy cheap pills in Kolda today!", language="en"
    )
    discussions.moderate_post(actor=host, post=reply, action="hide", reason="Spam.")

    assert found("pills", member) == []
    assert found("pills", host) == []  # not even by its moderators: search shows what all see
    (hit,) = find("kolda", member).hits
    assert "pills" not in hit.snippet

    discussions.moderate_post(actor=host, post=reply, action="unhide")
    assert found("pills", member) == [str(topic.pk)]


def test_a_post_held_for_approval_is_found_once_approved(member, host):
    community = CommunityFactory(owner=host, premoderation=2)
    newcomer = MemberFactory(display_name="Nana Newcomer")
    community.memberships.create(user=newcomer, status="active", role="member")
    topic = discussions.start_topic(
        author=newcomer, community=community, title="Hello from Louga", body="Hi", language="en"
    )
    held = discussions.post_reply(
        topic=topic, author=newcomer, body="Our stipends come late.", language="en"
    )
    assert found("louga", newcomer) == []  # no published post yet: the topic isn't listed

    discussions.moderate_post(actor=host, post=topic.posts.get(number=1), action="approve")
    assert found("louga", newcomer) == [str(topic.pk)]
    assert found("stipends", newcomer) == []

    discussions.moderate_post(actor=host, post=held, action="reject")
    assert found("stipends", newcomer) == []


def test_a_hidden_topic_is_not_found_until_it_is_visible_again(member, host, topic):
    discussions.moderate_topic(actor=host, topic=topic, action="hide")
    assert found("kolda", member) == []
    assert found("kolda", host) == []

    discussions.moderate_topic(actor=host, topic=topic, action="unhide")
    assert found("kolda", member) == [str(topic.pk)]


def test_a_moved_topic_is_found_by_the_readers_of_its_new_community(member, host, topic):
    private = CommunityFactory(slug="hidden", visibility="private", owner=host)
    assert found("kolda") == [str(topic.pk)]

    discussions.moderate_topic(actor=host, topic=topic, action="move", community=private)

    assert found("kolda") == []
    assert found("kolda", member) == []
    assert found("kolda", host) == [str(topic.pk)]


def test_a_closed_topics_summary_is_found(member, host, topic):
    discussions.close_topic(
        actor=host, topic=topic, summary="Most districts pay through **mobile** wallets."
    )
    (hit,) = find("wallets", member, kinds=TOPICS).hits
    assert str(hit.snippet).startswith("Most districts pay through mobile <mark>wallets</mark>.")
    # When the words are elsewhere, the summary is what the result shows.
    (hit,) = find("health", member, kinds=TOPICS).hits
    assert str(hit.snippet) == "Most districts pay through mobile wallets."


def test_reindexing_rebuilds_the_same_results(member, host, topic):
    reply = discussions.post_reply(
        topic=topic, author=member, body="Kolda pays by Wave; pills too", language="fr"
    )
    discussions.moderate_post(actor=host, post=reply, action="hide")
    discussions.start_topic(
        author=member, community=topic.community, title="Kolda visits", body="?", language="en"
    )
    hidden = discussions.start_topic(
        author=member, community=topic.community, title="Kolda spam", body="!", language="en"
    )
    discussions.moderate_topic(actor=host, topic=hidden, action="hide")
    before = [(h.object_id, str(h.snippet)) for h in find("kolda", member).hits]

    assert services.reindex(["topic"]) == {"topic": 2}

    assert [(h.object_id, str(h.snippet)) for h in find("kolda", member).hits] == before
    assert len(before) == 2
    assert found("pills", member) == []


@pytest.mark.parametrize("n", [1, 3])
def test_all_entries_are_read_in_constant_queries(member, community, n, django_assert_num_queries):
    for number in range(n):
        topic = discussions.start_topic(
            author=member,
            community=community,
            title=f"Topic {number}",
            body="First",
            language="en",
            themes=Theme.objects.all()[:2],
            files=[SimpleUploadedFile("a.pdf", pdf_with_text(["Kolda"]), "application/pdf")],
        )
        discussions.post_reply(topic=topic, author=member, body="Second", language="fr")
    with django_assert_num_queries(4):  # topics, their visible posts, attachments, themes
        assert len(list(registry.get("topic").entries())) == n
