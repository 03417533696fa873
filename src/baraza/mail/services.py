"""Every change to a member's email choices: from the settings page, the topic and community
pages, and one-click unsubscribe links."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from baraza.communities.models import Community
from baraza.discussions import services as discussion_services
from baraza.discussions.models import Delivery, Follow, Topic
from baraza.mail.models import MailProfile, new_reply_key
from baraza.taxonomy.models import Theme


def _profile(user) -> MailProfile:
    profile, _created = MailProfile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def update_settings(
    *, user, topic_delivery: str, community_delivery: str, mentions: bool, paused: bool
) -> MailProfile:
    profile = _profile(user)
    profile.topic_delivery = topic_delivery
    profile.community_delivery = community_delivery
    profile.mentions = mentions
    profile.paused = paused
    profile.full_clean(exclude=["user", "reply_key"])
    profile.save()
    return profile


def set_delivery(*, user, community=None, topic=None, theme=None, delivery: str) -> Follow:
    """How ``user`` hears about one community, topic or theme (following it if they did not)."""
    return discussion_services.follow(
        user=user, community=community, topic=topic, theme=theme, delivery=delivery
    )


@transaction.atomic
def revoke_reply_addresses(*, user) -> None:
    """Every reply address in the member's past emails stops working (a leaked email)."""
    profile = _profile(user)
    profile.reply_key = new_reply_key()
    profile.reply_key_changed_at = timezone.now()
    profile.save(update_fields=["reply_key", "reply_key_changed_at"])


@transaction.atomic
def unsubscribe(*, user, scope: str) -> str:
    """Apply a one-click unsubscribe link; returns what was stopped, for the page to say."""
    kind, number = scope[:1], scope[1:]
    if scope == "all":
        profile = _profile(user)
        profile.paused = True
        profile.save(update_fields=["paused"])
        return "all"
    if scope == "mentions":
        profile = _profile(user)
        profile.mentions = False
        profile.save(update_fields=["mentions"])
        return "mentions"
    if scope in (Delivery.DAILY, Delivery.WEEKLY):
        profile = _profile(user)
        for field in ("topic_delivery", "community_delivery"):
            if getattr(profile, field) == scope:
                setattr(profile, field, Delivery.NONE)
        profile.save(update_fields=["topic_delivery", "community_delivery"])
        discussion_services.replace_delivery(user=user, old=scope, new=Delivery.NONE)
        return scope
    models = {"t": ("topic", Topic), "c": ("community", Community), "h": ("theme", Theme)}
    if kind in models and number.isdigit():
        field, model = models[kind]
        target = model.objects.filter(pk=int(number)).first()
        if target is not None:
            discussion_services.mute(user=user, **{field: target})
            return field
    return ""
