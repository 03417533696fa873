"""The demo packages: a bilingual learning package in three modules built on the demo
compendium's experiences, and a two-day workshop package, both published as version 1."""

from __future__ import annotations

import pytest

from baraza.accounts import demo as accounts_demo
from baraza.compendium import demo as compendium_demo
from baraza.compendium.models import Experience, Status
from baraza.learning import demo, snapshot
from baraza.learning.models import Package, PackageVersion

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo loaded twice (the second time must create nothing); undone after the module."""
    with django_db_blocker.unblock():
        from django.db import transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        accounts_demo.load()
        compendium_demo.load()
        demo.load()
        demo.load()
        yield
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def test_the_learning_package_is_bilingual_with_three_modules_on_demo_experiences(loaded):
    package = Package.objects.get(slug=demo.LEARNING_SLUG)
    data = PackageVersion.objects.get(package=package).data
    assert (package.version_number, data["title"]) == (
        1,
        {
            "en": "Community engagement essentials",
            "fr": "L'essentiel de l'engagement communautaire",
        },
    )
    assert len(data["modules"]) == 3
    assert all(len(module["quiz"]) == 2 for module in data["modules"])
    assert len(data["pre_post"]) == 3
    for lesson in snapshot.lessons(data):
        for item in lesson["items"]:
            assert item["translation"] == {}, item
            assert all(item["body"].values()) or item["kind"] == "check"
    identifiers = snapshot.experience_identifiers(data)
    assert len(identifiers) == 5
    assert set(
        Experience.objects.filter(identifier__in=identifiers).values_list("status", flat=True)
    ) == {Status.PUBLISHED}


def test_the_workshop_package_has_a_two_day_agenda_that_fits_its_slots(loaded):
    data = Package.objects.get(slug=demo.WORKSHOP_SLUG).versions.get().data
    (variant,) = data["variants"]
    assert [day["title"]["en"] for day in variant["days"]] == [
        "Day 1: understanding engagement",
        "Day 2: from experience to action",
    ]
    assert [(day["starts_at"], day["ends_at"]) for day in variant["days"]] == [
        ("09:00", "14:45"),
        ("08:30", "14:05"),
    ]
    sessions = [s for day in variant["days"] for s in day["sessions"]]
    assert not any(session["overrun"] for session in sessions)
    assert [s["title"]["fr"] for s in sessions if s["harvests_cases"]] == [
        "Recueillir nos propres expériences"
    ]
    assert len(data["checklist"]) == 4 and len(data["evaluation"]) == 3
    assert len(snapshot.experience_identifiers(data)) == 4


def test_loading_again_creates_nothing(loaded):
    assert Package.objects.count() == 2
    assert PackageVersion.objects.count() == 2
