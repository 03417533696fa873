"""What the SCORM and offline zips hold: a manifest valid against the SCORM 1.2 schemas, the
same pages in both, every file accounted for, relative links only, and the same bytes every
time for the same version."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePosixPath
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import translation
from lxml import etree

from baraza.learning import models as m
from baraza.learning import queries
from baraza.learning.exports import common, offline, scorm
from baraza.learning.services.publishing import publish
from tests.learning.conftest import build_learning_package

pytestmark = pytest.mark.django_db

NS = {
    "cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
# One schema that imports the two the manifest names, by the file names shipped in the zip.
WRAPPER = b"""<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <xsd:import namespace="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
              schemaLocation="imscp_rootv1p1p2.xsd"/>
  <xsd:import namespace="http://www.adlnet.org/xsd/adlcp_rootv1p2"
              schemaLocation="adlcp_rootv1p2.xsd"/>
</xsd:schema>"""
HANDOUT = b"%PDF-1.4\n% a one-page handout\n"


@pytest.fixture
def rich_package(author, experience):
    """The conftest package plus, in lesson 1.2, Markdown text and a download, published."""
    package = build_learning_package(author, experience, slug="rich")
    lesson = m.Lesson.objects.get(module__package=package, title_en="Lesson 1.2")
    m.Item.objects.create(
        lesson=lesson,
        kind=m.ItemKind.TEXT,
        position=5,
        title_en="Listening",
        title_fr="Écouter",
        body_en="**Listen** first, then see [the map](/en/compendium/map/).",
        body_fr="**Écoutez** d'abord, puis voyez [la carte](/fr/compendium/map/).",
    )
    download = m.Item(
        lesson=lesson,
        kind=m.ItemKind.DOWNLOAD,
        position=6,
        title_en="Meeting handout",
        title_fr="Document de réunion",
        body_en="Print it for the committee.",
        body_fr="Imprimez-le pour le comité.",
    )
    download.file.save("meeting handout (v2).pdf", ContentFile(HANDOUT), save=False)
    download.save()
    publish(package=package, actor=author)
    package.refresh_from_db()
    return package


def open_zip(content: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(content))


def scorm_zip(package, language="en") -> zipfile.ZipFile:
    return open_zip(scorm.build(queries.latest_version(package), language))


def offline_pages(package, language="en") -> dict[str, bytes]:
    """The offline zip's files, by path inside its one folder."""
    archive = open_zip(offline.build(queries.latest_version(package), language))
    folder = f"{package.slug}-v{package.version_number}-{language}/"
    assert all(name.startswith(folder) for name in archive.namelist())
    return {name.removeprefix(folder): archive.read(name) for name in archive.namelist()}


def schema_from(archive: zipfile.ZipFile, tmp_path) -> etree.XMLSchema:
    """The schema made of the XSDs in the zip itself (no network: imports are local files)."""
    for name in archive.namelist():
        if name.endswith(".xsd"):
            (tmp_path / name).write_bytes(archive.read(name))
    (tmp_path / "all.xsd").write_bytes(WRAPPER)
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(tmp_path / "all.xsd"), parser))


def soup(content: bytes) -> BeautifulSoup:
    return BeautifulSoup(content, "html.parser")


def page_of(pages: dict[str, bytes], prefix: str, text: str) -> BeautifulSoup:
    """The one page whose path starts with ``prefix`` and whose h1 is ``text``."""
    found = [
        soup(content)
        for path, content in pages.items()
        if path.startswith(prefix) and soup(content).h1.get_text() == text
    ]
    assert len(found) == 1, (prefix, text)
    return found[0]


