"""Who may read, add to and edit the library.

A community's resources are read by whoever may read the community; the global library is
public. Members add resources to their community's library; the site's facilitators and staff
add to the global library. A resource is edited by the person who added it (while they may
still add to that library), by the community's moderators, and by the site's facilitators.
"""

from __future__ import annotations

from dataclasses import dataclass

from baraza.communities.models import Community
from baraza.communities.policies import is_site_facilitator
from baraza.core.policies import can, rule
from baraza.library.models import Resource


@dataclass(frozen=True)
class Library:
    """A library to add resources to: a community's, or the global one (``community=None``)."""

    community: Community | None = None


@rule(Library, "add")
def can_add(user, library: Library) -> bool:
    if not user.is_authenticated:
        return False
    if library.community is None:
        return is_site_facilitator(user)
    return can(user, "post", library.community)


@rule(Resource, "read")
def can_read(user, resource: Resource) -> bool:
    if resource.community_id is None:
        return True
    return can(user, "read", resource.community)


@rule(Resource, "edit")
def can_edit(user, resource: Resource) -> bool:
    if not user.is_authenticated or not can_read(user, resource):
        return False
    if is_site_facilitator(user):
        return True
    if resource.community_id is not None and can(user, "moderate", resource.community):
        return True
    return resource.added_by_id == user.pk and can_add(user, Library(resource.community))
