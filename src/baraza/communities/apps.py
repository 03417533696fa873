from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "baraza.communities"
    label = "communities"
    verbose_name = _("Communities")

    def ready(self):
        from baraza.communities import policies  # noqa: F401  (registers the rules)
        from baraza.core import navigation

        navigation.register("communities:explore", _("Communities"), order=10)
