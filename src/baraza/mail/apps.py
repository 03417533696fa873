from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    """Taking part by email: notifications, digests, reply by email and new topics by email."""

    name = "baraza.mail"
    label = "mail"
    verbose_name = _("Email")

    def ready(self):
        from baraza.discussions import services as discussion_services
        from baraza.mail import notify, personal_data  # noqa: F401  (registers itself)

        discussion_services.on_publish(notify.post_published)
