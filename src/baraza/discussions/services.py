"""Every write to topics and posts. The web forms, email replies and new topics by email, and
the library and events apps all come through here.

Every write that changes what a topic is found by (its title, summary and visible posts, the
text of their attachments) or whether it may be found at all (hidden, moved) brings its search
entry up to date in the same transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baraza.accounts.models import User
from baraza.communities import policies as community_policies
from baraza.communities.models import Community
from baraza.core import audit
from baraza.core.policies import Refused, require
from baraza.discussions.models import (
    Attachment,
    Delivery,
    Flag,
    Follow,
    Notification,
    NotificationKind,
    Post,
    PostRevision,
    PostStatus,
    Topic,
    TopicState,
    TopicVisit,
    Via,
)
from baraza.search import services as search
from baraza.taxonomy.models import Theme

MENTION = re.compile(r"(?<![\w@/])@([a-z0-9][a-z0-9-]{0,39})", re.IGNORECASE)
MAX_ATTACHMENTS = 5
SEARCH_KIND = "topic"


def _held_for_approval(author, community: Community) -> bool:
    """Pre-moderation: a new member's first posts wait for a facilitator (as HIFA does)."""
    if community.premoderation == 0 or community_policies.can_moderate(author, community):
        return False
    published = Post.objects.filter(
        topic__community=community, author=author, status=PostStatus.PUBLISHED
    ).count()
    return published < community.premoderation


def _attach(post: Post, files: Iterable[UploadedFile]) -> None:
    from baraza.core.text_extraction import extract_text
    from baraza.core.uploads import check_upload

    for uploaded in files:
        checked = check_upload(uploaded)
        attachment = Attachment(
            post=post,
            name=checked.name,
            kind=checked.kind,
            content_type=checked.content_type,
            size=checked.size,
        )
        uploaded.seek(0)
        attachment.file.save(checked.name, uploaded, save=False)
        attachment.text = extract_text(attachment.file.path, checked.kind)
        attachment.save()


def _new_post(*, topic, author, body, language, via, files) -> Post:
    files = list(files)
    if len(files) > MAX_ATTACHMENTS:
        raise Refused(_("You can attach at most 5 files to a post."))
    number = (topic.posts.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    held = _held_for_approval(author, topic.community)
    post = Post.objects.create(
        topic=topic,
        number=number,
        author=author,
        body=body,
        language=language,
        via=via,
        status=PostStatus.PENDING if held else PostStatus.PUBLISHED,
    )
    _attach(post, files)
    if not held:
        _published(post)
    return post


def _published(post: Post) -> None:
    """Bookkeeping and notifications for a post that readers can now see."""
    Topic.objects.filter(pk=post.topic_id).update(
        post_count=F("post_count") + 1, last_post_at=post.created_at
    )
    _notify(post)
    for hook in _on_publish:
        hook(post=post)


# Other apps react to a post readers can now see (baraza.mail emails it to its followers).
_on_publish: list = []


def on_publish(hook) -> None:
    if hook not in _on_publish:
        _on_publish.append(hook)


def _notify(post: Post) -> None:
    topic = post.topic
    mentioned = mentioned_members(post.body, exclude=post.author)
    rows = [
        Notification(
            user=user, kind=NotificationKind.MENTION, actor=post.author, topic=topic, post=post
        )
        for user in mentioned
        if community_policies.can_read(user, topic.community)
    ]
    already = {row.user_id for row in rows} | {post.author_id}
    if post.number == 1:
        followers = Follow.objects.filter(community=topic.community) | Follow.objects.filter(
            theme__in=topic.themes.all()
        )
        kind = NotificationKind.NEW_TOPIC
    else:
        followers = Follow.objects.filter(topic=topic)
        kind = NotificationKind.REPLY
    for user in User.objects.filter(pk__in=followers.values("user"), is_active=True).exclude(
        pk__in=already
    ):
        if community_policies.can_read(user, topic.community):
            rows.append(
                Notification(user=user, kind=kind, actor=post.author, topic=topic, post=post)
            )
    Notification.objects.bulk_create(rows)


def mentioned_members(body: str, *, exclude=None) -> list[User]:
    handles = {h.lower() for h in MENTION.findall(body)}
    if not handles:
        return []
    members = User.objects.filter(handle__in=handles, is_active=True)
    if exclude is not None:
        members = members.exclude(pk=exclude.pk)
    return list(members)


@transaction.atomic
def start_topic(
    *,
    author,
    community: Community,
    title: str,
    body: str,
    language: str,
    themes: Iterable[Theme] = (),
    files: Iterable[UploadedFile] = (),
    via: str = Via.WEB,
) -> Topic:
    require(
        author,
        "post",
        community,
        reason=_("Only members of this community can start a topic. Join it first."),
    )
    now = timezone.now()
    topic = Topic.objects.create(
        community=community,
        title=title.strip(),
        language=language,
        author=author,
        created_at=now,
        last_post_at=now,
    )
    topic.themes.set(themes)
    post = _new_post(topic=topic, author=author, body=body, language=language, via=via, files=files)
    Follow.objects.get_or_create(user=author, topic=topic)
    audit.record(
        actor=author,
        action="topic.create",
        target=topic,
        scope=community,
        held=post.status == "pending",
    )
    search.index(SEARCH_KIND, topic)
    return topic


@transaction.atomic
def post_reply(
    *,
    topic: Topic,
    author,
    body: str,
    language: str,
    files: Iterable[UploadedFile] = (),
    via: str = Via.WEB,
) -> Post:
    topic = Topic.objects.select_for_update().select_related("community").get(pk=topic.pk)
    if not topic.accepts_replies:
        raise Refused(_("This topic is closed to new replies."))
    require(
        author,
        "reply",
        topic,
        reason=_("Only members of this community can reply. Join it first."),
    )
    post = _new_post(topic=topic, author=author, body=body, language=language, via=via, files=files)
    Follow.objects.get_or_create(user=author, topic=topic)
    audit.record(actor=author, action="post.create", target=post, scope=topic.community, via=via)
    search.index(SEARCH_KIND, topic)
    return post


@transaction.atomic
def edit_post(*, actor, post: Post, body: str) -> Post:
    require(actor, "edit", post)
    if body == post.body:
        return post
    PostRevision.objects.create(post=post, body=post.body, edited_by=actor)
    post.body = body
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "edited_at"])
    audit.record(actor=actor, action="post.edit", target=post, scope=post.topic.community)
    search.index(SEARCH_KIND, post.topic)
    return post


