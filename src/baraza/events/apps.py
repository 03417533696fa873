from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "baraza.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        import baraza.events.policies  # noqa: F401  (registers the rules)
        from baraza.accounts import personal_data
        from baraza.communities import sections
        from baraza.core import navigation
        from baraza.events import services, views

        navigation.register("events:index", _("Events"), order=40)
        sections.register("events", order=30, render=views.community_section)
        personal_data.register(
            "event_rsvps",
            export=services.export_personal_data,
            erase=services.erase_personal_data,
        )
