"""Fixtures for editions, OAI-PMH and the API: published records and released editions.

Records are published the curator's direct way (``publish_directly``), which is quick; the
reviewed path is tested in tests/compendium.
"""

from __future__ import annotations

import pytest

from baraza.compendium import services
from baraza.compendium.models import Label
from baraza.editions import services as editions
from baraza.taxonomy.models import Country, Phase
from tests.compendium import factories

RECORDS = [
    # (title, country, phase, label)
    ("Village health committees review clinic data, Kenya", "KE", "routine-phc", Label.PROMISING),
    ("Religious leaders and Ebola safe burials, Sierra Leone", "SL", "response", Label.BEST),
    ("Community radio for cholera preparedness, Haiti", "HT", "preparedness", ""),
]


def publish(curator, title: str, country: str = "KE", phase: str = "routine-phc", label=""):
    values = factories.complete_values(
        title_en=title,
        countries=[Country.objects.get(code=country)],
        phases=[Phase.objects.get(slug=phase)],
    )
    experience = services.create_experience(actor=curator, values=values)
    return services.publish_directly(experience=experience, actor=curator, label=label)


@pytest.fixture
def records(curator):
    """Three published records, in Kenya (AFR), Sierra Leone (AFR) and Haiti (AMR)."""
    return [publish(curator, *row) for row in RECORDS]


@pytest.fixture
def edition(curator, records, django_capture_on_commit_callbacks):
    """Edition 2026.1 of the three records, its files built (inline, on commit)."""
    with django_capture_on_commit_callbacks(execute=True):
        return editions.release(actor=curator, number="2026.1", notes_en="First edition.")
