from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    """Taking part by email: notifications, digests, reply by email and new topics by email."""

    name = "baraza.mail"
    label = "mail"
    verbose_name = _("Email")

    def ready(self):
        from baraza.communities import sections
        from baraza.discussions import services as discussion_services
        from baraza.mail import notify, personal_data  # noqa: F401  (registers itself)

        discussion_services.on_publish(notify.post_published)
        sections.register("mail", order=15, render=_community_section)


def _community_section(request, community):
    """On a community's home, for those who may post there: its address for new topics."""
    from baraza.core.policies import can
    from baraza.mail.addresses import community_address

    if not can(request.user, "post", community):
        return None
    return "mail/section.html", {"address": community_address(community.slug)}
