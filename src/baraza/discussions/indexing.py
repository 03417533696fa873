"""Discussions in the search index: one entry per topic, with its title, its closing summary,
and what its readers can see of its posts (their text and the text of their attachments).

Posts are grouped by the language they were written in, so that each is analysed in its own
language; every language carries the topic's title, so a result always has one. A hidden
topic is not found at all, and a hidden, pending or rejected post's words are not indexed.
Who may find a topic is whoever may read its community, checked when searching.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from baraza.core.markdown import excerpt
from baraza.discussions.models import Attachment, Post, PostStatus, Topic
from baraza.search import registry
from baraza.search.analysis import MAX_INDEXED_CHARS
from baraza.search.documents import Access, Entry, Text, path_of

KIND = "topic"


def _plain(markdown: str) -> str:
    """The words a reader sees (no markup, no link addresses, no quoted earlier posts)."""
    return excerpt(markdown, MAX_INDEXED_CHARS) if markdown else ""


def _topics() -> QuerySet[Topic]:
    visible_posts = (
        Post.objects.filter(status=PostStatus.PUBLISHED, is_hidden=False)
        .only("pk", "topic_id", "number", "body", "language")
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=Attachment.objects.only("pk", "post_id", "text").order_by("pk"),
            )
        )
        .order_by("number")
    )
    return (
        Topic.objects.filter(is_hidden=False, post_count__gt=0)
        .only(
            "pk",
            "community_id",
            "title",
            "language",
            "summary",
            "last_post_at",
            "is_hidden",
            "post_count",
        )
        .prefetch_related(
            Prefetch("posts", queryset=visible_posts, to_attr="visible_posts"),
            "themes",
        )
    )


def entry(topic: Topic) -> Entry | None:
    """The entry of ``topic`` as it is now in the database: ``None`` if it is hidden, gone, or
    has no published post yet (its first post waits for approval)."""
    current = _topics().filter(pk=topic.pk).first()
    return _entry(current) if current is not None else None


def entries() -> Iterator[Entry]:
    # Small chunks: a topic brings all its posts and their attachments' text.
    for topic in _topics().order_by("pk").iterator(chunk_size=50):
        yield _entry(topic)


def _entry(topic: Topic) -> Entry:
    parts: dict[str, list[str]] = {topic.language: []}
    summary = _plain(topic.summary)
    if summary:
        parts[topic.language].append(summary)
    for post in topic.visible_posts:
        found = parts.setdefault(post.language, [])
        found.append(_plain(post.body))
        found.extend(attachment.text for attachment in post.attachments.all() if attachment.text)
    texts = {
        language: Text(
            title=topic.title,
            body="\n\n".join(part for part in found if part),
            summary=summary if language == topic.language else "",
        )
        for language, found in parts.items()
    }
    return Entry(
        kind=KIND,
        object_id=str(topic.pk),
        texts=texts,
        original_language=topic.language,
        path=path_of("discussions:topic", topic.pk),
        date=topic.last_post_at,
        access=Access.COMMUNITY,
        community_id=topic.community_id,
        tags=tuple(("theme", theme.slug) for theme in topic.themes.all()),
    )


def register() -> None:
    registry.register(
        KIND,
        label=_("Discussion"),
        plural=_("Discussions"),
        order=40,
        entry=entry,
        entries=entries,
        count=lambda: _topics().count(),
    )
