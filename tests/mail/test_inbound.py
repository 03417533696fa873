"""Taking part by email: replies to notifications and new topics sent to a community's address,
and the one short answer a sender gets when nothing was posted."""

from __future__ import annotations

import logging
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from baraza.communities.models import Membership
from baraza.discussions import services as discussion_services
from baraza.discussions.models import Attachment, Post, Topic
from baraza.mail import addresses, inbound, outbound
from baraza.mail.models import InboundMessage
from baraza.mail.queries import profile_of
from baraza.mail.services import revoke_reply_addresses
from tests.factories import CommunityFactory, MemberFactory
from tests.smtp import body_of

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
QUOTED_NOTIFICATION = (
    "\n\nOn Mon, 3 Mar 2025 at 10:00, Baraza <noreply@baraza.test> wrote:\n"
    "> Write your reply above this line to post it in the discussion.\n"
    ">\n> Community Health Workers › Paying CHWs\n> How do you pay them?\n"
)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://baraza.example.org"


@pytest.fixture
def starter(db):
    return MemberFactory(display_name="Kofi Starter")


@pytest.fixture
def community(member, starter):
    return CommunityFactory(
        slug="chw", name_en="Community Health Workers", owner=starter, members=[member]
    )


@pytest.fixture
def topic(community, starter):
    return discussion_services.start_topic(
        author=starter, community=community, title="Paying CHWs", body="How?", language="en"
    )


def reply_address(user, topic, **kwargs) -> str:
    key = profile_of(user).reply_key
    if kwargs:
        token = addresses.reply_token(user.pk, topic.pk, key, **kwargs)
        return f"reply+{token}@baraza.test"
    return addresses.reply_address(user.pk, topic.pk, key)