# --- SCORM ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_manifest_is_valid_against_the_scorm_12_schemas_in_the_zip(
    rich_package, language, tmp_path
):
    archive = scorm_zip(rich_package, language)
    schema = schema_from(archive, tmp_path)
    manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    schema.assertValid(manifest)
    assert manifest.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
    assert manifest.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"
    assert len(manifest.findall("cp:organizations/cp:organization", NS)) == 1
    (resource,) = manifest.findall("cp:resources/cp:resource", NS)
    assert resource.get("type") == "webcontent"
    assert resource.get(f"{{{NS['adlcp']}}}scormtype") == "sco"
    assert resource.get("href") == "launch.html"
    title = (
        "Community engagement essentials"
        if language == "en"
        else ("L'essentiel de l'engagement communautaire")
    )
    assert manifest.findtext("cp:organizations/cp:organization/cp:title", namespaces=NS) == title


def test_the_schema_check_refuses_a_manifest_that_breaks_the_rules(learning_package, tmp_path):
    archive = scorm_zip(learning_package)
    schema = schema_from(archive, tmp_path)
    manifest = archive.read("imsmanifest.xml")
    assert schema.validate(etree.fromstring(manifest))
    for wrong, right in [
        (b'scormtype="lesson"', b'scormtype="sco"'),
        (b'isvisible="maybe"', b'isvisible="true"'),
        (b"<resource type=", re.search(rb'<resource identifier="[^"]+" type=', manifest)[0]),
    ]:
        assert right in manifest
        assert not schema.validate(etree.fromstring(manifest.replace(right, wrong))), wrong


def test_every_file_in_the_manifest_is_in_the_zip_and_every_file_in_the_zip_is_named(
    rich_package,
):
    archive = scorm_zip(rich_package)
    manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    listed = [f.get("href") for f in manifest.iterfind("cp:resources/cp:resource/cp:file", NS)]
    schemas = manifest.get(f"{{{NS['xsi']}}}schemaLocation").split()[1::2]
    for name in schemas:  # and the schemas they import, in turn
        xsd = etree.fromstring(archive.read(name))
        imported = xsd.iterfind("{http://www.w3.org/2001/XMLSchema}import")
        schemas += [i.get("schemaLocation") for i in imported if i.get("schemaLocation")]
    assert len(listed) == len(set(listed))
    assert sorted(archive.namelist()) == sorted({"imsmanifest.xml", *schemas, *listed})
    assert sorted(set(schemas)) == sorted(scorm.SCHEMA_FILES)
    assert "launch.html" in listed and "assets/scorm.js" in listed


def test_the_scorm_zip_has_the_offline_pages_plus_the_launch_page(rich_package):
    archive = scorm_zip(rich_package)
    pages = offline_pages(rich_package)
    extra = {"imsmanifest.xml", "launch.html", "assets/scorm.js", *scorm.SCHEMA_FILES}
    assert sorted(set(archive.namelist()) - extra) == sorted(pages)
    assert all(archive.read(path) == content for path, content in pages.items())
    launch = soup(archive.read("launch.html"))
    assert [s["src"] for s in launch.find_all("script")] == ["assets/scorm.js"]
    assert launch.iframe["src"] == "about:blank"


def test_the_launch_page_tells_the_runtime_what_to_track(learning_package):
    import json

    data = queries.latest_version(learning_package).data
    course = json.loads(soup(scorm_zip(learning_package).read("launch.html")).body["data-course"])
    assert course == {
        "lessons": [lesson["key"] for lesson in data["modules"][0]["lessons"]]
        + [lesson["key"] for lesson in data["modules"][1]["lessons"]],
        "quizzes": [{"key": module["key"], "total": 2} for module in data["modules"]],
        "passMark": 50,
        "visitShare": 100,
    }


def test_the_same_version_gives_the_same_bytes_with_its_publication_time(learning_package):
    version = queries.latest_version(learning_package)
    first, second = scorm.build(version, "en"), scorm.build(version, "en")
    assert first == second
    assert offline.build(version, "fr") == offline.build(version, "fr")
    published = version.published_at
    stamps = {info.date_time for info in open_zip(first).infolist()}
    assert stamps == {
        (published.year, published.month, published.day, published.hour, published.minute,
         published.second - published.second % 2)
    }  # fmt: skip


