"""Background work on real Celery workers and the local Redis (the scale-out way of running
Baraza), end to end: a web request queues the email, a worker sends it over SMTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from urllib.parse import urlsplit

import pytest
from django.test import Client

from baraza.celery import app
from baraza.discussions import services
from tests.factories import CommunityFactory, MemberFactory
from tests.smtp import body_of

REDIS_URL = os.environ.get("BARAZA_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def _redis_or_skip() -> None:
    parts = urlsplit(REDIS_URL)
    try:
        socket.create_connection((parts.hostname, parts.port or 6379), timeout=2).close()
    except OSError:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs Redis at {REDIS_URL} for the Celery tests.")
        pytest.skip(f"no Redis at {REDIS_URL}")


@pytest.fixture
def celery_queue(settings):
    """Celery pointed at the local Redis, on a queue of this test's own."""
    _redis_or_skip()
    queue = f"baraza-test-{uuid.uuid4().hex}"
    saved = {key: app.conf[key] for key in ("broker_url", "task_default_queue")}
    app.conf.update(broker_url=REDIS_URL, task_default_queue=queue)
    settings.BARAZA_TASKS = "celery"
    try:
        yield queue
    finally:
        app.conf.update(saved)
        with app.connection_for_write() as connection:
            connection.default_channel.queue_delete(queue)


@pytest.mark.django_db(transaction=True)
def test_a_reply_is_emailed_by_a_celery_worker_through_redis(celery_queue, mailbox):
    from celery.contrib.testing.worker import start_worker

    reader = MemberFactory(display_name="Reader On Celery")
    author = MemberFactory(display_name="Author On The Web")
    community = CommunityFactory(members=[reader, author])
    topic = services.start_topic(
        author=author, community=community, title="Water points", body="Ideas?", language="en"
    )
    services.follow(user=reader, topic=topic)
    client = Client()
    client.force_login(author)

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
        response = client.post(
            f"/en/t/{topic.pk}/reply/",
            {"body": "Queued in Redis, sent by a worker.", "language": "en"},
        )
        assert response.status_code == 302
        message = mailbox.wait_for_message(reader.email, timeout=30)

    assert message["Subject"] == f"[{community.name}] Re: Water points"
    assert "Queued in Redis, sent by a worker." in body_of(message)


def test_baraza_worker_starts_workers_and_the_digest_beat(tmp_path, celery_queue):
    """``baraza worker`` in its own process: it answers a ping on the broker, and its beat
    writes its schedule (the digests) to the data folder."""
    env = {
        **os.environ,
        "BARAZA_DATA_DIR": str(tmp_path),
        "REDIS_URL": REDIS_URL,
        "BARAZA_TASK_QUEUE": celery_queue,
        "DATABASE_URL": "",
    }
    env.pop("DATABASE_URL")
    worker = subprocess.Popen(
        [sys.executable, "-m", "baraza.cli", "worker", "--pool", "solo", "--loglevel", "info"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        answered = []
        deadline = time.monotonic() + 60
        while not answered and time.monotonic() < deadline:
            answered = app.control.ping(timeout=1.0)
            assert worker.poll() is None, worker.stdout.read()
        assert answered, "the worker never answered a ping"
        schedule = tmp_path / "celerybeat-schedule"
        while not list(tmp_path.glob("celerybeat-schedule*")) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert list(tmp_path.glob("celerybeat-schedule*")), f"no beat schedule in {schedule}"
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
    assert "baraza.mail.tasks.send_due_digests" in output
    assert "beat: Starting" in output


def test_baraza_worker_says_what_it_needs_without_redis(tmp_path):
    env = {**os.environ, "BARAZA_DATA_DIR": str(tmp_path)}
    env.pop("REDIS_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "baraza.cli", "worker"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "baraza worker needs REDIS_URL" in done.stderr
