"""The background tasks of baraza.mail (see ``baraza.core.tasks`` for where they run)."""

from __future__ import annotations

from baraza.celery import app


@app.task(name="baraza.mail.tasks.send_topic")
def send_topic(topic_id: int) -> int:
    from baraza.mail import notify

    return notify.send_topic(topic_id)


@app.task(name="baraza.mail.tasks.send_all_pending")
def send_all_pending() -> int:
    from baraza.mail import notify

    return notify.send_all_pending()


@app.task(name="baraza.mail.tasks.send_due_digests")
def send_due_digests(frequency: str) -> int:
    from baraza.mail import digests

    return digests.send_digests(frequency, due_only=True).sent
