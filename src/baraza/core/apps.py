from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def _tune_sqlite(sender, connection, **kwargs):
    """Write-ahead logging lets gunicorn workers read while another one writes."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")


class CoreConfig(AppConfig):
    name = "baraza.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from baraza.core import checks, navigation  # noqa: F401  (registers system checks)

        connection_created.connect(_tune_sqlite, dispatch_uid="baraza.core.tune_sqlite")
        navigation.register("home", _("Home"), order=0)
