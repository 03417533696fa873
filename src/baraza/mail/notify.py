"""Emailing posts as they happen, to the members who chose "every post", grouped per topic.

When a post is published, ``post_published`` records a ``PendingEmail`` for every member who
should hear of it at once, and queues ``tasks.send_topic`` a little later
(``BARAZA_MAIL_GROUP_SECONDS``). That task sends each member one email holding every post of
the topic still waiting for them, so ten quick replies make one email, not ten.
"""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.core.mail import get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from baraza.accounts.models import User
from baraza.communities.queries import ReadableCommunities
from baraza.core import tasks
from baraza.core.markdown import render, render_plain
from baraza.core.policies import can
from baraza.discussions.models import Delivery, Post, PostStatus
from baraza.discussions.services import mentioned_members
from baraza.mail import addresses, outbound
from baraza.mail.models import MailProfile, PendingEmail, Reason
from baraza.mail.queries import MANY, Subscriptions, profile_of

logger = logging.getLogger("baraza.mail")


def post_published(*, post: Post) -> None:
    """Record who should get ``post`` by email now, and queue the sending."""
    topic = post.topic
    new_topic = post.number == 1
    theme_ids = list(topic.themes.values_list("pk", flat=True)) if new_topic else []
    subscriptions = Subscriptions(
        topic_ids=[topic.pk], community_ids=[topic.community_id], theme_ids=theme_ids
    )
    reason = Reason.NEW_TOPIC if new_topic else Reason.REPLY
    wanted: dict[int, str] = {}
    for user_id in subscriptions.user_ids - {post.author_id}:
        delivery = subscriptions.delivery(
            user_id,
            topic_id=topic.pk,
            community_id=topic.community_id,
            theme_ids=theme_ids,
            new_topic=new_topic,
        )
        if delivery == Delivery.EVERY:
            wanted[user_id] = reason
    for member in mentioned_members(post.body, exclude=post.author):
        profile = subscriptions.profiles.get(member.pk) or profile_of(member)
        if profile.mentions and not profile.paused:
            wanted[member.pk] = Reason.MENTION
    if not wanted:
        return
    many = len(wanted) > MANY  # a big community: no huge "IN (...)" lists
    readable = ReadableCommunities(None if many else wanted)
    active_users = User.objects.filter(is_active=True)
    if not many:
        active_users = active_users.filter(pk__in=wanted)
    active = set(active_users.values_list("pk", flat=True))
    PendingEmail.objects.bulk_create(
        [
            PendingEmail(user_id=user_id, topic=topic, post=post, reason=why)
            for user_id, why in wanted.items()
            if user_id in active and readable.can_read(user_id, topic.community_id)
        ],
        ignore_conflicts=True,
    )
    from baraza.mail.tasks import send_topic

    tasks.enqueue(send_topic, topic.pk, countdown=settings.BARAZA_MAIL_GROUP_SECONDS)


def send_topic(topic_id: int) -> int:
    """Send every member the posts of one topic still waiting for them; returns the number
    of emails sent. Rows are claimed with one UPDATE, so two runs never send the same post."""
    batch = uuid.uuid4().hex
    claimed = PendingEmail.objects.filter(topic_id=topic_id, sent_at=None, batch="").update(
        batch=batch
    )
    if not claimed:
        return 0
    rows = list(
        PendingEmail.objects.filter(batch=batch)
        .select_related("user", "post", "post__author", "topic", "topic__community")
        .order_by("user_id", "post__number")
    )
    by_user: dict[int, list[PendingEmail]] = {}
    for row in rows:
        by_user.setdefault(row.user_id, []).append(row)
    # Reply keys of members who changed them (the others have the default, "").
    reply_keys = dict(
        MailProfile.objects.filter(user_id__in=by_user).values_list("user_id", "reply_key")
    )

    sent = 0
    connection = get_connection()
    try:
        for user_rows in by_user.values():
            user = user_rows[0].user
            posts = [row for row in user_rows if _still_readable(user, row.post)]
            if not posts or not user.is_active:
                _finish(user_rows, dropped=True)
                continue
            message = _message(user, posts, reply_keys.get(user.pk, ""), connection)
            try:
                message.send()
            except OSError:
                logger.exception("notification not sent", extra={"topic": topic_id})
                # Give the rows back: the next run (or the periodic sweep) tries again.
                PendingEmail.objects.filter(pk__in=[r.pk for r in user_rows]).update(batch="")
                continue
            _finish(user_rows, dropped=False, kept={r.pk for r in posts})
            sent += 1
    finally:
        connection.close()
    return sent


