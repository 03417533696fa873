"""The readable difference between two versions of a record."""

from __future__ import annotations

import pytest

from baraza.compendium import diff, services
from baraza.compendium.diff import Segment
from baraza.compendium.models import Label
from baraza.taxonomy.models import Country, Phase
from tests.compendium import factories


def test_words_marks_insertions_and_deletions_word_by_word():
    assert diff.words(
        "Members met every month to review data.",
        "Members and leaders met every week to review the data.",
    ) == [
        Segment("equal", "Members "),
        Segment("insert", "and leaders "),
        Segment("equal", "met every "),
        Segment("delete", "month "),
        Segment("insert", "week "),
        Segment("equal", "to review "),
        Segment("insert", "the "),
        Segment("equal", "data."),
    ]


def test_neighbouring_changed_words_read_as_one_change():
    assert diff.words("a b c d", "a x y d") == [
        Segment("equal", "a "),
        Segment("delete", "b c "),
        Segment("insert", "x y "),
        Segment("equal", "d"),
    ]


def test_a_change_of_spacing_alone_is_no_change():
    assert diff.words("one two", "one  two") == [Segment("equal", "one  two")]


def test_text_added_to_an_empty_field_is_one_insertion():
    assert diff.words("", "New text here.") == [Segment("insert", "New text here.")]


def test_long_unchanged_text_is_shortened_around_the_change():
    before = " ".join(f"w{i}" for i in range(100))
    after = before.replace("w50", "CHANGED")
    segments = diff.words(before, after)
    assert [s.op for s in segments] == ["gap", "equal", "delete", "insert", "equal", "gap"]
    assert segments[1].text.split() == [f"w{i}" for i in range(38, 50)]
    assert segments[-2].text.split() == [f"w{i}" for i in range(51, 63)]
    assert (segments[2].text, segments[3].text) == ("w50 ", "CHANGED ")


def test_a_first_version_has_no_changes():
    assert diff.compare(None, {"text": {}}).changes == []
    assert not diff.compare(None, {"text": {}})


def _snapshot(**overrides) -> dict:
    data = {
        "original_language": "en",
        "text": {"title": {"en": "Radio shows", "fr": ""}, "summary": {"en": "Old.", "fr": ""}},
        "countries": [{"code": "KE", "en": "Kenya", "fr": "Kenya"}],
        "phases": [{"slug": "response", "en": "Response", "fr": "Riposte"}],
        "start_year": 2019,
        "end_year": 2021,
        "ongoing": False,
        "references": [{"title": "Report", "publisher": "", "year": 2021, "doi": "", "url": ""}],
        "label": "promising-practice",
        "licence": "cc-by-4.0",
    }
    data.update(overrides)
    return data


def test_compare_lists_each_changed_field_in_the_readers_language():
    old = _snapshot()
    new = _snapshot(
        text={
            "title": {"en": "Radio shows", "fr": "Émissions de radio"},
            "summary": {"en": "New.", "fr": ""},
        },
        countries=[
            {"code": "KE", "en": "Kenya", "fr": "Kenya"},
            {"code": "SN", "en": "Senegal", "fr": "Sénégal"},
        ],
        phases=[{"slug": "recovery", "en": "Recovery", "fr": "Relèvement"}],
        end_year=None,
        ongoing=True,
        references=[
            {"title": "Report", "publisher": "", "year": 2021, "doi": "", "url": ""},
            {"title": "Evaluation", "publisher": "WHO", "year": 2023, "doi": "10.1/x", "url": ""},
        ],
        label="best-practice",
    )
    result = diff.compare(old, new, "fr")
    summary = [(c.key, c.language, c.kind) for c in result.changes]
    assert summary == [
        ("title", "fr", "text"),
        ("summary", "en", "text"),
        ("countries", "", "list"),
        ("phases", "", "list"),
        ("period", "", "value"),
        ("label", "", "value"),
        ("references", "", "list"),
    ]
    assert result.count == 7
    changes = {c.key: c for c in result.changes}
    assert changes["countries"].added == ["Sénégal"]
    assert (changes["phases"].added, changes["phases"].removed) == (["Relèvement"], ["Riposte"])
    assert (changes["period"].before, changes["period"].after) == ("2019–2021", "2019 – ongoing")
    assert (changes["label"].before, changes["label"].after) == (
        str(Label.PROMISING.label),
        str(Label.BEST.label),
    )
    assert changes["references"].added == ["Evaluation, WHO, 2023 (https://doi.org/10.1/x)"]
    assert changes["references"].removed == []
    assert changes["title"].segments == [Segment("insert", "Émissions de radio")]
    assert changes["summary"].segments == [Segment("delete", "Old."), Segment("insert", "New.")]
    assert (result.words_added, result.words_removed) == (4, 1)


def test_unchanged_snapshots_compare_equal():
    assert diff.compare(_snapshot(), _snapshot()).changes == []


@pytest.mark.django_db
def test_the_diff_of_two_published_versions(curator):
    experience = factories.draft(curator)
    services.publish_directly(experience=experience, actor=curator)
    version = services.publish_edit(
        experience=experience,
        actor=curator,
        values={
            "summary_en": factories.words(60).replace("month", "week", 1) + " Extra words.",
            "countries": [Country.objects.get(code="KE"), Country.objects.get(code="UG")],
            "phases": [Phase.objects.get(slug="response")],
        },
        change_note="Uganda joined.",
    )
    first = experience.versions.get(number=1)
    result = diff.compare(first.data, version.data, "en")
    changes = {c.key: c for c in result.changes}
    assert list(changes) == ["summary", "countries", "phases"]
    assert changes["countries"].added == ["Uganda"]
    assert changes["phases"].added == ["Response"]
    assert changes["phases"].removed == ["Routine primary health care"]
    assert Segment("insert", "Extra words.") in changes["summary"].segments
