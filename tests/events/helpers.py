"""Helpers for the events tests: events are planned through the facilitators' own service."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.test import Client
from django.utils import timezone

from baraza.events import services


def plan(
    community,
    *,
    starts_at: datetime | None = None,
    minutes: int = 90,
    organiser=None,
    time_zone: str = "UTC",
    **fields,
):
    """An event in ``community``, a week from now unless told, planned by its owner."""
    # Whole minutes, as the form's date and time picker gives them.
    starts_at = (starts_at or timezone.now() + timedelta(days=7)).replace(second=0, microsecond=0)
    fields.setdefault("title", "Paying community health workers")
    fields.setdefault("language", "en")
    if "place" not in fields:
        fields.setdefault("online_url", "https://meet.example.org/chw-pay")
    return services.create_event(
        actor=organiser or community.memberships.get(role="owner").user,
        community=community,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        time_zone=time_zone,
        **fields,
    )


def client_for(user) -> Client:
    client = Client()
    if user is not None and user.is_authenticated:
        client.force_login(user)
    return client
