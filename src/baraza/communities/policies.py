"""Who may see, read, join, post in and run a community.

The rules are registered with ``baraza.core.policies``; other apps (discussions, library,
events) decide on their objects by asking about the community they belong to.
"""

from __future__ import annotations

from baraza.communities.models import Community, JoinPolicy, Membership, Role, Status, Visibility
from baraza.core.policies import rule

_CACHE = "_baraza_memberships"


def membership(user, community: Community) -> Membership | None:
    """The user's membership of ``community`` (any status), loaded once per user object."""
    if not user.is_authenticated:
        return None
    cache = getattr(user, _CACHE, None)
    if cache is None:
        cache = {m.community_id: m for m in Membership.objects.filter(user=user)}
        setattr(user, _CACHE, cache)
    return cache.get(community.pk)


def forget_memberships(user) -> None:
    """Drop the cached memberships after a change (services call this)."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def is_site_facilitator(user) -> bool:
    """Staff and the site-wide facilitators team may moderate every community."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    cached = getattr(user, "_baraza_site_facilitator", None)
    if cached is None:
        cached = user.groups.filter(name="facilitators").exists()
        user._baraza_site_facilitator = cached
    return cached


def is_member(user, community: Community) -> bool:
    found = membership(user, community)
    return found is not None and found.is_active


@rule(Community, "see")
def can_see(user, community: Community) -> bool:
    """Whether the community appears at all: in listings, or at its address."""
    if community.visibility != Visibility.PRIVATE:
        return True
    return is_member(user, community) or is_site_facilitator(user)


@rule(Community, "read")
def can_read(user, community: Community) -> bool:
    if community.visibility == Visibility.PUBLIC:
        return True
    return is_member(user, community) or is_site_facilitator(user)


@rule(Community, "post")
def can_post(user, community: Community) -> bool:
    return is_member(user, community) or (is_site_facilitator(user) and can_read(user, community))


@rule(Community, "moderate")
def can_moderate(user, community: Community) -> bool:
    found = membership(user, community)
    return (found is not None and found.can_moderate) or is_site_facilitator(user)


@rule(Community, "manage")
def can_manage(user, community: Community) -> bool:
    """Change the community's settings and roles: its owners and staff."""
    found = membership(user, community)
    owner = found is not None and found.is_active and found.role == Role.OWNER
    return owner or (user.is_authenticated and user.is_staff)


@rule(Community, "join")
def can_join(user, community: Community) -> bool:
    """Join at once (open communities)."""
    return _may_ask(user, community) and community.join_policy == JoinPolicy.OPEN


@rule(Community, "request")
def can_request(user, community: Community) -> bool:
    """Ask to join (communities that approve requests)."""
    return _may_ask(user, community) and community.join_policy == JoinPolicy.REQUEST


@rule(Community, "leave")
def can_leave(user, community: Community) -> bool:
    found = membership(user, community)
    return found is not None and found.status in (Status.ACTIVE, Status.PENDING)


def _may_ask(user, community: Community) -> bool:
    if not user.is_authenticated or not can_see(user, community):
        return False
    found = membership(user, community)
    # Someone removed may come back; a ban is for good.
    return found is None or found.status in (Status.LEFT, Status.DECLINED, Status.REMOVED)
