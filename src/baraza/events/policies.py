"""Who may read, answer and run events.

Everything follows from the community the event belongs to (``baraza.communities.policies``):
whoever may read the community reads its events, signed-in readers may RSVP until the event
ends, and the community's facilitators manage them.
"""

from __future__ import annotations

from baraza.communities import policies as community_policies
from baraza.communities.models import Status
from baraza.core.policies import can, rule
from baraza.events.models import Event


@rule(Event, "read")
def can_read(user, event: Event) -> bool:
    return can(user, "read", event.community)


@rule(Event, "rsvp")
def can_rsvp(user, event: Event) -> bool:
    if not user.is_authenticated or event.has_ended:
        return False
    found = community_policies.membership(user, event.community)
    if found is not None and found.status == Status.BANNED:
        return False
    return can(user, "read", event.community)


@rule(Event, "manage")
def can_manage(user, event: Event) -> bool:
    return can(user, "moderate", event.community)
