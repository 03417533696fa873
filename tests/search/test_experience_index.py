"""Compendium records in the search: only published ones, as their public page shows them.

A record is found from its current published version (the frozen copy its page shows), in
English and French, by anyone; drafts, records in curation and declined ones never, withdrawn
ones no longer. Every record here is built through the compendium's services.
"""

from __future__ import annotations

from html import unescape

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils.html import strip_tags

from baraza.compendium import indexing, services
from baraza.compendium.models import Experience
from baraza.search import services as search
from baraza.search.documents import Access
from baraza.search.models import Document
from baraza.search.queries import FacetValue
from baraza.taxonomy.models import Country
from tests.compendium import factories
from tests.factories import MemberFactory
from tests.search.conftest import find, found

pytestmark = pytest.mark.django_db

TITLE_EN = "Community health workers trace immunisation defaulters, Senegal"
TITLE_FR = "Les agents de santé communautaire retrouvent les enfants non vaccinés, Sénégal"
SUMMARY_EN = (
    "Volunteers visited every household of the district with the vaccination registers and "
    "brought children who had missed a dose back to the clinic, where nurses caught them up "
    "and booked the next visit with their mothers."
)
DONE_EN = "Mothers' groups kept a list of newborns and shared it at each meeting. " + (
    factories.words(30)
)
SUMMARY_FR = (
    "Des bénévoles ont visité chaque ménage du district avec les registres de vaccination et "
    "ramené au centre de santé les enfants qui avaient manqué une dose."
)


def values(**overrides) -> dict:
    """A complete record in English with its French translation, in Senegal."""
    return factories.complete_values(
        **{
            "title_en": TITLE_EN,
            "summary_en": SUMMARY_EN,
            "what_was_done_en": DONE_EN,
            "title_fr": TITLE_FR,
            "summary_fr": SUMMARY_FR,
            "what_was_done_fr": "Les groupes de mères tenaient la liste des nouveau-nés.",
            "countries": [Country.objects.get(code="SN")],
            "contact_name": "Awa Diop",
            "contact_email": "awa@example.org",
            "contact_organisation": "Réseau des relais communautaires de Kolda",
            "contact_consent": True,
            **overrides,
        }
    )


def publish(curator, **overrides) -> Experience:
    experience = services.create_experience(actor=curator, values=values(**overrides))
    return services.publish_directly(experience=experience, actor=curator)


def titles(q: str, user=None, **request) -> list[str]:
    """The titles of the results, as the reader reads them (without the highlighting)."""
    return [unescape(strip_tags(hit.title)) for hit in find(q, user, **request).hits]


@pytest.fixture
def reviewers(db):
    return [
        MemberFactory(display_name="Rita Reviewer", country="GH"),
        MemberFactory(display_name="Rob Reviewer", country="NG"),
    ]


@pytest.fixture
def submitter(db):
    return MemberFactory(display_name="Sara Submitter", country="SN", language="fr")


# --- What an entry holds ----------------------------------------------------------------------


def test_the_entry_is_the_published_version_in_both_languages(curator):
    record = publish(curator)
    version = record.versions.get()

    entry = indexing.entry(record)

    assert entry.kind == "experience"
    assert entry.object_id == record.identifier
    assert entry.path == f"compendium/{record.identifier}/"
    assert entry.original_language == "en"
    assert entry.access == Access.PUBLIC
    assert entry.community_id is None
    assert entry.date == version.published_at
    assert entry.tags == (("country", "SN"),)
    assert entry.meta == {"identifier": record.identifier}
    assert sorted(entry.texts) == ["en", "fr"]
    english, french = entry.texts["en"], entry.texts["fr"]
    assert (english.title, english.summary) == (TITLE_EN, SUMMARY_EN)
    assert (french.title, french.summary) == (TITLE_FR, SUMMARY_FR)
    for words in (
        SUMMARY_EN,
        "Mothers' groups kept a list",
        "Routine programme monitoring",  # the evidence
        record.identifier,
        "Senegal",
        "Réseau des relais communautaires de Kolda",
        "Community health committees in Kenya",  # a reference
    ):
        assert words in english.body
    assert "Sénégal" in french.body
    assert "Les groupes de mères" in french.body
    assert "Mothers' groups" not in french.body


def test_an_untranslated_record_has_its_original_language_only(curator):
    record = publish(curator, title_fr="", summary_fr="", what_was_done_fr="")

    assert list(indexing.entry(record).texts) == ["en"]


