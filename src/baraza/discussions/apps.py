from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "baraza.discussions"
    label = "discussions"
    verbose_name = _("Discussions")

    def ready(self):
        from baraza.communities import sections
        from baraza.discussions import (
            indexing,
            policies,  # noqa: F401  (registers the rules)
        )

        sections.register("discussions", order=10, render=_community_section)
        indexing.register()


def _community_section(request, community):
    from baraza.communities import policies as community_policies
    from baraza.core.policies import can
    from baraza.discussions import queries
    from baraza.discussions.models import Delivery

    return "discussions/section.html", {
        "topics": queries.topics_in(community, viewer=request.user)[:10],
        "can_post": can(request.user, "post", community),
        "can_moderate": can(request.user, "moderate", community),
        "following": queries.follow_of(request.user, community=community),
        "is_member": community_policies.is_member(request.user, community),
        "deliveries": Delivery.choices,
    }
