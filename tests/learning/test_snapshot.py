"""What a published version freezes: the tables as data, with timings and translation state."""

import pytest

from baraza.learning import snapshot
from baraza.learning.models import Lesson

pytestmark = pytest.mark.django_db


def test_a_learning_package_is_frozen_with_its_modules_lessons_and_questions(learning_package):
    data = learning_package.versions.get().data
    assert data["version"] == 1
    assert data["title"] == {
        "en": "Community engagement essentials",
        "fr": "L'essentiel de l'engagement communautaire",
    }
    assert [mod["title"]["en"] for mod in data["modules"]] == ["Module 1", "Module 2"]
    assert [lesson["title"]["fr"] for lesson in snapshot.lessons(data)] == [
        "Leçon 1.1",
        "Leçon 1.2",
        "Leçon 2.1",
        "Leçon 2.2",
    ]
    first = data["modules"][0]["lessons"][0]["items"]
    assert [item["kind"] for item in first] == ["text", "experience", "check"]
    assert first[1]["experience"].startswith("CE-")
    assert first[2]["question"]["options"][0]["correct"] is True
    assert len(snapshot.questions_by_key(data)) == 1 + 2 * 2 + 2
    assert snapshot.experience_identifiers(data) == [first[1]["experience"]]


def test_a_workshop_agenda_has_clock_times_sums_and_overruns(workshop_package):
    data = workshop_package.versions.get().data
    variant = data["variants"][0]
    day1, day2 = variant["days"]
    assert [(s["starts_at"], s["ends_at"]) for s in day1["sessions"]] == [
        ("09:00", "10:00"),
        ("10:00", "10:45"),
        ("10:45", "12:15"),
    ]
    assert [s["overrun"] for s in day1["sessions"]] == [False, True, False]
    assert day1["minutes"] == 195 and day2["minutes"] == 120 and variant["minutes"] == 315
    assert day2["starts_at"] == "08:30" and day2["sessions"][0]["harvests_cases"] is True


def test_translation_state_is_frozen_and_a_changed_original_is_stale(author, experience):
    from tests.learning.conftest import build_learning_package

    package = build_learning_package(author, experience, slug="stale")
    lesson = Lesson.objects.filter(module__package=package).first()
    lesson.title_en = "A new title"
    lesson.save()
    data = snapshot.build(package, version=1)
    assert data["modules"][0]["lessons"][0]["translation"] == {"title": "stale"}
    assert data["modules"][0]["lessons"][1]["translation"] == {}
    # The card's prompts were written in both languages but never marked as translated.
    assert data["modules"][0]["lessons"][0]["items"][1]["translation"] == {"body": "stale"}
