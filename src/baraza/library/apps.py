from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "baraza.library"
    label = "library"
    verbose_name = _("Resource library")

    def ready(self):
        from baraza.communities import sections
        from baraza.core import navigation
        from baraza.discussions import services as discussion_services
        from baraza.library import (
            policies,  # noqa: F401  (registers the rules)
            services,
        )

        navigation.register("library:index", _("Library"), order=30)
        sections.register("library", order=20, render=_community_section)
        discussion_services.on_close(
            lambda *, topic, actor: services.keep_discussion_summary(topic=topic, actor=actor)
        )


def _community_section(request, community):
    from baraza.core.policies import can
    from baraza.library import queries
    from baraza.library.policies import Library

    latest = queries.readable_by(request.user).filter(community=community)
    return "library/section.html", {
        "resources": latest.select_related("language").order_by("-created_at")[:5],
        "can_add": can(request.user, "add", Library(community)),
    }
