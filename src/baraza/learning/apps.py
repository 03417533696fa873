from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LearningConfig(AppConfig):
    name = "baraza.learning"
    label = "learning"
    verbose_name = _("Learning and workshop packages")

    def ready(self):
        from baraza.accounts import personal_data
        from baraza.core import navigation
        from baraza.learning import (
            indexing,
            policies,  # noqa: F401  (registers the rules)
        )
        from baraza.learning import personal_data as learning_data

        # "Learning" is also a compendium form step ("Enseignements"): the menu has its own word.
        navigation.register("learning:catalogue", pgettext_lazy("main menu", "Learning"), order=28)
        personal_data.register("learning", export=learning_data.export, erase=learning_data.erase)
        indexing.register()
