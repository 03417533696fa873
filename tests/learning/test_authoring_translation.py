"""Translation flags: every text of a row says whether its translation is missing, out of date
or up to date; changing an original makes its translation stale, and writing the translation
or confirming it makes it current again. The translation page lists what is left to do."""

from __future__ import annotations

import pytest
from django.urls import reverse

from baraza.learning import models as m
from baraza.learning.services import authoring
from tests.learning.test_authoring_packages import confirm_translations, details_data, soup

pytestmark = pytest.mark.django_db


def badges(response) -> dict[str, str]:
    """Each translation field's badge, by the field's id."""
    found = {}
    for pair in soup(response).select(".pair"):
        translation = pair.select("div")[1]
        badge = translation.select_one(".badge")
        found[translation.select_one("textarea, input")["id"]] = badge.get_text() if badge else ""
    return found


def lesson_url(package, lesson) -> str:
    return reverse("learning:author_row", args=[package.slug, "lesson", lesson.pk])


def test_a_new_row_written_in_one_language_misses_its_translation(author, learning_package):
    module = learning_package.modules.first()
    lesson = authoring.add_row(
        actor=author,
        package=learning_package,
        part=authoring.PARTS["lesson"],
        parent=module,
        values={"title_en": "Only English", "title_fr": "", "minutes": 5},
    )
    assert lesson.translation_status("title", "en") == "missing"


def test_the_stale_flag_follows_the_original_and_the_translation(author, learning_package):
    lesson = m.Lesson.objects.get(title_en="Lesson 1.1")
    assert lesson.translation_status("title", "en") == "current"

    def save(confirmed=False, **values):
        authoring.save_row(
            actor=author, package=learning_package, row=lesson, values=values, confirmed=confirmed
        )
        lesson.refresh_from_db()
        return lesson.translation_status("title", "en")

    # The original changes, the translation doesn't: stale.
    assert save(title_en="Lesson one", title_fr="Leçon 1.1") == "stale"
    # Saving again without touching the translation keeps it stale.
    assert save(title_en="Lesson one", title_fr="Leçon 1.1", minutes=12) == "stale"
    # The author confirms the translation still says the same: current.
    assert save(confirmed=True, title_en="Lesson one", title_fr="Leçon 1.1") == "current"
    # The original changes again, and the translation is rewritten in the same save: current.
    assert save(title_en="Lesson one, again", title_fr="Leçon un, encore") == "current"
    # The translation is emptied: missing, and confirming doesn't make it current.
    assert save(confirmed=True, title_en="Lesson one, again", title_fr="") == "missing"
    # Only whitespace changed in the original: still current once translated.
    save(title_en="Lesson one, again", title_fr="Leçon un, encore")
    assert save(title_en="Lesson  one,\nagain", title_fr="Leçon un, encore") == "current"


def test_a_translation_sent_back_with_crlf_line_ends_is_not_a_new_translation(
    author_client, learning_package
):
    """Browsers send a textarea's lines with CRLF: the untouched French competencies must not
    count as rewritten when their English original changes."""
    package = learning_package
    assert package.translation_status("competencies", "en") == "current"
    url = reverse("learning:author_details", args=[package.slug])
    data = details_data(
        package,
        competencies_en="Plan engagement\r\nReview community data\r\nListen first",
        competencies_fr=package.competencies_fr.replace("\n", "\r\n"),
    )
    assert author_client.post(url, data).status_code == 302
    package.refresh_from_db()
    assert package.translation_status("competencies", "en") == "stale"
    # The French text, written anew, makes it current again.
    data["competencies_fr"] += "\r\nÉcouter d'abord"
    assert author_client.post(url, data).status_code == 302
    package.refresh_from_db()
    assert package.translation_status("competencies", "en") == "current"


