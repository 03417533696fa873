from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompendiumConfig(AppConfig):
    name = "baraza.compendium"
    label = "compendium"
    verbose_name = _("Community Engagement Compendium")

    def ready(self):
        from baraza.compendium import policies  # noqa: F401  (registers the rules)
        from baraza.core import navigation

        navigation.register("compendium:index", _("Compendium"), order=25)
