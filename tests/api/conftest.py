"""Fixtures of the API tests: published records, an edition, a curator's token and clients."""

from __future__ import annotations

import pytest
from django.test import Client

from baraza.api import tokens
from baraza.compendium import services
from baraza.editions import services as editions
from tests.compendium import factories
from tests.editions.conftest import RECORDS, publish


@pytest.fixture
def records(curator):
    """Three published records: Kenya (AFR), Sierra Leone (AFR) and Haiti (AMR)."""
    return [publish(curator, *row) for row in RECORDS]


@pytest.fixture
def draft(member):
    """A record still in curation: never in the API."""
    values = factories.complete_values(title_en="A draft nobody may read yet")
    return services.create_experience(actor=member, values=values)


@pytest.fixture
def edition(curator, records, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return editions.release(actor=curator, number="2026.1", notes_en="First edition.")


@pytest.fixture
def curator_key(curator) -> str:
    return tokens.create(user=curator, name="import script")[1]


@pytest.fixture
def api(outsider) -> Client:
    return outsider


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}