def test_a_rows_untouched_multi_line_translation_stays_stale(author, learning_package):
    item = m.Item.objects.get(body_en="Text of lesson 1.1.")
    item.body_en, item.body_fr = "First line.\nSecond line.", "Première ligne.\nDeuxième ligne."
    item.mark_translated("body", "en")
    item.save()
    authoring.save_row(
        actor=author,
        package=learning_package,
        row=item,
        values={
            "body_en": "First line.\r\nA new second line.",
            "body_fr": "Première ligne.\r\nDeuxième ligne.",
        },
    )
    item.refresh_from_db()
    assert item.translation_status("body", "en") == "stale"


def test_the_row_page_shows_a_badge_per_translation(author_client, learning_package):
    lesson = m.Lesson.objects.get(title_en="Lesson 1.1")
    item = lesson.items.get(kind="text")
    item.title_en = "Reading"
    item.save()
    url = reverse("learning:author_row", args=[learning_package.slug, "item", item.pk])
    assert badges(author_client.get(url)) == {
        "id_title_fr": "Translation missing",
        "id_body_fr": "Translation up to date",
    }
    author_client.post(
        url, {"title_en": "Reading", "body_en": "A new text.", "body_fr": item.body_fr}
    )
    assert badges(author_client.get(url)) == {
        "id_title_fr": "Translation missing",
        "id_body_fr": "Translation out of date",
    }
    author_client.post(
        url,
        {
            "title_en": "Reading",
            "title_fr": "Lecture",
            "body_en": "A new text.",
            "body_fr": item.body_fr,
            "translation_current": "on",
        },
    )
    assert badges(author_client.get(url)) == {
        "id_title_fr": "Translation up to date",
        "id_body_fr": "Translation up to date",
    }


def test_the_lesson_list_flags_rows_with_translations_to_do(author_client, learning_package):
    module = learning_package.modules.first()
    lesson = module.lessons.last()
    author_client.post(
        lesson_url(learning_package, lesson),
        {"title_en": "Lesson two", "title_fr": "Leçon 1.2", "minutes": "10"},
    )
    page = author_client.get(
        reverse("learning:author_row", args=[learning_package.slug, "module", module.pk])
    )
    rows = soup(page).find(id="lesson-list").find_parent("section").select(".rows .name")
    assert [[b.get_text() for b in row.select(".badge")] for row in rows] == [
        [],
        ["Translation out of date"],
    ]


def test_a_french_original_puts_french_first(author_client, learning_package):
    url = reverse("learning:author_details", args=[learning_package.slug])
    author_client.post(url, details_data(learning_package, original_language="fr"))
    learning_package.refresh_from_db()
    assert learning_package.original_language == "fr"
    page = soup(author_client.get(url))
    first = page.select_one(".pair")
    assert [c["id"] for c in first.select("input")] == ["id_title_fr", "id_title_en"]
    # The translations were made from the English: against the French original they are stale.
    assert first.select_one(".badge").get_text() == "Translation out of date"


def test_the_translation_page_lists_what_is_missing_or_stale(author_client, learning_package):
    confirm_translations(learning_package)
    lesson = m.Lesson.objects.get(title_en="Lesson 2.1")
    author_client.post(
        lesson_url(learning_package, lesson),
        {"title_en": "Acting together", "title_fr": "Leçon 2.1", "minutes": "10"},
    )
    author_client.post(
        reverse("learning:author_details", args=[learning_package.slug]),
        details_data(learning_package, prerequisites_en="None"),
    )
    response = author_client.get(
        reverse("learning:author_translation", args=[learning_package.slug])
    )
    rows = [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in soup(response).select("tbody tr")
    ]
    assert rows == [
        [
            "Package details “Community engagement essentials”",
            "Prerequisites",
            "Translation missing",
        ],
        ["Lesson “Acting together” in “Module 2”", "Title", "Translation out of date"],
    ]
    links = [a["href"] for a in soup(response).select("tbody a")]
    assert links == [
        reverse("learning:author_details", args=[learning_package.slug]),
        lesson_url(learning_package, lesson),
    ]


def test_with_every_translation_done_the_page_says_so(author_client, learning_package):
    confirm_translations(learning_package)
    response = author_client.get(
        reverse("learning:author_translation", args=[learning_package.slug])
    )
    assert soup(response).select_one("main h2 + p + p").get_text() == (
        "Every translation is up to date."
    )
