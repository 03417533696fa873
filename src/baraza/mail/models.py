"""What baraza.mail remembers: each member's email choices, the notifications waiting to be
emailed, the digests sent, and every message received (so a message delivered twice posts
once)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baraza.discussions.models import Delivery, Post, Topic

USER = settings.AUTH_USER_MODEL


def new_reply_key() -> str:
    return secrets.token_urlsafe(12)


class MailProfile(models.Model):
    """A member's email defaults. Members without a row have the defaults below."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="mail_profile")
    topic_delivery = models.CharField(
        _("topics I follow or take part in"),
        max_length=8,
        choices=Delivery.choices,
        default=Delivery.EVERY,
    )
    community_delivery = models.CharField(
        _("communities I belong to"),
        max_length=8,
        choices=Delivery.choices,
        default=Delivery.WEEKLY,
    )
    mentions = models.BooleanField(_("email me at once when someone mentions me"), default=True)
    paused = models.BooleanField(_("stop all notification email"), default=False)
    # Part of every reply address's signature: a new key revokes all the old addresses.
    # Empty until the member first revokes their addresses.
    reply_key = models.CharField(max_length=32, blank=True, default="")
    reply_key_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("email settings")
        verbose_name_plural = _("email settings")

    def __str__(self) -> str:
        return str(self.user)


class Reason(models.TextChoices):
    REPLY = "reply", _("a reply in a topic you follow")
    NEW_TOPIC = "new_topic", _("a new topic")
    MENTION = "mention", _("a mention")


class PendingEmail(models.Model):
    """A post to email to a member as it happens. Rows for one topic are sent together, one
    email per member, so a busy topic sends one message, not one per post."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=12, choices=Reason.choices)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # The run that claimed the row for sending (one UPDATE, so two runs never both send it).
    batch = models.CharField(max_length=32, blank=True, db_index=True)
    # Set when the post was not sent after all (hidden, or no longer readable by the member).
    dropped = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="pending_email_once_per_post")
        ]
        indexes = [models.Index(fields=["topic", "sent_at"], name="pending_email_topic_idx")]

    def __str__(self) -> str:
        return f"{self.post} → {self.user}"


class Frequency(models.TextChoices):
    DAILY = "daily", _("daily")
    WEEKLY = "weekly", _("weekly")


class Digest(models.Model):
    """One digest for one member and period. The unique constraint is what makes
    ``send-digests`` safe to run again: a period is claimed before its email is sent."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(max_length=8, choices=Frequency.choices)
    # The member's local date ("2026-11-22") or ISO week ("2026-W47").
    period = models.CharField(max_length=10)
    run = models.CharField(max_length=32, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    until = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    # What it held, by kind: {"post": [ids], "resource": [ids], "event": [ids], ...}.
    items = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "frequency", "period"], name="one_digest_per_period"
            )
        ]
        indexes = [
            models.Index(fields=["user", "until"], name="digest_user_until_idx"),
            # Each run reads the recent digests (windows, items already sent) ...
            models.Index(fields=["until"], name="digest_until_idx"),
            # ... and gives back claims left unsent by a run that died.
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="digest_unsent_claim_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.frequency} {self.period}"


class Outcome(models.TextChoices):
    POSTED = "posted", _("posted")
    REJECTED = "rejected", _("rejected")
    IGNORED = "ignored", _("ignored")


class InboundMessage(models.Model):
    """Every message received, by Message-ID: a second delivery of the same message is
    recognised and posts nothing."""

    message_id = models.CharField(max_length=255, unique=True)
    sender = models.CharField(max_length=254, blank=True)
    recipient = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=200, blank=True)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.CharField(max_length=40, blank=True)
    post = models.ForeignKey(Post, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = _("received message")
        verbose_name_plural = _("received messages")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.message_id} ({self.outcome})"
