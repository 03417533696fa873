"""Reads for baraza.mail: members' email choices, resolved for one post or many."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.functional import cached_property

from baraza.communities import queries as community_queries
from baraza.discussions import queries as discussion_queries
from baraza.discussions.models import Delivery
from baraza.mail.models import MailProfile

# Past this many ids, a filter is applied in Python rather than as one SQL "IN (...)": SQLite
# takes at most 32,766 parameters in a query. Only members who changed their email settings
# have a MailProfile row, so reading all of them is cheap.
MANY = 5_000


def profile_of(user) -> MailProfile:
    """The member's email settings (the defaults, unsaved, if they never changed them)."""
    found = MailProfile.objects.filter(user=user).first()
    return found if found is not None else MailProfile(user=user)


class Subscriptions:
    """Who hears how about posts in some topics, loaded in a fixed number of queries.

    A member's delivery for a post is decided by the most specific thing they chose:
    1. their choice for the topic, if they follow it (blank: their default for topics);
    2. else their choice for the community, if they follow it (blank: their default for
       communities);
    3. else, if they belong to the community, their default for communities;
    4. else, for a new topic only, their choice for a theme of the topic they follow.
    A member who paused email gets none.
    """

    def __init__(
        self,
        *,
        topic_ids: Iterable[int] = (),
        community_ids: Iterable[int] = (),
        theme_ids: Iterable[int] = (),
        user_ids: Iterable[int] | None = None,
    ):
        topic_ids, community_ids, theme_ids = set(topic_ids), set(community_ids), set(theme_ids)
        members = community_queries.active_memberships(community_ids)
        if user_ids is not None:
            user_ids = set(user_ids)
            members = members.filter(user_id__in=user_ids)
        self.topics: dict[tuple[int, int], str] = {}
        self.communities: dict[tuple[int, int], str] = {}
        self.themes: dict[tuple[int, int], str] = {}
        for (
            user_id,
            topic_id,
            community_id,
            theme_id,
            delivery,
        ) in discussion_queries.follow_choices(
            topic_ids=topic_ids,
            community_ids=community_ids,
            theme_ids=theme_ids,
            user_ids=user_ids,
        ):
            if topic_id:
                self.topics[user_id, topic_id] = delivery
            elif community_id:
                self.communities[user_id, community_id] = delivery
            else:
                self.themes[user_id, theme_id] = delivery
        self.members = set(members)
        everyone = (
            {u for u, _ in self.topics}
            | {u for u, _ in self.communities}
            | {u for u, _ in self.themes}
            | {u for u, _ in self.members}
        )
        profiles = MailProfile.objects.all()
        if len(everyone) <= MANY:
            profiles = profiles.filter(user_id__in=everyone)
        self.profiles = {p.user_id: p for p in profiles if p.user_id in everyone}
        self.user_ids = everyone

    def profile(self, user_id: int) -> MailProfile:
        """The member's settings; members who never changed theirs share one default."""
        found = self.profiles.get(user_id)
        return found if found is not None else self._default

    @cached_property
    def _default(self) -> MailProfile:
        return MailProfile()

    def delivery(
        self,
        user_id: int,
        *,
        topic_id: int,
        community_id: int,
        theme_ids: Iterable[int] = (),
        new_topic: bool = False,
    ) -> str | None:
        """How ``user_id`` hears about a post in that topic (a ``Delivery`` value), or
        ``None`` if they follow nothing it belongs to."""
        profile = self.profile(user_id)
        if (user_id, topic_id) in self.topics:
            chosen = self.topics[user_id, topic_id] or profile.topic_delivery
        elif (user_id, community_id) in self.communities:
            chosen = self.communities[user_id, community_id] or profile.community_delivery
        elif (user_id, community_id) in self.members:
            chosen = profile.community_delivery
        else:
            chosen = None
            if new_topic:
                for theme_id in theme_ids:
                    if (user_id, theme_id) in self.themes:
                        chosen = self.themes[user_id, theme_id] or profile.community_delivery
                        break
        if chosen is not None and profile.paused:
            return Delivery.NONE
        return chosen


class FollowedRow:
    """One line of the email settings page: something the member follows or belongs to."""

    def __init__(self, *, kind: str, target, delivery: str, label: str, url: str):
        self.kind, self.delivery, self.label, self.url = kind, delivery, label, url
        self.target = {kind: target}
        self.field_name = f"{kind}-{target.pk}"
        self.choices: list = []


def followed_rows(user) -> list[FollowedRow]:
    """The communities the member belongs to or follows, then the themes and topics they
    follow, each with its email choice ("" for their default)."""
    from django.urls import reverse

    from baraza.communities import queries as community_queries
    from baraza.core.policies import can

    follows = discussion_queries.follows_of(user)
    rows: list[FollowedRow] = []
    community_follows = {f.community_id: f for f in follows if f.community_id}
    communities = {c.pk: c for c in community_queries.communities_of(user)}
    communities.update({f.community_id: f.community for f in community_follows.values()})
    for community in sorted(communities.values(), key=lambda c: c.name.lower()):
        if not can(user, "read", community):
            continue
        found = community_follows.get(community.pk)
        rows.append(
            FollowedRow(
                kind="community",
                target=community,
                delivery=found.delivery if found else "",
                label=community.name,
                url=reverse("communities:detail", args=[community.slug]),
            )
        )
    for follow in follows:
        if follow.theme_id:
            rows.append(
                FollowedRow(
                    kind="theme",
                    target=follow.theme,
                    delivery=follow.delivery,
                    label=str(follow.theme),
                    url=reverse("discussions:theme", args=[follow.theme.slug]),
                )
            )
    readable = set(community_queries.readable_by(user).values_list("pk", flat=True))
    for follow in follows:
        if follow.topic_id and follow.topic.community_id in readable:
            rows.append(
                FollowedRow(
                    kind="topic",
                    target=follow.topic,
                    delivery=follow.delivery,
                    label=follow.topic.title,
                    url=reverse("discussions:topic", args=[follow.topic_id]),
                )
            )
    return rows


def posting_addresses(user) -> list[tuple[str, str]]:
    """(community name, address) for every community the member may start topics in by
    email."""
    from baraza.communities import queries as community_queries
    from baraza.mail.addresses import community_address

    return [(c.name, community_address(c.slug)) for c in community_queries.communities_of(user)]


def describe_scope(scope: str) -> str:
    """What an unsubscribe link stops, in words, in the active language."""
    from django.utils.translation import gettext as _

    from baraza.communities.models import Community
    from baraza.discussions.models import Topic
    from baraza.taxonomy.models import Theme

    fixed = {
        "all": _("all notification email"),
        "mentions": _("emails when someone mentions you"),
        "daily": _("your daily digest"),
        "weekly": _("your weekly digest"),
    }
    if scope in fixed:
        return fixed[scope]
    kinds = {
        "t": (Topic, _("emails about the topic “%(name)s”")),
        "c": (Community, _("emails about the community “%(name)s”")),
        "h": (Theme, _("emails about the theme “%(name)s”")),
    }
    kind, number = scope[:1], scope[1:]
    if kind in kinds and number.isdigit():
        model, text = kinds[kind]
        found = model.objects.filter(pk=int(number)).first()
        if found is not None:
            return text % {"name": found}
    return _("these emails")