def test_the_entry_link_opens_the_record_page(curator, client):
    record = publish(curator)

    hit = find("immunisation").hits[0]

    assert hit.url == f"/en/compendium/{record.identifier}/"
    assert hit.meta == {"identifier": record.identifier}
    page = client.get(hit.url)
    assert page.status_code == 200
    assert TITLE_EN in page.content.decode()


# --- Finding published records ----------------------------------------------------------------


def test_a_published_record_is_found_by_its_words_in_both_languages(curator):
    record = publish(curator)

    assert found("immunisation defaulters") == [record.identifier]
    assert found("enfants vaccinés") == [record.identifier]
    assert found("household registers") == [record.identifier]  # in the summary
    assert found("Kolda") == [record.identifier]  # the organisation
    assert found(record.identifier.lower()) == [record.identifier]


def test_accents_and_word_forms_do_not_matter(curator):
    record = publish(curator)

    assert found("sante communautaire") == [record.identifier]
    assert found("SANTÉ COMMUNAUTAIRE") == [record.identifier]
    assert found("agent") == [record.identifier]  # "agents"
    assert found("defaulter") == [record.identifier]  # "defaulters"
    assert found("vaccine enfant") == [record.identifier]  # "vaccinés", "enfants"


def test_results_show_the_title_in_the_reader_language(curator):
    publish(curator)

    assert titles("vaccinés", language="fr") == [TITLE_FR]
    assert titles("immunisation", language="fr") == [TITLE_FR]
    assert titles("immunisation", language="en") == [TITLE_EN]
    french_words_in_english = find("retrouvent", language="en").hits[0]
    assert strip_tags(french_words_in_english.title) == TITLE_EN
    assert french_words_in_english.matched_language == "fr"


def test_a_french_query_finds_the_french_translation(curator):
    record = publish(curator)

    results = find("ménages bénévoles", language="fr")

    assert [hit.object_id for hit in results.hits] == [record.identifier]
    assert results.hits[0].language == "fr"
    assert "<mark>bénévoles</mark>" in results.hits[0].snippet


def test_a_record_written_in_french_is_found_and_shown_in_french(curator):
    experience = services.create_experience(
        actor=curator,
        values=factories.complete_values(
            original_language="fr",
            title_en="",
            summary_en="",
            what_was_done_en="",
            outcomes_en="",
            lessons_learned_en="",
            evidence_description_en="",
            title_fr="Comités de gestion des points d'eau au Niger",
            summary_fr=factories.words(60),
            what_was_done_fr="Les comités se réunissaient chaque mois. " + factories.words(30),
            outcomes_fr="Moins de pannes. " + factories.words(15),
            lessons_learned_fr="Se réunir souvent.",
            evidence_description_fr="Suivi de routine.",
        ),
    )
    services.publish_directly(experience=experience, actor=curator)

    assert titles("comite point eau", language="en") == [
        "Comités de gestion des points d'eau au Niger"
    ]
    assert find("comites", language="en").hits[0].language == "fr"


def test_anyone_finds_published_records(curator, member):
    record = publish(curator)

    assert found("immunisation") == [record.identifier]
    assert found("immunisation", AnonymousUser()) == [record.identifier]
    assert found("immunisation", member) == [record.identifier]
    assert found("immunisation", MemberFactory(display_name="Olu Outsider")) == [record.identifier]


def test_a_record_published_after_review_is_found(submitter, curator, reviewers):
    record = factories.published(submitter, curator, reviewers, title_en=TITLE_EN)

    assert found("immunisation defaulters") == [record.identifier]


# --- Records that are not public --------------------------------------------------------------


def test_records_that_are_not_public_are_never_found(submitter, curator, reviewers, facilitator):
    published = publish(curator)
    hidden = {
        "title_en": f"{TITLE_EN} (unpublished)",
        "countries": [Country.objects.get(code="ML")],
    }
    factories.draft(submitter, **hidden)
    factories.submitted(submitter, **hidden)
    factories.in_review(submitter, curator, reviewers, **hidden)
    declined = factories.reviewed(submitter, curator, reviewers, **hidden)
    services.decide(experience=declined, actor=curator, accept=False, reasons="Out of scope.")

    for user in (None, submitter, curator, facilitator):
        results = find("immunisation", user)
        assert [hit.object_id for hit in results.hits] == [published.identifier]
        assert results.total == 1
        assert results.facets["kind"] == [FacetValue("experience", "Experiences", 1, False)]
        assert [(v.value, v.count) for v in results.facets["country"]] == [("SN", 1)]
        assert [(v.value, v.count) for v in results.facets["language"]] == [("en", 1), ("fr", 1)]
        assert found("unpublished", user) == []
        assert find(kinds=("experience",)).total == 1
    assert Document.objects.filter(kind="experience").count() == 1