# --- The pages ------------------------------------------------------------------------------


def test_the_index_lists_the_tests_modules_lessons_and_quizzes_in_order(learning_package):
    index = soup(offline_pages(learning_package)["index.html"])
    assert index.h1.get_text() == "Community engagement essentials"
    contents = [a.get_text() for a in index.select("ol.contents a")]
    assert contents == [
        "Pre-test",
        "Lesson 1.1",
        "Lesson 1.2",
        "Quiz: Module 1",
        "Lesson 2.1",
        "Lesson 2.2",
        "Quiz: Module 2",
        "Post-test",
    ]
    facts = [dd.get_text() for dd in index.select("dl.facts dd")]
    assert facts == ["1", "In-service training", "Introductory", "3", "CC BY-NC-SA 3.0 IGO"]
    assert [li.get_text() for li in index.select("h2 + ul li")][:2] == [
        "Plan engagement",
        "Review community data",
    ]


def test_a_lesson_shows_its_text_experience_card_prompts_and_check(learning_package, experience):
    pages = offline_pages(learning_package)
    lesson = page_of(pages, "lesson-", "Lesson 1.1")
    items = lesson.select("main section.item")
    assert [s["class"][1] for s in items] == ["item-text", "item-experience", "item-check"]
    assert items[0].get_text(strip=True) == "Text of lesson 1.1."
    card = items[1].select_one("article.card")
    assert card.h3.get_text() == experience.title_en
    assert card.p.get_text() == experience.summary_en
    url = f"{settings.SITE_URL.rstrip('/')}/en/compendium/{experience.identifier}/"
    assert (
        card.select_one("p.small").get_text(" ", strip=True) == f"{experience.identifier} · {url}"
    )
    assert card.a["href"] == url
    assert items[1].find("h3", string="Reflect").find_next("p").get_text() == (
        "What would you do differently?"
    )
    check = items[2].select_one("form.questions")
    assert check["data-kind"] == "check"
    assert check.legend.get_text(strip=True) == "Who reviews the data?"
    options = [(label.get_text(), label.find_previous("input").get("data-correct"))
               for label in check.select("label")]  # fmt: skip
    assert options == [("The committee", "1"), ("Nobody", None)]
    answer = check.select_one("details.answer")
    assert answer.summary.get_text() == "Show the answer"
    assert [li.get_text() for li in answer.select("li")] == ["The committee"]
    assert answer.find_all("p")[-1].get_text() == "Because: Who reviews the data?"


def test_quizzes_and_the_pre_and_post_tests_have_their_questions(learning_package):
    pages = offline_pages(learning_package)
    quiz = page_of(pages, "quiz-", "Quiz: Module 2")
    form = quiz.select_one("form.questions")
    assert (form["data-kind"], form["data-pass"]) == ("quiz", "50")
    legends = [legend.get_text(" ", strip=True) for legend in form.find_all("legend")]
    assert legends == ["1. Quiz 2 question A", "2. Quiz 2 question B"]
    assert [i["type"] for i in form.select("fieldset")[1].find_all("input")] == ["checkbox"] * 3
    for name, kind in (("pre-test.html", "pre"), ("post-test.html", "post")):
        page = soup(pages[name])
        form = page.select_one("form.questions")
        assert form["data-kind"] == kind and not form.has_attr("data-pass")
        assert [legend.get_text(" ", strip=True) for legend in form.find_all("legend")] == [
            "1. Pre/post A",
            "2. Pre/post B",
        ]
    # Readers without JavaScript see no button that would do nothing.
    assert form.button.has_attr("hidden")