def mark_read(*, user, topic: Topic, up_to: int) -> None:
    """Remember how far ``user`` has read ``topic`` (never moves backwards)."""
    if not user.is_authenticated:
        return
    visit, created = TopicVisit.objects.get_or_create(
        user=user, topic=topic, defaults={"last_read": up_to}
    )
    if not created and up_to > visit.last_read:
        TopicVisit.objects.filter(pk=visit.pk).update(last_read=up_to, visited_at=timezone.now())


# --- Following and notifications ----------------------------------------------------------


def follow(*, user, community=None, topic=None, theme=None, delivery: str | None = None) -> Follow:
    """Follow a community, topic or theme; ``delivery`` (a ``Delivery`` value, or "" for the
    member's default) says how they hear about it by email, and is kept when not given."""
    target = community or (topic.community if topic else None)
    if target is not None:
        require(user, "read", target)
    if delivery is not None and delivery not in ("", *Delivery.values):
        raise Refused(_("Unknown email choice."))
    found, created = Follow.objects.get_or_create(
        user=user,
        community=community,
        topic=topic,
        theme=theme,
        defaults={"delivery": delivery or ""},
    )
    if not created and delivery is not None and found.delivery != delivery:
        found.delivery = delivery
        found.save(update_fields=["delivery"])
    return found


def mute(*, user, community=None, topic=None, theme=None) -> Follow:
    """No more email about a community, topic or theme (an unsubscribe link). Unlike
    ``follow`` it needs no read permission: it only ever stops email."""
    found, _created = Follow.objects.update_or_create(
        user=user,
        community=community,
        topic=topic,
        theme=theme,
        defaults={"delivery": Delivery.NONE},
    )
    return found


def replace_delivery(*, user, old: str, new: str) -> int:
    """Change every follow of ``user`` that has the email choice ``old`` to ``new``."""
    if new not in ("", *Delivery.values):
        raise Refused(_("Unknown email choice."))
    return Follow.objects.filter(user=user, delivery=old).update(delivery=new)


def unfollow(*, user, community=None, topic=None, theme=None) -> None:
    Follow.objects.filter(user=user, community=community, topic=topic, theme=theme).delete()


def mark_notifications_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at=None).update(read_at=timezone.now())


# --- Moderation ---------------------------------------------------------------------------