def test_withdrawing_a_record_removes_it(curator):
    record = publish(curator)
    other = publish(curator, title_en="Radio drama on immunisation myths", title_fr="")

    services.withdraw(experience=record, actor=curator, reason="The data were wrong.")

    assert found("immunisation") == [other.identifier]
    results = find("defaulters")
    assert (results.hits, results.total) == ([], 0)
    assert find(kinds=("experience",)).total == 1
    assert search.reindex(["experience"]) == {"experience": 1}
    assert found("defaulters") == []


# --- New versions and the working copy --------------------------------------------------------


def test_a_new_version_replaces_the_words_it_changes(curator):
    record = publish(curator)

    version = services.publish_edit(
        experience=record,
        actor=curator,
        values={
            "title_en": "Mothers' groups find children who missed vaccines, Senegal",
            "title_fr": "Les groupes de mères retrouvent les enfants non vaccinés, Sénégal",
        },
        change_note="A clearer title.",
    )

    assert found("defaulters") == []
    assert found("agents") == []
    assert found("mothers missed") == [record.identifier]
    assert titles("mères", language="fr") == [
        "Les groupes de mères retrouvent les enfants non vaccinés, Sénégal"
    ]
    assert find("mothers").hits[0].date == version.published_at


def test_a_new_translation_is_found_once_published(curator):
    record = publish(curator, title_fr="", summary_fr="", what_was_done_fr="")
    assert found("retrouvent") == []

    services.publish_edit(
        experience=record,
        actor=curator,
        values={"title_fr": TITLE_FR, "summary_fr": SUMMARY_FR},
        change_note="French translation.",
    )

    assert found("retrouvent") == [record.identifier]
    assert titles("retrouvent", language="fr") == [TITLE_FR]


def test_an_unpublished_change_of_the_working_copy_is_not_found(curator):
    """The index holds what the record page shows: the published version, not the working
    copy. A change that is not published (here written straight to the working copy; the
    services publish every edit of a published record as a new version) changes nothing."""
    record = publish(curator)
    Experience.objects.filter(pk=record.pk).update(
        title_en="Draft wording nobody has published", summary_en="Unreviewed claims."
    )
    record.refresh_from_db()

    search.index("experience", record)
    assert found("draft wording") == []
    assert found("defaulters") == [record.identifier]

    search.reindex(["experience"])
    assert found("unreviewed claims") == []
    assert titles("defaulters") == [TITLE_EN]


def test_a_refused_edit_leaves_the_published_words(curator):
    record = publish(curator)

    with pytest.raises(services.ScreeningFailed):
        services.publish_edit(
            experience=record,
            actor=curator,
            values={"title_en": "Half-written replacement", "summary_en": ""},
            change_note="Work in progress.",
        )

    assert found("replacement") == []
    assert titles("defaulters") == [TITLE_EN]


# --- Rebuilding --------------------------------------------------------------------------------

QUERIES = ("immunisation", "sante communautaire", "vaccinés", "radio", "kenya", "clinic data")


def _snapshot():
    return {
        q: [(h.object_id, str(h.title), h.url, h.date, h.meta) for h in find(q).hits]
        for q in QUERIES
    } | {"all": find(kinds=("experience",)).total}


def test_reindex_gives_the_same_results(submitter, curator):
    publish(curator)
    publish(curator, title_en="Radio drama on immunisation myths", title_fr="")
    withdrawn = publish(curator, title_en="Radio phone-ins on clinic data, Kenya", title_fr="")
    services.withdraw(experience=withdrawn, actor=curator, reason="Duplicate.")
    edited = publish(curator, title_en="Village health committees review clinic data, Kenya")
    services.publish_edit(
        experience=edited,
        actor=curator,
        values={"outcomes_en": f"More visits. {factories.words(15)}"},
        change_note=".",
    )
    factories.draft(submitter, title_en="Radio quiz draft")
    before = _snapshot()
    assert before["all"] == 3

    assert search.reindex(["experience"]) == {"experience": 3}
    assert _snapshot() == before

    Document.objects.filter(kind="experience").delete()
    assert found("immunisation") == []
    search.reindex(["experience"])
    assert _snapshot() == before


@pytest.mark.parametrize("n", [1, 3])
def test_entries_take_the_same_queries_for_any_number_of_records(
    curator, n, django_assert_num_queries
):
    for i in range(n):
        publish(curator, title_en=f"{TITLE_EN} {i}")

    with django_assert_num_queries(1):
        assert len(list(indexing.entries())) == n
