"""The export page and the two downloads: who may take which file, and the refusals."""

from __future__ import annotations

import gzip
import io
import zipfile

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import translation

from baraza.compendium import services as compendium
from baraza.learning import models as m
from baraza.learning import queries
from baraza.learning.exports import offline, scorm
from baraza.learning.services.publishing import publish
from tests.core.test_pages import BUDGET_BYTES, _assets, _get
from tests.editions.conftest import publish as publish_record
from tests.learning.conftest import build_learning_package

pytestmark = pytest.mark.django_db

PAGE = "/en/learning/ce-essentials/export/"


def page(client, path=PAGE) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def rows(soup: BeautifulSoup, heading: str) -> list[list[str]]:
    section = soup.find("h2", string=heading).find_parent("section")
    return [
        [td.get_text(strip=True) for td in tr.find_all("td")] for tr in section.select("tbody tr")
    ]


def sizes(package) -> dict[tuple[str, str], int]:
    version = queries.latest_version(package)
    return {
        (kind, language): len(builder.build(version, language))
        for kind, builder in (("offline", offline), ("scorm", scorm))
        for language in ("en", "fr")
    }


def size_text(size: int) -> str:
    from django.template.defaultfilters import filesizeformat

    return filesizeformat(size)


# --- The page -------------------------------------------------------------------------------


def test_an_author_sees_the_offline_and_scorm_files_with_their_sizes(
    author_client, learning_package
):
    soup = page(author_client)
    assert soup.h1.get_text() == "Export “Community engagement essentials”"
    size = sizes(learning_package)
    assert rows(soup, "Website to read offline") == [
        ["ce-essentials-v1-en-offline.zip", "English", size_text(size["offline", "en"])],
        ["ce-essentials-v1-fr-offline.zip", "French", size_text(size["offline", "fr"])],
    ]
    assert rows(soup, "SCORM 1.2 package for a learning platform") == [
        ["ce-essentials-v1-scorm12-en.zip", "English", size_text(size["scorm", "en"])],
        ["ce-essentials-v1-scorm12-fr.zip", "French", size_text(size["scorm", "fr"])],
    ]
    links = [a["href"] for a in soup.select("main table a")]
    assert links == [
        "/en/learning/ce-essentials/export/offline-en.zip",
        "/en/learning/ce-essentials/export/offline-fr.zip",
        "/en/learning/ce-essentials/export/scorm-en.zip",
        "/en/learning/ce-essentials/export/scorm-fr.zip",
    ]


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_readers_see_only_the_offline_files(who, member_client, learning_package):
    client = member_client if who == "member" else Client()
    soup = page(client)
    assert [a["href"] for a in soup.select("main table a")] == [
        "/en/learning/ce-essentials/export/offline-en.zip",
        "/en/learning/ce-essentials/export/offline-fr.zip",
    ]
    assert soup.find("h2", string="SCORM 1.2 package for a learning platform") is None


def test_the_page_is_in_french_under_fr(author_client, learning_package):
    soup = page(author_client, "/fr/learning/ce-essentials/export/")
    assert soup.html["lang"] == "fr"
    assert next(a["href"] for a in soup.select("main table a")) == (
        "/fr/learning/ce-essentials/export/offline-en.zip"
    )
    with translation.override("fr"):
        expected = translation.gettext("Export “%(title)s”") % {
            "title": "L'essentiel de l'engagement communautaire"
        }
    assert soup.h1.get_text() == expected


def test_an_unpublished_package_has_nothing_to_export_yet(author, author_client, experience):
    build_learning_package(author, experience, slug="draft")
    soup = page(author_client, "/en/learning/draft/export/")
    assert soup.select_one("p.lead").get_text() == (
        "This package has not been published yet. Publish a version, then export it."
    )
    assert soup.select("main table") == []
    # Others cannot read it at all, and there is no file to take.
    assert Client().get("/en/learning/draft/export/").status_code == 404
    assert author_client.get("/en/learning/draft/export/offline-en.zip").status_code == 404
    assert author_client.get("/en/learning/draft/export/scorm-en.zip").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/en/learning/outbreak-workshop/export/",
        "/en/learning/outbreak-workshop/export/offline-en.zip",
        "/en/learning/no-such-package/export/",
        "/en/learning/ce-essentials/export/offline-de.zip",
        "/en/learning/ce-essentials/export/scorm-xx.zip",
    ],
)
def test_workshops_unknown_packages_and_languages_are_not_found(
    author_client, learning_package, workshop_package, path
):
    assert author_client.get(path).status_code == 404