def test_markdown_is_rendered_and_downloads_travel_in_the_zip(rich_package):
    pages = offline_pages(rich_package)
    lesson = page_of(pages, "lesson-", "Lesson 1.2")
    text, download = lesson.select("section.item")[1:]
    assert text.h2.get_text() == "Listening"
    assert str(text.p) == (
        f'<p><strong>Listen</strong> first, then see <a href="{settings.SITE_URL.rstrip("/")}'
        '/en/compendium/map/" rel="nofollow noopener ugc">the map</a>.</p>'
    )
    link = download.find("a", download=True)
    item = m.Item.objects.get(kind=m.ItemKind.DOWNLOAD)
    assert link.get_text() == "meeting_handout_v2.pdf"  # the name storage gave the file
    assert link["href"] == f"files/{item.key}/meeting_handout_v2.pdf"
    assert pages[link["href"]] == HANDOUT
    assert download.select_one("span.small").get_text() == "(30\xa0bytes)"


def test_the_offline_pages_link_only_to_each_other_and_to_the_records(rich_package, experience):
    pages = offline_pages(rich_package)
    record = f"{settings.SITE_URL.rstrip('/')}/en/compendium/{experience.identifier}/"
    outside = []
    for path, content in pages.items():
        if not path.endswith(".html"):
            continue
        page = soup(content)
        for tag in page.find_all(href=True) + page.find_all(src=True):
            target = tag.get("href") or tag.get("src")
            if urlsplit(target).scheme or target.startswith("/"):
                outside.append((tag.name, target))
                continue
            if target.startswith("#"):
                continue
            resolved = str(PurePosixPath(path).parent / target.split("#")[0]).removeprefix("./")
            assert resolved in pages, (path, target)
    assert set(outside) == {
        ("a", record),
        ("a", f"{settings.SITE_URL.rstrip('/')}/en/compendium/map/"),
    }
    scripts = pages["assets/package.js"].decode() + pages["assets/messages.js"].decode()
    for forbidden in ("fetch(", "XMLHttpRequest", "import ", "export ", "http://", "https://"):
        assert forbidden not in scripts
    assert b"url(" not in pages["assets/package.css"]
    assert all(
        s.get("type") is None
        for content in pages.values()
        if content.startswith(b"<!doctype")
        for s in soup(content).find_all("script")
    )


def test_the_french_export_is_in_french(learning_package, experience):
    pages = offline_pages(learning_package, "fr")
    index = soup(pages["index.html"])
    assert index.html["lang"] == "fr"
    assert index.h1.get_text() == "L'essentiel de l'engagement communautaire"
    with translation.override("fr"):
        quiz_title = translation.gettext("Quiz: %(module)s") % {"module": "Module 1 (fr)"}
    assert [a.get_text() for a in index.select("ol.contents a")][1:4] == [
        "Leçon 1.1",
        "Leçon 1.2",
        quiz_title,
    ]
    lesson = page_of(pages, "lesson-", "Leçon 1.1")
    assert lesson.select_one("section.item-text").get_text(strip=True) == "Texte de la leçon 1.1."
    card = lesson.select_one("article.card")
    assert card.a["href"] == (
        f"{settings.SITE_URL.rstrip('/')}/fr/compendium/{experience.identifier}/"
    )
    assert lesson.select_one("section.item-experience h3 + p").get_text() != ""
    assert "Que feriez-vous autrement ?" in lesson.select_one("section.item-experience").get_text()
    assert lesson.select_one("form legend").get_text(strip=True) == "Qui examine les données ?"
    quiz = next(soup(c) for p, c in pages.items() if p.startswith("quiz-"))
    assert [label.get_text() for label in quiz.select("fieldset")[0].find_all("label")] == [
        "Juste",
        "Faux",
    ]


def test_a_file_name_is_reduced_to_safe_characters():
    assert common.file_name("learning/downloads/meeting handout (v2).pdf") == (
        "meeting-handout-v2-.pdf"
    )
    assert common.file_name("learning/downloads/../..") == "file"
    assert common.file_name("learning/downloads/Réunion.docx") == "R-union.docx"
