"""How a mail server hands Baraza its email: piped into ``baraza mail-in``, or over SMTP to
``baraza smtpd``."""

from __future__ import annotations

import io
import os
import signal
import smtplib
import subprocess
import sys

import pytest
from django.core import mail
from django.core.management import call_command

from baraza.discussions import services as discussion_services
from baraza.discussions.models import Post
from baraza.mail.management.commands.smtpd import listener
from baraza.mail.models import InboundMessage
from tests.factories import CommunityFactory, MemberFactory
from tests.mail.test_inbound import message, reply_address
from tests.smtp import free_port

ENV_KEPT_OUT = {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "SITE_URL", "DJANGO_SETTINGS_MODULE"}


@pytest.fixture
def topic(member):
    community = CommunityFactory(slug="chw", members=[member])
    return discussion_services.start_topic(
        author=community.memberships.exclude(user=member).get().user,
        community=community,
        title="Paying CHWs",
        body="How?",
        language="en",
    )


def mail_in(raw: bytes, *recipients: str) -> str:
    """Run ``baraza mail-in`` in this process, the message coming through a real pipe."""
    read_end, write_end = os.pipe()
    with os.fdopen(write_end, "wb") as writer:
        writer.write(raw)
    out = io.StringIO()
    with os.fdopen(read_end, "rb") as reader:
        arguments = [f"--recipient={address}" for address in recipients]
        call_command("mail_in", *arguments, stdin=reader, stdout=out)
    return out.getvalue()


# --- baraza mail-in ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_mail_in_posts_a_reply_piped_by_the_mail_server(member, topic):
    raw = message(sender=member.email, to="undisclosed-recipients:;", body="Monthly.")
    assert mail_in(raw, reply_address(member, topic)) == "posted\n"
    assert Post.objects.get(number=2).body == "Monthly."


@pytest.mark.django_db
def test_mail_in_says_what_became_of_a_message_it_did_not_post(member):
    rejected = message(sender=member.email, to="nowhere@baraza.test")
    ignored = message(sender=member.email, to="x@baraza.test", headers={"X-Autoreply": "yes"})
    assert mail_in(rejected) == "rejected no_such_address\n"
    assert mail_in(ignored) == "ignored auto_reply\n"
    assert mail_in(rejected) == "rejected no_such_address\n"  # the same message again
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_mail_in_reads_binary_standard_input(member, topic):
    raw = message(sender=member.email, to=reply_address(member, topic), body="Très bien.")
    out = io.StringIO()
    call_command("mail_in", stdin=io.BytesIO(raw), stdout=out)
    assert out.getvalue() == "posted\n"
    assert Post.objects.get(number=2).body == "Très bien."


def _baraza(*args: str, data_dir, stdin: bytes = b"", env=None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ENV_KEPT_OUT}
    environment.update(BARAZA_DATA_DIR=str(data_dir), BARAZA_MAIL_DOMAIN="baraza.test")
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "baraza.cli", *args],
        input=stdin,
        env=environment,
        capture_output=True,
        timeout=120,
        check=False,
    )


def sent_files(data_dir) -> set:
    """The emails the file backend wrote (``EMAIL_BACKEND`` is "file" without ``EMAIL_HOST``)."""
    folder = data_dir / "mail"
    return set(folder.iterdir()) if folder.exists() else set()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """A data folder with a migrated SQLite database, as after ``baraza migrate``."""
    folder = tmp_path_factory.mktemp("baraza-data")
    result = _baraza("migrate", "--verbosity=0", data_dir=folder)
    assert result.returncode == 0, result.stderr.decode()
    return folder


def test_the_mail_in_command_answers_a_stranger_and_exits_0(data_dir):
    raw = message(sender="stranger@example.net", to="chw@baraza.test", subject="Hello")
    before = sent_files(data_dir)
    result = _baraza("mail-in", "--recipient", "nowhere@baraza.test", data_dir=data_dir, stdin=raw)
    assert (result.returncode, result.stdout) == (0, b"rejected no_such_address\n")
    (sent,) = sent_files(data_dir) - before
    answer = sent.read_text()
    assert "To: stranger@example.net" in answer
    assert "Auto-Submitted: auto-replied" in answer
    assert "There is no community at nowhere@baraza.test." in answer