def message(
    *,
    sender: str,
    to: str,
    body: str | None = "Thank you.",
    subject: str = "Re: [Community Health Workers] Paying CHWs",
    message_id: str | None = "",
    files: tuple = (),
    html: str | None = None,
    headers: dict | None = None,
) -> bytes:
    """An email as a mail client sends it; ``files`` are (name, bytes, maintype, subtype)."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = to
    email["Subject"] = subject
    if message_id is not None:
        email["Message-ID"] = message_id or make_msgid(domain="example.org")
    for name, value in (headers or {}).items():
        email[name] = value
    if body is not None:
        email.set_content(body)
    if html is not None:
        if body is None:
            email.set_content(html, subtype="html")
        else:
            email.add_alternative(html, subtype="html")
    for name, data, maintype, subtype in files:
        email.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return email.as_bytes()


def the_answer(to: str) -> mail.EmailMessage:
    """The only email sent, checked to be a rejection addressed to ``to``."""
    (answer,) = mail.outbox
    assert answer.to == [to]
    assert answer.extra_headers["Auto-Submitted"] == "auto-replied"
    return answer


def reason_in(answer: mail.EmailMessage) -> str:
    """The explanation: the paragraph after the first sentence of the answer."""
    return answer.body.split("\n\n")[2]


# --- Replies ------------------------------------------------------------------------------------


def test_a_reply_by_email_is_posted_in_the_topic_and_emailed_to_its_followers(
    member, starter, topic, mailbox, django_capture_on_commit_callbacks
):
    raw = message(
        sender=f"Aminata Member <{member.email}>",
        to=reply_address(member, topic),
        body="We pay them **monthly**, by mobile money." + QUOTED_NOTIFICATION,
    )
    with django_capture_on_commit_callbacks(execute=True):
        record = inbound.receive(raw)

    post = Post.objects.get(topic=topic, number=2)
    assert (post.body, post.via, post.author, post.language) == (
        "We pay them **monthly**, by mobile money.",
        "email",
        member,
        "en",
    )
    assert (record.outcome, record.reason, record.post) == ("posted", "", post)
    assert (record.sender, record.recipient) == (member.email, reply_address(member, topic))
    notification = mailbox.wait_for_message(starter.email)
    assert "We pay them monthly, by mobile money." in body_of(notification)
    assert [m["To"] for m in mailbox.messages] == [starter.email]  # no answer to the sender


def test_the_envelope_recipient_wins_over_the_headers(member, topic):
    raw = message(sender=member.email, to="Undisclosed recipients:;")
    record = inbound.receive(raw, recipients=[reply_address(member, topic)])
    assert record.outcome == "posted"
    assert topic.posts.count() == 2


def test_a_member_may_reply_from_another_verified_address_in_any_case(member, topic):
    EmailAddress.objects.create(user=member, email="aminata@work.example", verified=True)
    raw = message(sender="AMINATA@Work.Example", to=reply_address(member, topic))
    assert inbound.receive(raw).outcome == "posted"
    assert Post.objects.get(number=2).author == member


def test_an_unverified_address_is_not_the_member(member, topic):
    EmailAddress.objects.create(user=member, email="aminata@work.example", verified=False)
    raw = message(sender="aminata@work.example", to=reply_address(member, topic))
    assert inbound.receive(raw).reason == "wrong_sender"
    assert topic.posts.count() == 1


def test_someone_elses_valid_reply_address_does_not_post_in_their_name(
    member, topic, community, mailbox
):
    intruder = MemberFactory(display_name="Ivan Intruder")
    Membership.objects.create(community=community, user=intruder, role="member", status="active")
    raw = message(
        sender=intruder.email,
        to=reply_address(member, topic),
        body="Posting as Aminata.",
        message_id="<forged.1@example.org>",
    )

    record = inbound.receive(raw)

    assert (record.outcome, record.reason) == ("rejected", "wrong_sender")
    assert topic.posts.count() == 1
    answer = mailbox.wait_for_message(intruder.email)
    assert answer["Subject"] == (
        "Your message was not posted: Re: [Community Health Workers] Paying CHWs"
    )
    assert answer["Auto-Submitted"] == "auto-replied"
    assert (answer["In-Reply-To"], answer["References"]) == ("<forged.1@example.org>",) * 2
    assert body_of(answer) == (
        "Hello Ivan Intruder,\n\n"
        "The email you sent to Baraza was not posted.\n\n"
        "You wrote from an address that is not the one this reply address was made for. "
        "Reply from the address our emails reach you at, or on the website: "
        f"https://baraza.example.org/en/t/{topic.pk}/\n\n"
        "This answer was sent automatically: replies to it are not read.\n"
    )
    assert "Posting as Aminata" not in answer.as_string()
    assert len(mailbox.messages) == 1


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        "1.2.3",
        "zz.zz.zz.aaaaaaaaaaaaaaaa",  # a member and topic that don't exist
    ],
)
def test_a_reply_address_that_is_not_one_of_ours_is_refused(member, topic, token):
    raw = message(sender=member.email, to=f"reply+{token}@baraza.test")
    record = inbound.receive(raw)
    assert (record.outcome, record.reason) == ("rejected", "bad_address")
    assert reason_in(the_answer(member.email)) == (
        "This reply address is not valid: it was mistyped, or replaced by a newer one. Reply "
        "to the most recent email about the discussion, or on the website: "
        "https://baraza.example.org/en/"
    )


def test_a_tampered_signature_is_refused(member, topic):
    address = reply_address(member, topic)
    local, domain = address.split("@")
    tampered = local[:-1] + ("a" if local[-1] != "a" else "b") + "@" + domain
    assert inbound.receive(message(sender=member.email, to=tampered)).reason == "bad_address"
    assert topic.posts.count() == 1


def test_an_expired_reply_address_says_so(member, topic, settings):
    settings.BARAZA_REPLY_TOKEN_DAYS = 30
    old = reply_address(member, topic, now=time.time() - 31 * addresses.DAY)
    record = inbound.receive(message(sender=member.email, to=old))
    assert (record.outcome, record.reason) == ("rejected", "expired")
    assert reason_in(the_answer(member.email)) == (
        "This reply address has expired: reply addresses work for 30 days after the email "
        "that carried them. Reply to a more recent email, or on the website: "
        "https://baraza.example.org/en/"
    )
    assert topic.posts.count() == 1


def test_a_revoked_reply_address_stops_working(member, topic):
    address = reply_address(member, topic)
    revoke_reply_addresses(user=member)
    assert inbound.receive(message(sender=member.email, to=address)).reason == "bad_address"
    assert topic.posts.count() == 1
    assert inbound.receive(message(sender=member.email, to=reply_address(member, topic))).post


def test_a_member_who_left_the_community_can_no_longer_reply(member, topic, community):
    address = reply_address(member, topic)
    Membership.objects.filter(user=member, community=community).delete()
    record = inbound.receive(message(sender=member.email, to=address))
    assert (record.outcome, record.reason) == ("rejected", "not_member")
    assert reason_in(the_answer(member.email)) == (
        "Only members of Community Health Workers can post there. Join the community on the "
        "website first: https://baraza.example.org/en/communities/chw/"
    )


@pytest.mark.parametrize(
    ("action", "reason", "text"),
    [
        ("lock", "locked", "This topic is locked: it accepts no new replies."),
        ("close", "closed", "This topic was closed with a summary: it accepts no new replies."),
    ],
)
def test_a_locked_or_closed_topic_takes_no_email_replies(
    member, topic, starter, action, reason, text
):
    if action == "close":
        discussion_services.close_topic(actor=starter, topic=topic, summary="Done.")
    else:
        discussion_services.moderate_topic(actor=starter, topic=topic, action=action)
    record = inbound.receive(message(sender=member.email, to=reply_address(member, topic)))
    assert (record.outcome, record.reason) == ("rejected", reason)
    assert reason_in(the_answer(member.email)).startswith(text)
    assert topic.posts.count() == 1


def test_the_answer_is_in_the_members_language(member, topic):
    member.language = "fr"
    member.save(update_fields=["language"])
    files = tuple((f"note{n}.pdf", PDF, "application", "pdf") for n in range(6))
    inbound.receive(message(sender=member.email, to=reply_address(member, topic), files=files))
    answer = the_answer(member.email)
    assert reason_in(answer) == "Vous pouvez joindre au plus 5 fichiers à un message."
    with translation.override("fr"):
        assert answer.subject == gettext("Your message was not posted: %(subject)s") % {
            "subject": "Re: [Community Health Workers] Paying CHWs"
        }
    assert "-" * 60 not in answer.body  # one language only


# --- What is kept of the text -------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        # Gmail and Apple Mail, in English and in French.
        "Pay them monthly.\n\nOn Tue, 4 Mar 2025, 09:12 Baraza <noreply@baraza.test> wrote:\n"
        "> Write your reply above this line to post it in the discussion.\n> How?\n",
        "Pay them monthly.\n\nLe mar. 4 mars 2025 à 09:12, Baraza <noreply@baraza.test> a "
        "écrit :\n> Write your reply above this line to post it in the discussion.\n> How?\n",
        # Outlook: the marker, not quoted, under a header block.
        "Pay them monthly.\n\n________________________________\nFrom: Baraza\nSent: Tuesday\n"
        "To: Aminata\nSubject: Paying CHWs\n\nWrite your reply above this line to post it in "
        "the discussion.\n\nHow?\n",
        # A client that wrapped the quoted marker.
        "Pay them monthly.\n\n> Write your reply above this line to post\n> it in the "
        "discussion.\n> How?\n",
        # Signatures and phones.
        "Pay them monthly.\n\nBest regards,\nAminata\nCHW coordinator\n",
        "Pay them monthly.\n\nCordialement,\nAminata\n",
        "Pay them monthly.\n-- \nAminata Member\nCHW coordinator, Thiès\n",
        "Pay them monthly.\n\nSent from my iPhone\n",
        "Pay them monthly.\n\nEnvoyé de mon iPhone\n",
        "Pay them monthly.\n\nEnvoyé depuis mon smartphone Samsung Galaxy.\n",
        "Pay them monthly.\n\nGet Outlook for Android\n",
        # Quoted text at the bottom, without a header line.
        "Pay them monthly.\n\n> How?\n> Tell us.\n",
    ],
)
def test_quotes_signatures_and_phone_lines_are_left_out(member, topic, written):
    inbound.receive(message(sender=member.email, to=reply_address(member, topic), body=written))
    assert Post.objects.get(number=2).body == "Pay them monthly."


def test_markdown_lists_quotes_and_code_in_the_reply_are_kept(member, topic):
    written = (
        "Three things:\n\n- pay on time\n- pay enough\n\n> A quote we discuss\n\nAnd:\n\n"
        "    indented code\n\nThanks,\nAminata" + QUOTED_NOTIFICATION
    )
    inbound.receive(message(sender=member.email, to=reply_address(member, topic), body=written))
    assert Post.objects.get(number=2).body == (
        "Three things:\n\n- pay on time\n- pay enough\n\n> A quote we discuss\n\nAnd:\n\n"
        "    indented code"
    )


def test_html_only_mail_becomes_markdown_without_scripts(member, topic, member_client):
    html = (
        "<html><head><style>p { color: red }</style><script>alert('head')</script></head>"
        "<body><p>We pay <b>monthly</b>, see <a href='https://who.int/chw'>WHO</a>.</p>"
        "<script>alert('body')</script><img src='cid:logo' alt='logo'>"
        "<ul><li>on time</li><li>enough</li></ul></body></html>"
    )
    raw = message(sender=member.email, to=reply_address(member, topic), body=None, html=html)
    assert inbound.receive(raw).outcome == "posted"
    post = Post.objects.get(number=2)
    assert post.body == (
        "We pay **monthly** , see [WHO](https://who.int/chw).\n\n  * on time\n  * enough"
    )
    page = member_client.get(f"/en/t/{topic.pk}/").content.decode()
    assert "<strong>monthly</strong>" in page
    assert "alert(" not in page


def test_the_plain_text_part_is_preferred_to_the_html_one(member, topic):
    raw = message(
        sender=member.email,
        to=reply_address(member, topic),
        body="The plain words.",
        html="<p>The <i>HTML</i> words.</p>",
    )
    inbound.receive(raw)
    assert Post.objects.get(number=2).body == "The plain words."


def test_a_windows_1252_body_is_read_in_its_charset(member, topic):
    raw = (
        f"From: {member.email}\r\nTo: {reply_address(member, topic)}\r\n"
        "Subject: =?windows-1252?q?R=E9ponse?=\r\nMessage-ID: <cp1252@example.org>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=windows-1252\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n"
    ).encode() + "Payés à temps – 5 000 FCFA “net”.\r\n".encode("windows-1252")
    record = inbound.receive(raw)
    assert record.subject == "Réponse"
    assert Post.objects.get(number=2).body == "Payés à temps – 5 000 FCFA “net”."


@pytest.mark.parametrize(
    "encoded",
    [
        "Payés à temps.".encode(),  # UTF-8 under a charset nobody knows
        "Payés à temps.".encode("windows-1252"),  # or Windows-1252
    ],
)
def test_an_unknown_charset_is_read_as_utf8_or_windows_1252(member, topic, encoded):
    raw = (
        f"From: {member.email}\r\nTo: {reply_address(member, topic)}\r\nSubject: Re\r\n"
        "Content-Type: text/plain; charset=x-unheard-of\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n"
    ).encode() + encoded
    assert inbound.receive(raw).outcome == "posted"
    assert Post.objects.get(number=2).body == "Payés à temps."


@pytest.mark.parametrize(
    ("raw", "outcome", "reason"),
    [
        (b"", "ignored", "no_sender"),
        (b"\x00\xff\xfe garbage \x00\r\n\r\n\x00", "ignored", "no_sender"),
        (b"From: <<<>>>\r\nSubject: =?utf-8?q?broken\r\n\r\nHi", "ignored", "no_sender"),
        (
            b"From: a@example.org\r\nTo: chw@baraza.test\r\nSubject: Hi\r\n"
            b"Content-Type: multipart/mixed\r\n\r\nno boundary at all\r\n",
            "rejected",
            "unknown_sender",
        ),
    ],
)
def test_broken_messages_are_recorded_without_a_crash(community, raw, outcome, reason):
    record = inbound.receive(raw)
    assert (record.outcome, record.reason) == (outcome, reason)
    assert InboundMessage.objects.get().pk == record.pk


def test_broken_mime_from_a_member_posts_what_can_be_read(member, topic):
    address = reply_address(member, topic)
    raw = (
        f"From: {member.email}\r\nTo: {address}\r\nSubject: Re\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n'
        "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nStill readable.\r\n"
        "--b1\r\nContent-Type: application/pdf; name=x.pdf\r\n"
        "Content-Disposition: attachment; filename=x.pdf\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n%%%not base64%%%\r\n"
        # ...and the closing boundary never comes.
    ).encode()
    record = inbound.receive(raw)
    assert (record.outcome, record.reason) == ("rejected", "attachment")
    assert reason_in(the_answer(member.email)) == (
        "“x.pdf” is not a file type we accept. Accepted: Excel, GIF, JPEG, Office 97–2003, "
        "OpenDocument, PDF, PNG, PowerPoint, WebP, Word."
    )


def test_a_missing_body_or_one_that_is_only_quotes_is_refused(member, topic):
    raw = message(sender=member.email, to=reply_address(member, topic), body=QUOTED_NOTIFICATION)
    record = inbound.receive(raw)
    assert (record.outcome, record.reason) == ("rejected", "empty")
    assert reason_in(the_answer(member.email)) == (
        "We found nothing to post in your email. Write your text at the top of the email, "
        "above any quoted message."
    )
    assert topic.posts.count() == 1


def test_a_text_longer_than_a_post_can_be_is_refused(member, topic):
    raw = message(sender=member.email, to=reply_address(member, topic), body="word " * 4001)
    assert inbound.receive(raw).reason == "too_long"
    assert reason_in(the_answer(member.email)) == (
        "Your text is 20004 characters long; a post can be at most 20000."
    )


# --- Attachments --------------------------------------------------------------------------------


def test_attachments_are_posted_with_the_reply(member, topic):
    raw = message(
        sender=member.email,
        to=reply_address(member, topic),
        body="The pay grid is attached.",
        files=[("Pay grid.pdf", PDF, "application", "pdf")],
    )
    assert inbound.receive(raw).outcome == "posted"
    (attachment,) = Attachment.objects.all()
    assert (attachment.post.number, attachment.name, attachment.kind, attachment.size) == (
        2,
        "Pay grid.pdf",
        "pdf",
        len(PDF),
    )


@pytest.mark.parametrize(
    ("name", "data", "text"),
    [
        (
            "setup.exe",
            EXE,
            "“setup.exe” is not a file type we accept. Accepted: Excel, GIF, JPEG, "
            "Office 97–2003, OpenDocument, PDF, PNG, PowerPoint, WebP, Word.",
        ),
        ("photo.jpg", PDF, "“photo.jpg” is not what its name says. Please check the file."),
        (
            "big.pdf",
            PDF + b"0" * (1024 * 1024 + 200_000),
            "“big.pdf” is 1.2 MB; files can be at most 1.0 MB.",
        ),
    ],
)
def test_a_refused_attachment_posts_nothing_and_leaves_no_file(
    member, topic, settings, name, data, text
):
    settings.BARAZA_MAX_UPLOAD_MB = 1
    raw = message(
        sender=member.email,
        to=reply_address(member, topic),
        files=[("fine.pdf", PDF, "application", "pdf"), (name, data, "application", "x-any")],
    )
    record = inbound.receive(raw)
    assert (record.outcome, record.reason) == ("rejected", "attachment")
    assert reason_in(the_answer(member.email)) == text
    assert (topic.posts.count(), Attachment.objects.count()) == (1, 0)
    media = settings.MEDIA_ROOT
    assert not media.exists() or [p for p in media.rglob("*") if p.is_file()] == []


def test_the_file_check_speaks_french_to_a_french_member(member, topic):
    member.language = "fr"
    member.save(update_fields=["language"])
    raw = message(
        sender=member.email,
        to=reply_address(member, topic),
        files=[("setup.exe", EXE, "application", "octet-stream")],
    )
    inbound.receive(raw)
    assert reason_in(the_answer(member.email)).startswith(
        "« setup.exe » n’est pas un type de fichier accepté."
    )


def test_too_many_attachments_are_refused(member, topic):
    files = tuple((f"note{n}.pdf", PDF, "application", "pdf") for n in range(6))
    raw = message(sender=member.email, to=reply_address(member, topic), files=files)
    assert inbound.receive(raw).reason == "too_many_files"
    assert reason_in(the_answer(member.email)) == "You can attach at most 5 files to a post."
    assert Attachment.objects.count() == 0


def test_a_message_over_the_size_limit_is_refused(member, topic, settings):
    settings.BARAZA_MAIL_MAX_MB = 1
    raw = message(
        sender=member.email,
        to=reply_address(member, topic),
        files=[("big.pdf", PDF + b"0" * (1024 * 1024), "application", "pdf")],
    )
    assert inbound.receive(raw).reason == "too_big"
    assert reason_in(the_answer(member.email)).endswith(
        "emails can be at most 1.0 MB, attachments included."
    )
    assert topic.posts.count() == 1


# --- New topics ---------------------------------------------------------------------------------


def test_a_member_starts_a_topic_by_writing_to_the_communitys_address(member, community):
    raw = message(
        sender=member.email,
        to="Community Health Workers <chw@baraza.test>",
        subject="Fwd: RE : TR:  Paying   CHWs on time",
        body="Here is our experience in Thiès.\n\nSent from my iPhone",
        files=[("report.pdf", PDF, "application", "pdf")],
    )
    record = inbound.receive(raw)
    topic = Topic.objects.get(title="Paying CHWs on time")
    post = topic.posts.get()
    assert (topic.community, topic.author, topic.language) == (community, member, "en")
    assert (post.body, post.via, record.post) == ("Here is our experience in Thiès.", "email", post)
    assert [a.name for a in post.attachments.all()] == ["report.pdf"]
    assert mail.outbox == []


def test_a_long_subject_is_cut_to_a_title(member, community):
    subject = "Payment " * 40
    inbound.receive(message(sender=member.email, to="chw@baraza.test", subject=subject))
    title = Topic.objects.get().title
    assert (len(title), title[-1]) == (200, "…")


@pytest.mark.parametrize("subject", ["", "Re:", "  Fwd:  "])
def test_a_new_topic_needs_a_subject(member, community, subject):
    record = inbound.receive(message(sender=member.email, to="chw@baraza.test", subject=subject))
    assert (record.outcome, record.reason) == ("rejected", "no_subject")
    answer = the_answer(member.email)
    assert reason_in(answer) == (
        "Your email has no subject. Write the title of your new topic as the subject, then "
        "send your email again."
    )
    assert Topic.objects.count() == 0


def test_only_members_start_topics_by_email(community):
    outsider = MemberFactory(display_name="Olu Outsider")
    record = inbound.receive(message(sender=outsider.email, to="chw@baraza.test", subject="Hi"))
    assert (record.outcome, record.reason) == ("rejected", "not_member")
    assert reason_in(the_answer(outsider.email)) == (
        "Only members of Community Health Workers can post there. Join the community on the "
        "website first: https://baraza.example.org/en/communities/chw/"
    )
    assert Topic.objects.count() == 0


def test_a_stranger_is_answered_in_english_and_french(community):
    raw = message(sender="stranger@example.net", to="chw@baraza.test", subject="Hello")
    record = inbound.receive(raw)
    assert (record.outcome, record.reason) == ("rejected", "unknown_sender")
    answer = the_answer("stranger@example.net")
    english, french = answer.body.split("\n\n" + "-" * 60 + "\n\n")
    assert reason_in(answer) == (
        "Only members can post by email, from the address of their account, and no member "
        "uses stranger@example.net. Sign up, or add this address to your account, on the "
        "website: https://baraza.example.org/en/"
    )
    with translation.override("fr"):
        assert french.startswith(gettext("Hello,") + "\n\n")
        assert "https://baraza.example.org/fr/" in french
        assert answer.subject == (
            f"Your message was not posted / {gettext('Your message was not posted')}: Hello"
        )
    assert english.startswith("Hello,\n\n")


@pytest.mark.parametrize("to", ["nowhere@baraza.test", "secret@baraza.test"])
def test_an_unknown_or_private_community_is_no_such_address(member, to):
    CommunityFactory(slug="secret", visibility="private")
    record = inbound.receive(message(sender=member.email, to=to, subject="Hi"))
    assert (record.outcome, record.reason) == ("rejected", "no_such_address")
    assert reason_in(the_answer(member.email)) == (
        f"There is no community at {to}. Each community's page on the website gives the "
        "address to write to: https://baraza.example.org/en/"
    )


# --- Duplicates, robots and floods --------------------------------------------------------------


def test_a_message_delivered_twice_posts_once(member, topic):
    raw = message(sender=member.email, to=reply_address(member, topic), message_id="<a@b.c>")
    first, second = inbound.receive(raw), inbound.receive(raw)
    assert (first.pk, first.message_id) == (second.pk, "<a@b.c>")
    assert topic.posts.count() == 2


def test_a_rejected_message_delivered_twice_is_answered_once(member):
    raw = message(sender=member.email, to="nowhere@baraza.test", message_id="<a@b.c>")
    inbound.receive(raw)
    inbound.receive(raw)
    assert len(mail.outbox) == 1
    assert InboundMessage.objects.count() == 1


def test_a_message_without_message_id_is_known_by_its_bytes(member, topic):
    raw = message(sender=member.email, to=reply_address(member, topic), message_id=None)
    first, second = inbound.receive(raw), inbound.receive(raw)
    assert first.pk == second.pk
    assert first.message_id.startswith("sha256:")
    assert topic.posts.count() == 2


def test_the_answer_to_a_message_without_message_id_threads_on_nothing(member):
    inbound.receive(message(sender=member.email, to="nowhere@baraza.test", message_id=None))
    headers = the_answer(member.email).extra_headers
    assert ("In-Reply-To" in headers, "References" in headers) == (False, False)


@pytest.mark.django_db(transaction=True)
def test_two_deliveries_at_the_same_time_post_once():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's in-memory test database lets only one thread write at a time")
    author = MemberFactory()
    community = CommunityFactory(slug="chw", members=[author])
    topic = discussion_services.start_topic(
        author=author, community=community, title="T", body="First.", language="en"
    )
    raw = message(sender=author.email, to=reply_address(author, topic), message_id="<race@x.y>")
    start = threading.Barrier(4)

    def deliver():
        start.wait()
        try:
            return inbound.receive(raw)
        finally:
            connection.close()

    with ThreadPoolExecutor(4) as pool:
        records = list(pool.map(lambda _n: deliver(), range(4)))
    assert {(r.pk, r.outcome) for r in records} == {(InboundMessage.objects.get().pk, "posted")}
    assert topic.posts.count() == 2


def test_an_unexpected_error_is_logged_and_recorded(member, monkeypatch, caplog):
    def broken(incoming):
        raise RuntimeError("a bug")

    # The one stand-in of this file: no input is known to break receive, so a bug is made up.
    monkeypatch.setattr(inbound, "automatic", broken)
    monkeypatch.setattr(logging.getLogger("baraza"), "propagate", True)
    raw = message(sender=member.email, to="chw@baraza.test", message_id="<bug@x.y>")
    record = inbound.receive(raw)
    assert (record.message_id, record.outcome, record.reason) == ("<bug@x.y>", "ignored", "error")
    assert InboundMessage.objects.get().pk == record.pk
    # A record can reach pytest's handler twice (see ``request_log`` in conftest.py).
    logged = dict.fromkeys(r for r in caplog.records if r.name == "baraza.mail")
    assert [r.getMessage() for r in logged] == ["inbound email not handled"]
    assert mail.outbox == []


def test_no_damaged_message_makes_receive_raise(member, topic):
    """Messages damaged at random (as a bad relay might) are all recorded, none raises."""
    raw = message(
        sender=f"Aminata =?utf-8?q?Memb=C3=A9r?= <{member.email}>",
        to=reply_address(member, topic),
        body="Réponse: voir la pièce jointe.\n\n> cité",
        html="<p>Réponse <b>riche</b></p>",
        files=[("note.pdf", PDF, "application", "pdf")],
        message_id=None,
    )
    chance = random.Random(20251122)  # noqa: S311  (reproducible damage, not secrets)
    for _n in range(150):
        damaged = bytearray(raw)
        for _cut in range(chance.randint(1, 20)):
            position = chance.randrange(len(damaged))
            damaged[position : position + chance.randint(1, 30)] = chance.randbytes(
                chance.randint(0, 5)
            )
        record = inbound.receive(bytes(damaged))
        assert isinstance(record, InboundMessage) and record.pk is not None
        assert record.reason != "error"


@pytest.mark.parametrize(
    ("headers", "sender", "reason"),
    [
        ({"Auto-Submitted": "auto-replied"}, "someone@example.net", "auto_reply"),
        ({"Auto-Submitted": "auto-generated; owner=x"}, "someone@example.net", "auto_reply"),
        ({"X-Autoreply": "yes"}, "someone@example.net", "auto_reply"),
        ({"X-Autorespond": "Out of office"}, "someone@example.net", "auto_reply"),
        ({"Precedence": "bulk"}, "someone@example.net", "auto_reply"),
        ({"Precedence": "junk"}, "someone@example.net", "auto_reply"),
        ({"Precedence": "list"}, "someone@example.net", "auto_reply"),
        ({"Precedence": "auto_reply"}, "someone@example.net", "auto_reply"),
        ({"Return-Path": "<>"}, "someone@example.net", "bounce"),
        ({}, "MAILER-DAEMON@mx.example.net", "bounce"),
        ({}, "postmaster@example.net", "bounce"),
        ({}, "noreply@baraza.test", "loop"),
        ({}, "reply+abc@baraza.test", "loop"),
        ({}, "webmaster@localhost", "loop"),  # DEFAULT_FROM_EMAIL
    ],
)
def test_robots_are_ignored_and_never_answered(community, settings, headers, sender, reason):
    settings.DEFAULT_FROM_EMAIL = "Baraza <webmaster@localhost>"
    raw = message(sender=sender, to="nowhere@baraza.test", headers=headers)
    record = inbound.receive(raw)
    assert (record.outcome, record.reason) == ("ignored", reason)
    assert mail.outbox == []


def test_a_delivery_report_is_ignored(member):
    report = (
        "From: Mail Delivery System <bounces@mx.example.net>\r\n"
        f"To: {member.email}\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="r"\r\n\r\n'
        "--r\r\nContent-Type: text/plain\r\n\r\nThis is the mail system.\r\n"
        "--r\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.net\r\n\r\nFinal-Recipient: rfc822; x@y.z\r\n"
        "--r--\r\n"
    ).encode()
    record = inbound.receive(report, recipients=["chw@baraza.test"])
    assert (record.outcome, record.reason) == ("ignored", "bounce")
    assert mail.outbox == []


def test_auto_submitted_no_is_a_person_writing(member):
    raw = message(sender=member.email, to="nowhere@baraza.test", headers={"Auto-Submitted": "no"})
    assert inbound.receive(raw).outcome == "rejected"
    assert len(mail.outbox) == 1


def test_a_sender_gets_at_most_five_answers_an_hour(member):
    for _n in range(7):
        inbound.receive(message(sender=member.email, to="nowhere@baraza.test"))
    assert InboundMessage.objects.filter(outcome="rejected").count() == 7
    assert len(mail.outbox) == 5


def test_the_notification_marker_is_found_in_every_language(member, topic):
    markers = outbound.reply_markers()
    with translation.override("fr"):
        french = outbound.reply_marker()
    assert french in markers
    body = f"Réponse en français.\n\n> {french}\n> How?\n"
    inbound.receive(message(sender=member.email, to=reply_address(member, topic), body=body))
    assert Post.objects.get(number=2).body == "Réponse en français."


def test_titles_lose_reply_and_forward_prefixes():
    assert inbound.topic_title("RE : Fwd: TR:Re[2]: Paying\tCHWs ") == "Paying CHWs"
    assert inbound.topic_title("Réunion: ordre du jour") == "Réunion: ordre du jour"


def test_the_topic_page_shows_the_reply_came_by_email(member, topic):
    inbound.receive(message(sender=member.email, to=reply_address(member, topic), body="Yes."))
    client = Client()
    client.force_login(member)
    page = client.get(f"/en/t/{topic.pk}/").content.decode()
    assert page.count('<span class="tag">via email</span>') == 1
