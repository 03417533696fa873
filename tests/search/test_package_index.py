"""Learning and workshop packages in the search: found once published, as their latest
published version says, by anyone; what authors change afterwards only once it is published.

Packages are built with the learning tests' ``build_*`` functions and published through
``services.publishing``.
"""

from __future__ import annotations

from html import unescape

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags

from baraza.learning import indexing
from baraza.learning.policies import AUTHORS_GROUP
from baraza.learning.services import authoring
from baraza.learning.services.publishing import publish
from baraza.search import services as search
from baraza.search.documents import Access
from baraza.search.models import Document
from baraza.search.queries import FacetValue
from tests.editions.conftest import publish as publish_record
from tests.factories import MemberFactory
from tests.learning.conftest import build_learning_package, build_workshop_package
from tests.search.conftest import find, found

pytestmark = pytest.mark.django_db

LEARNING_EN = "Community engagement essentials"
LEARNING_FR = "L'essentiel de l'engagement communautaire"
WORKSHOP_EN = "Engaging communities in outbreak response"
WORKSHOP_FR = "Engager les communautés dans la riposte aux épidémies"


@pytest.fixture
def author(db):
    user = MemberFactory(display_name="Awa Author", language="en")
    user.groups.add(Group.objects.get_or_create(name=AUTHORS_GROUP)[0])
    return user


@pytest.fixture
def record(curator):
    return publish_record(curator, "Village health committees review clinic data, Kenya")


@pytest.fixture
def learning(author, record):
    """The learning package, built but not published yet."""
    return build_learning_package(author, record)


@pytest.fixture
def workshop(author, record):
    """The workshop package, built but not published yet."""
    return build_workshop_package(author, record)


def published(package, author):
    publish(package=package, actor=author, notes_en="First version.", notes_fr="Version 1.")
    package.refresh_from_db()
    return package


def titles(q: str, user=None, **request) -> list[str]:
    """The titles of the results, as the reader reads them (without the highlighting)."""
    return [unescape(strip_tags(hit.title)) for hit in find(q, user, **request).hits]


# --- What an entry holds ----------------------------------------------------------------------


def test_a_learning_package_entry_is_its_latest_version(learning, author):
    package = published(learning, author)
    version = package.versions.get()

    entry = indexing.entry(package)

    assert entry.kind == "package"
    assert entry.object_id == str(package.pk)
    assert entry.path == "learning/ce-essentials/"
    assert entry.original_language == "en"
    assert entry.access == Access.PUBLIC
    assert entry.community_id is None
    assert entry.date == version.published_at
    assert entry.tags == ()
    assert entry.meta == {"package_kind": "learning"}
    english, french = entry.texts["en"], entry.texts["fr"]
    assert (english.title, french.title) == (LEARNING_EN, LEARNING_FR)
    assert english.summary == "What community engagement is, and how to do it well."
    assert french.summary == "Ce qu'est l'engagement communautaire, et comment bien le mener."
    for words in (
        "What community engagement is",
        "Plan engagement",  # a competency
        "In-service training",  # the audience
        "Module 2",
        "Lesson 1.2",
    ):
        assert words in english.body
    for words in ("Examiner les données communautaires", "Formation continue", "Leçon 2.1"):
        assert words in french.body
    assert "Lesson 1.2" not in french.body


def test_a_workshop_package_entry_links_to_the_workshop_page(workshop, author):
    package = published(workshop, author)

    entry = indexing.entry(package)

    assert entry.path == "learning/workshops/outbreak-workshop/"
    assert entry.meta == {"package_kind": "workshop"}
    assert entry.texts["en"].summary == "Facilitators can run community dialogues."
    for words in ("Day 2: acting", "Role-play: the rumour", "Objective of Case study: committees"):
        assert words in entry.texts["en"].body
    for words in ("Jour 1 : écouter", "Jeu de rôle : la rumeur", "Écouter d'abord"):
        assert words in entry.texts["fr"].body


def test_results_link_to_the_package_pages(learning, workshop, author, client):
    published(learning, author)
    published(workshop, author)

    for q, title in (("essentials", LEARNING_EN), ("outbreak", WORKSHOP_EN)):
        hit = find(q).hits[0]
        page = client.get(hit.url)
        assert page.status_code == 200
        assert title in unescape(page.content.decode())
    assert find("essentials").hits[0].url == "/en/learning/ce-essentials/"
    assert find("outbreak").hits[0].url == "/en/learning/workshops/outbreak-workshop/"