def test_the_mail_in_command_asks_to_try_again_when_the_database_is_down(tmp_path):
    raw = message(sender="someone@example.net", to="chw@baraza.test")
    down = {"DATABASE_URL": f"postgres://postgres@127.0.0.1:{free_port()}/baraza"}
    result = _baraza("mail-in", data_dir=tmp_path, stdin=raw, env=down)
    assert result.returncode == 75  # EX_TEMPFAIL: the mail server keeps the message
    assert b"the database can't be reached" in result.stderr


# --- baraza smtpd -----------------------------------------------------------------------------


@pytest.fixture
def smtp_listener():
    controller = listener("127.0.0.1", free_port())
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


@pytest.mark.django_db(transaction=True)
def test_a_reply_over_smtp_is_posted(smtp_listener):
    member = MemberFactory()
    community = CommunityFactory(slug="chw", members=[member])
    topic = discussion_services.start_topic(
        author=member, community=community, title="T", body="First.", language="en"
    )
    raw = message(sender=member.email, to="Undisclosed recipients:;", body="By SMTP.")
    with smtplib.SMTP(smtp_listener.hostname, smtp_listener.port) as client:
        refused = client.sendmail(member.email, [reply_address(member, topic)], raw)
    assert refused == {}
    assert Post.objects.get(topic=topic, number=2).body == "By SMTP."
    assert InboundMessage.objects.get().recipient == reply_address(member, topic)


@pytest.mark.django_db(transaction=True)
def test_smtp_refuses_other_domains_and_ignores_bounces(smtp_listener):
    with smtplib.SMTP(smtp_listener.hostname, smtp_listener.port) as client:
        with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
            client.sendmail("a@example.net", ["someone@example.org"], b"Subject: x\r\n\r\nx")
        assert refused.value.recipients == {
            "someone@example.org": (550, b"5.1.1 <someone@example.org>: not accepted here")
        }
        client.rset()
        bounce = message(sender="someone@example.net", to="chw@baraza.test")
        assert client.docmd("MAIL FROM:<>")[0] == 250
        assert client.rcpt("chw@baraza.test")[0] == 250
        assert client.data(bounce) == (250, b"2.0.0 Message ignored")
    record = InboundMessage.objects.get()
    assert (record.outcome, record.reason) == ("ignored", "bounce")
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_smtp_refuses_messages_over_the_size_limit(settings):
    settings.BARAZA_MAIL_MAX_MB = 1
    controller = listener("127.0.0.1", free_port())
    controller.start()
    try:
        raw = message(
            sender="a@example.net",
            to="chw@baraza.test",
            files=[("big.pdf", b"%PDF-" + b"0" * 1024 * 1024, "application", "pdf")],
        )
        with (
            smtplib.SMTP(controller.hostname, controller.port) as client,
            pytest.raises(smtplib.SMTPSenderRefused) as refused,
        ):
            client.sendmail("a@example.net", ["chw@baraza.test"], raw)
        assert refused.value.smtp_code == 552
    finally:
        controller.stop()
    assert InboundMessage.objects.count() == 0


def test_the_smtpd_command_listens_until_it_is_stopped(data_dir):
    port = free_port()
    before = sent_files(data_dir)
    environment = {k: v for k, v in os.environ.items() if k not in ENV_KEPT_OUT}
    environment.update(BARAZA_DATA_DIR=str(data_dir), BARAZA_MAIL_DOMAIN="baraza.test")
    server = subprocess.Popen(
        [sys.executable, "-m", "baraza.cli", "smtpd", "--host", "127.0.0.1", "--port", str(port)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = server.stdout.readline()
        assert first == f"Receiving email for @baraza.test on 127.0.0.1:{port} (Ctrl-C to stop)\n"
        raw = message(sender="stranger@example.net", to="nowhere@baraza.test")
        with smtplib.SMTP("127.0.0.1", port) as client:
            assert client.sendmail("stranger@example.net", ["nowhere@baraza.test"], raw) == {}
        server.send_signal(signal.SIGTERM)
        out, err = server.communicate(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()
    assert (server.returncode, out) == (0, "Stopped.\n"), err
    (sent,) = sent_files(data_dir) - before
    assert "There is no community at nowhere@baraza.test." in sent.read_text()
