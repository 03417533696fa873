"""The pages of a package lead to everything one can do with it, and only to that."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def _links(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    section = soup.find("h2", string="Use and adapt this package").find_parent("section")
    return [a.get_text() for a in section.find_all("a")]


def test_a_reader_can_download_a_learning_package_offline_see_its_versions_and_adopters(
    client, learning_package
):
    assert _links(client.get("/en/learning/ce-essentials/")) == [
        "Download it for offline use",
        "Versions and what changed",
        "Institutions that adopted or adapted it",
    ]


def test_a_member_may_record_an_adoption_and_an_author_may_edit_and_export_scorm(
    member_client, author_client, learning_package
):
    assert _links(member_client.get("/en/learning/ce-essentials/"))[-1] == (
        "Record that your institution adopted or adapted it"
    )
    assert _links(author_client.get("/en/learning/ce-essentials/")) == [
        "Download it for offline use, or as SCORM for a learning platform",
        "Versions and what changed",
        "Institutions that adopted or adapted it",
        "Record that your institution adopted or adapted it",
        "Edit this package",
    ]


def test_a_workshop_package_links_to_its_versions_adopters_and_editor(
    client, author_client, workshop_package
):
    path = "/en/learning/workshops/outbreak-workshop/"
    assert _links(client.get(path)) == [
        "Versions and what changed",
        "Institutions that adopted or adapted it",
    ]
    assert _links(author_client.get(path))[-1] == "Edit this package"


def test_the_package_editor_links_to_the_published_page_exports_and_results(
    author_client, learning_package, workshop_package
):
    def tabs(path):
        soup = BeautifulSoup(author_client.get(path).content, "html.parser")
        return [a.get_text() for a in soup.select("nav.tabs a")][-3:]

    assert tabs("/en/learning/author/ce-essentials/") == ["Published page", "Exports", "Results"]
    assert tabs("/en/learning/author/outbreak-workshop/") == [
        "Adopters",
        "Published page",
        "Cascade",
    ]


def test_the_catalogue_offers_authoring_to_authors_only(member_client, author_client):
    def extra(client):
        soup = BeautifulSoup(client.get("/en/learning/").content, "html.parser")
        return [a.get_text() for a in soup.select("main p a")][:2]

    assert extra(member_client)[0] == "My learning"
    assert "Write and edit packages" not in extra(member_client)
    assert extra(author_client) == ["My learning", "Write and edit packages"]


def test_the_main_menu_names_the_learning_section_in_both_languages(client):
    def current(path):
        soup = BeautifulSoup(client.get(path).content, "html.parser")
        return [a.get_text() for a in soup.select('nav.nav-main a[aria-current="page"]')]

    assert current("/en/learning/") == ["Learning"]
    assert current("/fr/learning/") == ["Apprentissage"]
