"""Events in the search index: their title, description and place, in the event's language.

Past events stay findable, as their pages stay readable (with their recordings and slides).
Who may find an event is whoever may read its community, checked when searching.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from baraza.events.models import Event
from baraza.search import registry
from baraza.search.documents import Access, Entry, Text, path_of

KIND = "event"


def _events() -> QuerySet[Event]:
    return Event.objects.only(
        "pk", "community_id", "title", "description", "language", "place", "starts_at"
    )


def entry(event: Event) -> Entry | None:
    """The entry of ``event`` as it is now in the database (``None`` once it is gone)."""
    current = _events().filter(pk=event.pk).first()
    return _entry(current) if current is not None else None


def entries() -> Iterator[Entry]:
    for event in _events().order_by("pk").iterator(chunk_size=500):
        yield _entry(event)


def _entry(event: Event) -> Entry:
    body = "\n\n".join(part for part in (event.description, event.place) if part)
    return Entry(
        kind=KIND,
        object_id=str(event.pk),
        texts={event.language: Text(title=event.title, body=body, summary=event.description)},
        original_language=event.language,
        path=path_of("events:detail", event.pk),
        date=event.starts_at,
        access=Access.COMMUNITY,
        community_id=event.community_id,
        meta={"starts_at": event.starts_at.isoformat(), "place": event.place},
    )


def register() -> None:
    registry.register(
        KIND,
        label=_("Event"),
        plural=_("Events"),
        order=50,
        entry=entry,
        entries=entries,
        count=lambda: _events().count(),
    )