def test_the_page_fits_the_rules_of_every_page(author_client, learning_package):
    response, soup, total = _get(author_client, PAGE)
    assert response.status_code == 200
    for url in _assets(soup):
        asset = Client().get(url)
        content = b"".join(asset.streaming_content) if asset.streaming else asset.content
        total += len(gzip.compress(content, 9))
    assert total <= BUDGET_BYTES
    assert len(soup.find_all("h1")) == 1
    assert [s for s in soup.find_all("script") if not s.get("src")] == []
    assert all("style" not in tag.attrs for tag in soup.find_all(True))


@pytest.mark.parametrize("n", [1, 3])
def test_the_page_costs_the_same_queries_for_one_or_three_experiences(
    n, author, curator, experience, django_assert_num_queries
):
    package = build_learning_package(author, experience, slug="many")
    lesson = m.Lesson.objects.filter(module__package=package).last()
    for k in range(n - 1):
        record = publish_record(curator, f"Another record {k}")
        m.Item.objects.create(
            lesson=lesson, kind=m.ItemKind.EXPERIENCE, position=10 + k, experience=record
        )
    publish(package=package, actor=author)
    client = Client()
    client.force_login(author)
    client.get("/en/learning/many/export/")  # the sizes are cached from now on
    with django_assert_num_queries(8):
        client.get("/en/learning/many/export/")


# --- The files ------------------------------------------------------------------------------


def test_an_author_downloads_the_scorm_zip(author_client, learning_package):
    response = author_client.get("/en/learning/ce-essentials/export/scorm-fr.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        'attachment; filename="ce-essentials-v1-scorm12-fr.zip"'
    )
    assert response.content == scorm.build(queries.latest_version(learning_package), "fr")
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names[:2] == ["imsmanifest.xml", "imscp_rootv1p1p2.xsd"]


def test_staff_may_export_any_package_as_scorm(staff_client, learning_package):
    assert staff_client.get("/en/learning/ce-essentials/export/scorm-en.zip").status_code == 200


def test_a_member_who_is_not_an_author_may_not_take_the_scorm_zip(member_client, learning_package):
    response = member_client.get("/en/learning/ce-essentials/export/scorm-en.zip")
    assert response.status_code == 403
    main = BeautifulSoup(response.content, "html.parser").select_one("main")
    assert main.find("p").get_text() == (
        "Only the package's authors and staff may export it as a SCORM package for a learning "
        "platform."
    )


def test_another_author_may_not_take_the_scorm_zip(learning_package):
    from django.contrib.auth.models import Group

    from tests.factories import MemberFactory

    other = MemberFactory()
    other.groups.add(Group.objects.get(name="authors"))
    client = Client()
    client.force_login(other)
    assert client.get("/en/learning/ce-essentials/export/scorm-en.zip").status_code == 403


def test_a_visitor_is_asked_to_log_in_for_the_scorm_zip(learning_package):
    response = Client().get("/en/learning/ce-essentials/export/scorm-en.zip")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


def test_anyone_may_take_the_offline_zip(learning_package):
    response = Client().get("/en/learning/ce-essentials/export/offline-en.zip")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="ce-essentials-v1-en-offline.zip"'
    )
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names[0] == "ce-essentials-v1-en/index.html"


# --- Refusals -------------------------------------------------------------------------------


@pytest.fixture
def withdrawn(learning_package, experience, curator):
    compendium.withdraw(experience=experience, actor=curator, reason="The community asked.")
    return experience


