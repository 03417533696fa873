"""Who may read, reply to, edit and moderate topics and posts.

Everything follows from the community the topic lives in (``baraza.communities.policies``):
a hidden topic or post is readable by moderators only, a locked or closed topic takes no reply.
"""

from __future__ import annotations

from baraza.communities import policies as community_policies
from baraza.communities.models import Status
from baraza.core.policies import can, rule
from baraza.discussions.models import Attachment, Post, PostStatus, Topic


def _moderates(user, topic: Topic) -> bool:
    return can(user, "moderate", topic.community)


@rule(Topic, "read")
def can_read_topic(user, topic: Topic) -> bool:
    if not can(user, "read", topic.community):
        return False
    return not topic.is_hidden or _moderates(user, topic)


@rule(Topic, "reply")
def can_reply(user, topic: Topic) -> bool:
    return topic.accepts_replies and not topic.is_hidden and can(user, "post", topic.community)


@rule(Topic, "moderate")
def can_moderate_topic(user, topic: Topic) -> bool:
    return _moderates(user, topic)


@rule(Topic, "close")
def can_close(user, topic: Topic) -> bool:
    return _moderates(user, topic) and topic.state != "closed"


@rule(Post, "read")
def can_read_post(user, post: Post) -> bool:
    if not can_read_topic(user, post.topic):
        return False
    if post.is_hidden or post.status != PostStatus.PUBLISHED:
        own = user.is_authenticated and post.author_id == user.pk and not post.is_hidden
        return own or _moderates(user, post.topic)
    return True


@rule(Post, "edit")
def can_edit(user, post: Post) -> bool:
    if not user.is_authenticated or not can_read_post(user, post):
        return False
    if _moderates(user, post.topic):
        return True
    return post.author_id == user.pk and can(user, "post", post.topic.community)


@rule(Post, "flag")
def can_flag(user, post: Post) -> bool:
    return (
        user.is_authenticated
        and post.author_id != user.pk
        and can_read_post(user, post)
        and community_policies.is_member(user, post.topic.community)
    )


@rule(Post, "moderate")
def can_moderate_post(user, post: Post) -> bool:
    return _moderates(user, post.topic)


@rule(Attachment, "read")
def can_read_attachment(user, attachment: Attachment) -> bool:
    return can_read_post(user, attachment.post)


def is_banned(user, community) -> bool:
    found = community_policies.membership(user, community)
    return found is not None and found.status == Status.BANNED
