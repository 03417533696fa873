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
        from baraza.events import indexing, services, views
        from baraza.mail import digests

        navigation.register("events:index", _("Events"), order=40)
        indexing.register()
        sections.register("events", order=30, render=views.community_section)
        digests.register_section(
            "event",
            order=30,
            collect=_digest_items,
            heading=_("Events"),
            count=_event_count,
            more="events:index",
        )
        personal_data.register(
            "event_rsvps",
            export=services.export_personal_data,
            erase=services.erase_personal_data,
        )


def _digest_items(since, until):
    """Events planned lately that are still to come, for the email digests (which show their
    times in each member's time zone)."""
    from baraza.core.markdown import excerpt
    from baraza.events import queries
    from baraza.mail.digests import DigestItem

    return [
        DigestItem(
            pk=event.pk,
            title=event.title,
            created_at=event.created_at,
            community=event.community,
            link=("events:detail", (event.pk,)),
            author_id=event.created_by_id,
            when=event.starts_at,
            details=tuple(d for d in (event.place, _("Online") if event.online_url else "") if d),
            text=excerpt(event.description, 200),
        )
        for event in queries.announced_between(since, until)
    ]


def _event_count(n: int) -> str:
    from django.utils.translation import ngettext

    return ngettext("%(count)d event", "%(count)d events", n) % {"count": n}