@pytest.mark.parametrize("file", ["scorm-en.zip", "offline-fr.zip"])
def test_a_version_linking_to_a_withdrawn_experience_is_not_exported(
    author_client, withdrawn, file
):
    response = author_client.get(f"/en/learning/ce-essentials/export/{file}")
    assert response.status_code == 409
    assert response["Content-Type"].startswith("text/html")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "This package cannot be exported"
    main = soup.select_one("main")
    assert [p.get_text(" ", strip=True) for p in main.find_all("p")][:2] == [
        "Version 1 of “Community engagement essentials” links to experiences that are no longer "
        "published in the compendium:",
        "Publish a new version of the package without them, then export it again.",
    ]
    assert [li.get_text() for li in main.select("ul li")] == [withdrawn.identifier]


def test_the_export_page_explains_the_refusal_and_offers_no_file(author_client, withdrawn):
    soup = page(author_client)
    alert = soup.select_one("main [role=alert]")
    assert [p.get_text(strip=True) for p in alert.find_all("p")] == [
        "This version cannot be exported.",
        "It links to experiences that are no longer published in the compendium:",
        "Publish a new version of the package without them, then export it again.",
    ]
    assert [a.get_text() for a in alert.select("li a")] == [withdrawn.identifier]
    assert soup.select("main table") == []


def test_the_refusal_is_in_french_under_fr(author_client, withdrawn):
    response = author_client.get("/fr/learning/ce-essentials/export/scorm-fr.zip")
    assert response.status_code == 409
    soup = BeautifulSoup(response.content, "html.parser")
    with translation.override("fr"):
        expected = translation.gettext("This package cannot be exported")
    assert soup.html["lang"] == "fr" and soup.h1.get_text() == expected


def test_a_download_whose_file_is_gone_is_not_exported(author, author_client, experience):
    from django.core.files.base import ContentFile

    package = build_learning_package(author, experience, slug="files")
    lesson = m.Lesson.objects.filter(module__package=package).first()
    item = m.Item(lesson=lesson, kind=m.ItemKind.DOWNLOAD, position=9, title_en="Handout")
    item.file.save("handout.pdf", ContentFile(b"%PDF-1.4"), save=True)
    publish(package=package, actor=author)
    assert author_client.get("/en/learning/files/export/scorm-en.zip").status_code == 200
    item.file.delete(save=False)
    response = author_client.get("/en/learning/files/export/scorm-en.zip")
    assert response.status_code == 409
    main = BeautifulSoup(response.content, "html.parser").select_one("main")
    assert [li.get_text() for li in main.select("ul li")] == ["learning/downloads/handout.pdf"]


def test_a_new_version_without_the_withdrawn_experience_exports_again(
    author, author_client, withdrawn, learning_package
):
    m.Item.objects.filter(experience=withdrawn).delete()
    publish(package=learning_package, actor=author)
    response = author_client.get("/en/learning/ce-essentials/export/scorm-en.zip")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="ce-essentials-v2-scorm12-en.zip"'
    )


# --- The published title, not the authors' draft ----------------------------------------------


def rename_draft(author, package) -> None:
    from baraza.learning.services import authoring

    authoring.update_package(
        actor=author, package=package, values={"title_en": "Draft title in progress"}
    )


def test_the_export_page_shows_the_published_title_not_the_draft(client, author, learning_package):
    rename_draft(author, learning_package)
    soup = page(client)
    assert soup.h1.get_text() == "Export “Community engagement essentials”"
    assert soup.title.get_text().startswith("Export Community engagement essentials")


def test_the_refusal_shows_the_published_title_not_the_draft(client, author, withdrawn):
    rename_draft(author, m.Package.objects.get(slug="ce-essentials"))
    response = client.get("/en/learning/ce-essentials/export/offline-en.zip")
    assert response.status_code == 409
    lead = BeautifulSoup(response.content, "html.parser").select_one("main p.lead")
    assert lead.get_text(" ", strip=True) == (
        "Version 1 of “Community engagement essentials” links to experiences that are no longer "
        "published in the compendium:"
    )
