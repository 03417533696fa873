from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "baraza.reports"
    label = "reports"
    verbose_name = _("Facilitator reports")

    def ready(self):
        from baraza.communities import sections
        from baraza.reports.section import dashboard_link

        sections.register("reports", order=90, render=dashboard_link)
