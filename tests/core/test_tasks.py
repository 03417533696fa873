"""Background work without Celery: tasks in a thread of the web process, and the periodic
schedule (digests, leftover notifications) run by each web process."""

from __future__ import annotations

import pytest
from django.core import mail

from baraza.core import tasks
from baraza.discussions import services
from tests.factories import CommunityFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_the_schedule_runs_each_periodic_task_when_its_interval_has_passed(settings):
    settings.CELERY_BEAT_SCHEDULE = {
        "sweep": {"task": "baraza.mail.tasks.send_all_pending", "schedule": 300},
    }
    last_run: dict = {}
    assert tasks.run_due(last_run, now=1000.0) == ["baraza.mail.tasks.send_all_pending"]
    assert tasks.run_due(last_run, now=1299.0) == []
    assert tasks.run_due(last_run, now=1300.0) == ["baraza.mail.tasks.send_all_pending"]


def test_the_schedule_sends_notifications_left_waiting(settings):
    """A notification whose own task was lost (the process restarted) goes out on the next
    periodic sweep."""
    reader, author = MemberFactory(), MemberFactory()
    community = CommunityFactory(members=[reader, author])
    topic = services.start_topic(
        author=author, community=community, title="Sweep", body="b", language="en"
    )
    services.follow(user=reader, topic=topic)
    services.post_reply(topic=topic, author=author, body="Waiting.", language="en")
    assert mail.outbox == []  # queued on commit, which never comes in this test
    settings.BARAZA_MAIL_GROUP_SECONDS = 0
    settings.CELERY_BEAT_SCHEDULE = {
        "sweep": {"task": "baraza.mail.tasks.send_all_pending", "schedule": 300},
    }
    tasks.run_due({}, now=0.0)
    [message] = mail.outbox
    assert message.to == [reader.email]
    assert "Waiting." in message.body


def test_the_default_schedule_names_only_real_tasks(settings):
    names = {task.name for task, _args, _interval in tasks._periodic_tasks()}
    assert names == {
        "baraza.mail.tasks.send_due_digests",
        "baraza.mail.tasks.send_all_pending",
    }
