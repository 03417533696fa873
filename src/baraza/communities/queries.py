"""Reads of communities and memberships, with permission filtering built in."""

from __future__ import annotations

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from baraza.communities import policies
from baraza.communities.models import Community, Membership, Role, Status, Visibility
from baraza.core.policies import can


def listed_for(user) -> QuerySet[Community]:
    """Communities ``user`` may see listed: public and members-only ones, and private ones
    they belong to (all of them for the site's facilitators)."""
    communities = Community.objects.all()
    if policies.is_site_facilitator(user):
        return communities
    visible = ~Q(visibility=Visibility.PRIVATE)
    if user.is_authenticated:
        # A subquery, not a join: a join would be reused by the member counts on the explore
        # page and count only the viewer's own membership.
        mine = Membership.objects.filter(user=user, status=Status.ACTIVE).values("community")
        visible |= Q(pk__in=mine)
    return communities.filter(visible)


def readable_by(user) -> QuerySet[Community]:
    """Communities whose content ``user`` may read: the "read" rule as a query (public ones,
    the ones they are an active member of, all of them for the site's facilitators)."""
    if policies.is_site_facilitator(user):
        return Community.objects.all()
    readable = Q(visibility=Visibility.PUBLIC)
    if user.is_authenticated:
        readable |= Q(pk__in=communities_of(user).values("pk"))
    return Community.objects.filter(readable)


def explore(user) -> QuerySet[Community]:
    """The explore page: each community with its member count and latest activity (its latest
    post, from the discussions app's ``topics`` relation, else its latest new member)."""
    active = Membership.objects.filter(community=OuterRef("pk"), status=Status.ACTIVE)
    last_post = (
        Community.objects.filter(pk=OuterRef("pk"), topics__is_hidden=False)
        .annotate(latest=Max("topics__last_post_at"))
        .values("latest")[:1]
    )
    return (
        listed_for(user)
        .annotate(
            member_count=Coalesce(
                Subquery(active.values("community").annotate(n=Count("pk")).values("n")[:1]),
                0,
            ),
            last_joined=Subquery(active.order_by("-created_at").values("created_at")[:1]),
            last_post=Subquery(last_post),
        )
        .order_by("-is_featured", "-member_count", "slug")
    )


def visible_community(user, slug: str) -> Community:
    """The community at ``slug`` if ``user`` may see it; 404 otherwise (not 403: a private
    community's existence is itself private)."""
    community = Community.objects.filter(slug=slug).first()
    if community is None or not can(user, "see", community):
        raise Http404
    return community


def facilitators(community: Community) -> QuerySet[Membership]:
    return (
        community.memberships.filter(status=Status.ACTIVE, role__in=[Role.FACILITATOR, Role.OWNER])
        .select_related("user")
        .order_by("role", "user__display_name")
    )


def pending_requests(community: Community) -> QuerySet[Membership]:
    return (
        community.memberships.filter(status=Status.PENDING)
        .select_related("user", "user__country", "user__profile__stakeholder_type")
        .order_by("created_at")
    )


def members(community: Community) -> QuerySet[Membership]:
    return (
        community.memberships.filter(status=Status.ACTIVE)
        .select_related("user", "user__country")
        .order_by("user__display_name", "pk")
    )


def communities_of(user) -> QuerySet[Community]:
    if not user.is_authenticated:
        return Community.objects.none()
    return Community.objects.filter(
        memberships__user=user, memberships__status=Status.ACTIVE
    ).order_by("slug")


def active_memberships(community_ids) -> QuerySet[Membership]:
    """(user_id, community_id) of every active membership of those communities, for work done
    for many members at once (email notifications)."""
    return Membership.objects.filter(
        community_id__in=community_ids, status=Status.ACTIVE
    ).values_list("user_id", "community_id")


class ReadableCommunities:
    """The "read" rule for many members at once, in a fixed number of queries (digests)."""

    def __init__(self, user_ids=None):
        """For the members ``user_ids``, or for everyone (``None``)."""
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.all()
        memberships = Membership.objects.filter(status=Status.ACTIVE)
        if user_ids is not None:
            users = users.filter(pk__in=list(user_ids))
            memberships = memberships.filter(user_id__in=list(user_ids))
        self.public = set(
            Community.objects.filter(visibility=Visibility.PUBLIC).values_list("pk", flat=True)
        )
        self.everything = set(
            users.filter(Q(is_staff=True) | Q(groups__name="facilitators")).values_list(
                "pk", flat=True
            )
        )
        self.member_of: dict[int, set[int]] = {}
        for user_id, community_id in memberships.values_list("user_id", "community_id"):
            self.member_of.setdefault(user_id, set()).add(community_id)

    def can_read(self, user_id: int, community_id: int | None) -> bool:
        """Mirrors ``policies.can_read`` (``None`` is the site-wide space, open to all)."""
        return (
            community_id is None
            or community_id in self.public
            or user_id in self.everything
            or community_id in self.member_of.get(user_id, ())
        )

    def is_member(self, user_id: int, community_id: int) -> bool:
        return community_id in self.member_of.get(user_id, ())


def featured_community() -> Community | None:
    """The public featured community: where site-wide content (the global library, compendium
    experiences) is discussed."""
    return (
        Community.objects.filter(is_featured=True, visibility=Visibility.PUBLIC)
        .order_by("pk")
        .first()
    )