# --- Publishing ---------------------------------------------------------------------------------


def test_a_package_is_found_once_published_not_before(learning, workshop, author):
    assert found("essentials") == []
    assert found("outbreak") == []
    assert find(kinds=("package",)).total == 0

    published(learning, author)
    published(workshop, author)

    assert found("essentials") == [str(learning.pk)]
    assert found("rumour") == [str(workshop.pk)]  # a session's title
    assert found("listening") == [str(workshop.pk)]  # a day's title
    assert found("lesson 2.2") == [str(learning.pk)]
    results = find("community", kinds=("package",))
    assert results.total == 2
    assert results.facets["kind"] == [
        FacetValue("experience", "Experiences", 1, False),  # the record the packages use
        FacetValue("package", "Learning packages", 2, True),
    ]


def test_anyone_finds_published_packages(learning, author, member):
    package = published(learning, author)
    outsider = MemberFactory(display_name="Olu Outsider")

    for user in (AnonymousUser(), member, outsider, author):
        assert found("essentials", user) == [str(package.pk)]


def test_packages_are_found_in_french_with_accents_and_word_forms(
    learning,
    workshop,
    author,
):
    published(learning, author)
    published(workshop, author)

    assert found("riposte epidemie") == [str(workshop.pk)]  # "épidémies"
    assert found("ÉPIDÉMIES communautés") == [str(workshop.pk)]
    assert found("essentiel engagement communautaire") == [str(learning.pk)]
    assert found("outbreaks") == [str(workshop.pk)]  # "outbreak"
    assert titles("riposte", language="fr") == [WORKSHOP_FR]
    assert titles("essentiel", language="fr") == [LEARNING_FR]
    assert titles("riposte", language="en") == [WORKSHOP_EN]
    assert find("riposte", language="en").hits[0].matched_language == "fr"


def test_draft_changes_are_found_only_once_republished(learning, author):
    package = published(learning, author)
    authoring.update_package(
        actor=author,
        package=package,
        values={
            "title_en": "Participatory planning toolkit",
            "title_fr": "Boîte à outils de planification participative",
        },
    )
    module = package.modules.get(position=2)
    authoring.save_row(
        actor=author, package=package, row=module, values={"title_en": "Budget hearings"}
    )

    search.index("package", package)
    assert found("toolkit") == []
    assert found("budget hearings") == []
    search.reindex(["package"])
    assert found("toolkit") == []
    assert titles("essentials") == [LEARNING_EN]

    version = publish(package=package, actor=author, notes_en="New title.")

    assert found("toolkit") == [str(package.pk)]
    assert found("budget hearings") == [str(package.pk)]
    assert found("essentials") == []
    assert titles("planification", language="fr") == [
        "Boîte à outils de planification participative"
    ]
    assert find("toolkit").hits[0].date == version.published_at


def test_a_refused_publication_changes_nothing(learning, author):
    package = published(learning, author)
    authoring.update_package(actor=author, package=package, values={"title_en": "Half done"})
    for module in package.modules.all():  # the package is no longer whole
        authoring.delete_row(actor=author, package=package, row=module)

    with pytest.raises(ValidationError, match="no module"):
        publish(package=package, actor=author)

    assert found("half done") == []
    assert titles("essentials") == [LEARNING_EN]


# --- Rebuilding --------------------------------------------------------------------------------

QUERIES = ("essentials", "outbreak", "riposte", "community", "lesson", "rumour")


def _snapshot():
    return {
        q: [(h.object_id, str(h.title), h.url, h.date, h.meta) for h in find(q).hits]
        for q in QUERIES
    } | {"all": find(kinds=("package",)).total}


def test_reindex_gives_the_same_results(learning, workshop, author, record):
    published(learning, author)
    published(workshop, author)
    build_learning_package(author, record, slug="never-published")
    before = _snapshot()
    assert before["all"] == 2

    assert search.reindex(["package"]) == {"package": 2}
    assert _snapshot() == before

    Document.objects.filter(kind="package").delete()
    assert found("essentials") == []
    search.reindex(["package"])
    assert _snapshot() == before


@pytest.mark.parametrize("n", [1, 3])
def test_entries_take_the_same_queries_for_any_number_of_packages(
    author,
    record,
    n,
    django_assert_num_queries,
):
    for i in range(n):
        published(build_workshop_package(author, record, slug=f"workshop-{i}"), author)

    with django_assert_num_queries(1):
        assert len(list(indexing.entries())) == n
