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
            indexing,
            policies,  # noqa: F401  (registers the rules)
            services,
        )
        from baraza.mail import digests

        navigation.register("library:index", _("Library"), order=30)
        indexing.register()
        sections.register("library", order=20, render=_community_section)
        digests.register_section(
            "resource",
            order=20,
            collect=_digest_items,
            heading=_("Library"),
            count=_resource_count,
            more="library:index",
        )
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


def _digest_items(since, until):
    """New resources for the email digests (global ones reach every member)."""
    from baraza.core.markdown import excerpt
    from baraza.library import queries
    from baraza.library.models import ResourceType
    from baraza.mail.digests import DigestItem

    kinds = dict(ResourceType.choices)
    return [
        DigestItem(
            pk=resource.pk,
            title=resource.title,
            created_at=resource.created_at,
            community=resource.community,
            link=("library:detail", (resource.pk,)),
            author_id=resource.added_by_id,
            details=tuple(
                detail
                for detail in (
                    kinds.get(resource.kind, ""),
                    _("Global library") if resource.community is None else "",
                )
                if detail
            ),
            text=excerpt(resource.abstract, 200),
        )
        for resource in queries.added_between(since, until)
    ]


def _resource_count(n: int) -> str:
    from django.utils.translation import ngettext

    return ngettext("%(count)d resource", "%(count)d resources", n) % {"count": n}
