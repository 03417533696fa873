from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def build_index_if_empty(sender, using="default", **kwargs):
    """After ``migrate``: an installation upgraded to a version with search has data but no
    index yet; build it once, so that search and the compendium's words filter work at once.
    (An index that has documents is kept up to date by the services.)"""
    from baraza.search import services
    from baraza.search.models import Document

    if using != "default" or Document.objects.exists():
        return
    services.reindex()


class SearchConfig(AppConfig):
    name = "baraza.search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(build_index_if_empty, sender=self)