@transaction.atomic
def close_topic(*, actor, topic: Topic, summary: str) -> Topic:
    """Close a discussion with a facilitator's summary of what it concluded."""
    require(actor, "close", topic)
    topic.state = TopicState.CLOSED
    topic.summary, topic.summary_by, topic.closed_at = summary.strip(), actor, timezone.now()
    topic.save(update_fields=["state", "summary", "summary_by", "closed_at"])
    audit.record(actor=actor, action="topic.close", target=topic, scope=topic.community)
    search.index(SEARCH_KIND, topic)
    for hook in _on_close:
        hook(topic=topic, actor=actor)
    return topic


# Other apps react to a closed topic (the library keeps its summary as a resource).
_on_close: list = []


def on_close(hook) -> None:
    _on_close.append(hook)


@transaction.atomic
def flag_post(*, reporter, post: Post, reason: str, note: str = "") -> Flag:
    require(reporter, "flag", post)
    found, created = Flag.objects.get_or_create(
        post=post,
        reporter=reporter,
        resolved_at=None,
        defaults={"reason": reason, "note": note.strip()},
    )
    if created:
        audit.record(
            actor=reporter,
            action="post.flag",
            target=post,
            scope=post.topic.community,
            reason=reason,
        )
    return found


@transaction.atomic
def moderate_post(*, actor, post: Post, action: str, reason: str = "") -> Post:
    """Hide, unhide, approve or reject a post; resolves its open flags."""
    require(actor, "moderate", post)
    if action == "hide":
        post.is_hidden, post.hidden_reason = True, reason.strip()[:300]
    elif action == "unhide":
        post.is_hidden, post.hidden_reason = False, ""
    elif action in ("approve", "reject"):
        if post.status != PostStatus.PENDING:
            raise Refused(_("This post has already been reviewed."))
        post.status = PostStatus.PUBLISHED if action == "approve" else PostStatus.REJECTED
    else:
        raise Refused(_("Unknown moderation action."))
    post.save(update_fields=["is_hidden", "hidden_reason", "status"])
    if action == "approve":
        _published(post)
        Notification.objects.create(
            user=post.author,
            kind=NotificationKind.APPROVED,
            actor=actor,
            topic=post.topic,
            post=post,
        )
    outcome = {"hide": "hidden", "reject": "hidden"}.get(action, "dismissed")
    if action in ("hide", "unhide", "reject"):
        Flag.objects.filter(post=post, resolved_at=None).update(
            resolved_at=timezone.now(), resolved_by=actor, outcome=outcome
        )
    audit.record(
        actor=actor,
        action=f"post.{action}",
        target=post,
        scope=post.topic.community,
        reason=reason.strip(),
    )
    # Hidden and rejected posts leave the index, approved and unhidden ones join it.
    search.index(SEARCH_KIND, post.topic)
    return post


@transaction.atomic
def dismiss_flags(*, actor, post: Post) -> int:
    require(actor, "moderate", post)
    count = Flag.objects.filter(post=post, resolved_at=None).update(
        resolved_at=timezone.now(), resolved_by=actor, outcome="dismissed"
    )
    audit.record(
        actor=actor, action="flag.dismiss", target=post, scope=post.topic.community, flags=count
    )
    return count


@transaction.atomic
def moderate_topic(
    *, actor, topic: Topic, action: str, community: Community | None = None
) -> Topic:
    """Lock, reopen, pin, unpin, hide, unhide a topic, or move it to another community."""
    require(actor, "moderate", topic)
    changes = {
        "lock": {"state": TopicState.LOCKED},
        "open": {"state": TopicState.OPEN},
        "pin": {"is_pinned": True},
        "unpin": {"is_pinned": False},
        "hide": {"is_hidden": True},
        "unhide": {"is_hidden": False},
    }
    if action == "move":
        if community is None or not community_policies.can_moderate(actor, community):
            raise Refused(_("You can only move a topic to a community you facilitate."))
        details = {"from": topic.community.slug, "to": community.slug}
        topic.community = community
        topic.save(update_fields=["community"])
    elif action in changes:
        details = changes[action]
        for field, value in details.items():
            setattr(topic, field, value)
        topic.save(update_fields=list(details))
    else:
        raise Refused(_("Unknown moderation action."))
    audit.record(
        actor=actor,
        action=f"topic.{action}",
        target=topic,
        scope=topic.community,
        **{k: str(v) for k, v in details.items()},
    )
    # A hidden topic leaves the index; a moved one is found by the readers of its new community.
    search.index(SEARCH_KIND, topic)
    return topic