def _still_readable(user, post: Post) -> bool:
    return (
        post.status == PostStatus.PUBLISHED
        and not post.is_hidden
        and not post.topic.is_hidden
        and can(user, "read", post)
    )


def _finish(rows: list[PendingEmail], *, dropped: bool, kept: set[int] = frozenset()) -> None:
    """Mark the rows done: the ``kept`` ones as sent, the others as dropped."""
    now = timezone.now()
    ids = {row.pk for row in rows}
    kept = set() if dropped else kept & ids
    if kept:
        PendingEmail.objects.filter(pk__in=kept).update(sent_at=now, dropped=False)
    if ids - kept:
        PendingEmail.objects.filter(pk__in=ids - kept).update(sent_at=now, dropped=True)


def _message(user, rows: list[PendingEmail], reply_key: str, connection):
    topic = rows[0].topic
    posts = [row.post for row in rows]
    with (
        translation.override(user.language or settings.LANGUAGE_CODE),
        timezone.override(user.timezone or "UTC"),
    ):
        mentioned = any(row.reason == Reason.MENTION for row in rows)
        scope = "mentions" if all(r.reason == Reason.MENTION for r in rows) else f"t{topic.pk}"
        if all(r.reason == Reason.NEW_TOPIC for r in rows):
            scope = f"c{topic.community_id}"
        context = {
            "site_name": settings.SITE_NAME,
            "member": user,
            "topic": topic,
            "community": topic.community,
            "items": [
                {
                    "post": post,
                    "text": render_plain(post.body),
                    "html": render(post.body),
                    "url": outbound.absolute(
                        reverse("discussions:post", args=[topic.pk, post.number])
                    ),
                }
                for post in posts
            ],
            "mentioned": mentioned,
            "reasons": {row.reason for row in rows},
            "marker": outbound.reply_marker(),
            "topic_url": outbound.absolute(reverse("discussions:topic", args=[topic.pk])),
            "settings_url": outbound.absolute(reverse("mail:settings")),
            "community_address": addresses.community_address(topic.community.slug),
            "unsubscribe_url": outbound.unsubscribe_url(user.pk, scope),
            "scope": scope,
        }
        text = render_to_string("mail/topic_email.txt", context)
        html = render_to_string("mail/topic_email.html", context)
        subject = topic.title if posts[0].number == 1 else f"Re: {topic.title}"
    last = posts[-1]
    return outbound.build(
        to=user.email,
        subject=f"[{topic.community.name}] {subject}",
        text=text,
        html=html,
        unsubscribe=context["unsubscribe_url"],
        sender_name=last.author.public_name if last.author else "",
        reply_to=addresses.reply_address(user.pk, topic.pk, reply_key),
        message_id=outbound.post_message_id(last.pk, user.pk),
        thread=outbound.topic_message_id(topic.pk),
        list_id=topic.community.slug,
        connection=connection,
    )


def send_all_pending(*, older_than: int | None = None) -> int:
    """Send what is still waiting in every topic (a worker lost its task, or it failed)."""
    cutoff = timezone.now() - timezone.timedelta(
        seconds=settings.BARAZA_MAIL_GROUP_SECONDS if older_than is None else older_than
    )
    topic_ids = set(
        PendingEmail.objects.filter(sent_at=None, created_at__lte=cutoff).values_list(
            "topic_id", flat=True
        )
    )
    # Rows claimed by a run that died long ago are given back first.
    PendingEmail.objects.filter(
        sent_at=None, created_at__lte=cutoff - timezone.timedelta(hours=1)
    ).exclude(batch="").update(batch="")
    return sum(send_topic(topic_id) for topic_id in sorted(topic_ids))
