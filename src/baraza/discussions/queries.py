"""Reads of topics, posts and notifications, with permission filtering built in."""

from __future__ import annotations

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from baraza.communities.models import Community
from baraza.core.policies import can
from baraza.discussions.models import (
    Attachment,
    Flag,
    Follow,
    Notification,
    Post,
    PostStatus,
    Topic,
    TopicVisit,
)

POSTS_PER_PAGE = 50


def topics_in(community: Community, *, viewer) -> QuerySet[Topic]:
    """The topics of a community that ``viewer`` may read (who may read the community itself
    is checked by the caller), pinned first, then by latest activity, each with how far the
    viewer has read it."""
    topics = community.topics.select_related("author")
    if not can(viewer, "moderate", community):
        topics = topics.filter(is_hidden=False, post_count__gt=0)
    if viewer.is_authenticated:
        last_read = TopicVisit.objects.filter(topic=OuterRef("pk"), user=viewer).values(
            "last_read"
        )[:1]
        topics = topics.annotate(last_read=Subquery(last_read))
    return topics.order_by("-is_pinned", "-last_post_at", "-pk")


def topics_with_theme(theme, *, viewer) -> QuerySet[Topic]:
    """Topics tagged with ``theme`` in every community ``viewer`` may read, newest first."""
    from baraza.communities import queries as community_queries

    return (
        Topic.objects.filter(
            themes=theme,
            community__in=community_queries.readable_by(viewer),
            is_hidden=False,
            post_count__gt=0,
        )
        .select_related("community", "author")
        .order_by("-last_post_at", "-pk")
    )


def readable_topic(viewer, pk: int) -> Topic:
    topic = Topic.objects.select_related("community", "author", "summary_by").filter(pk=pk).first()
    if topic is None or not can(viewer, "read", topic):
        raise Http404
    return topic


def posts_of(topic: Topic, *, viewer) -> QuerySet[Post]:
    posts = topic.posts.select_related("author", "author__country").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("pk"))
    )
    if not can(viewer, "moderate", topic):
        visible = Q(is_hidden=False, status=PostStatus.PUBLISHED)
        if viewer.is_authenticated:
            visible |= Q(author=viewer, is_hidden=False)
        posts = posts.filter(visible)
    return posts.order_by("number")


def page_of_post(topic: Topic, number: int, *, viewer) -> int:
    position = posts_of(topic, viewer=viewer).filter(number__lt=number).count()
    return position // POSTS_PER_PAGE + 1


def readable_post(viewer, pk: int) -> Post:
    post = Post.objects.select_related("topic", "topic__community", "author").filter(pk=pk).first()
    if post is None or not can(viewer, "read", post):
        raise Http404
    return post


def readable_attachment(viewer, pk: int) -> Attachment:
    attachment = (
        Attachment.objects.select_related("post", "post__topic", "post__topic__community")
        .filter(pk=pk)
        .first()
    )
    if attachment is None or not can(viewer, "read", attachment):
        raise Http404
    return attachment


def is_following(user, **target) -> bool:
    return follow_of(user, **target) is not None


def follow_of(user, **target) -> Follow | None:
    """The member's follow of a community, topic or theme (with its email choice), if any."""
    if not user.is_authenticated:
        return None
    return Follow.objects.filter(user=user, **target).first()


def follows_of(user) -> list[Follow]:
    """Everything ``user`` follows, oldest first, with the community, topic or theme."""
    return list(
        Follow.objects.filter(user=user)
        .select_related("community", "topic", "theme")
        .order_by("pk")
    )


def follow_choices(*, topic_ids, community_ids, theme_ids, user_ids=None):
    """(user_id, topic_id, community_id, theme_id, delivery) of every follow of those topics,
    communities and themes (by those members only, if ``user_ids`` is given): what email
    notifications and digests are worked out from."""
    follows = Follow.objects.filter(
        Q(topic_id__in=topic_ids) | Q(community_id__in=community_ids) | Q(theme_id__in=theme_ids)
    )
    if user_ids is not None:
        follows = follows.filter(user_id__in=user_ids)
    return follows.values_list("user_id", "topic_id", "community_id", "theme_id", "delivery")


def notifications_for(user, *, limit: int = 100) -> list[Notification]:
    """A member's latest notifications, dropping any about a topic or post they can no longer
    read (they left a private community, or the post was hidden since)."""
    readable = []
    candidates = Notification.objects.filter(user=user).select_related(
        "actor", "topic", "topic__community", "post", "post__topic", "post__topic__community"
    )
    for notification in candidates[: limit * 3]:
        target = notification.post if notification.post_id else notification.topic
        if can(user, "read", target):
            readable.append(notification)
            if len(readable) == limit:
                break
    return readable


class NotificationGroup:
    """The notifications about one topic, shown as one line: a busy topic is one entry."""

    def __init__(self, first: Notification):
        self.topic = first.topic
        self.latest = first
        self.items: list[Notification] = []

    def add(self, notification: Notification) -> None:
        self.items.append(notification)

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def unread(self) -> int:
        return sum(1 for n in self.items if n.read_at is None)

    @property
    def mentioned(self) -> bool:
        return any(n.kind == "mention" for n in self.items)

    @property
    def actors(self) -> list[str]:
        names: list[str] = []
        for n in self.items:
            name = n.actor.public_name if n.actor else None
            if name and name not in names:
                names.append(name)
        return names

    @property
    def target(self) -> Notification:
        """The earliest unread one (where to start reading), else the latest."""
        unread = [n for n in self.items if n.read_at is None]
        return unread[-1] if unread else self.latest


def grouped_notifications(user, *, limit: int = 100) -> list[NotificationGroup]:
    """``notifications_for``, one entry per topic, the most recent activity first."""
    groups: dict[int, NotificationGroup] = {}
    for notification in notifications_for(user, limit=limit):
        group = groups.get(notification.topic_id)
        if group is None:
            group = groups[notification.topic_id] = NotificationGroup(notification)
        group.add(notification)
    return list(groups.values())


def open_flags(community: Community) -> QuerySet[Flag]:
    return (
        Flag.objects.filter(post__topic__community=community, resolved_at=None)
        .select_related("post", "post__topic", "post__author", "reporter")
        .order_by("created_at")
    )


def pending_posts(community: Community) -> QuerySet[Post]:
    return (
        Post.objects.filter(topic__community=community, status=PostStatus.PENDING)
        .select_related("topic", "author")
        .order_by("created_at")
    )
