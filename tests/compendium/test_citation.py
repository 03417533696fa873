"""Citing a version: the sentence to copy, and BibTeX, RIS and CSL-JSON downloads."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.conf import settings
from django.utils import timezone, translation

from baraza.compendium import citation, services
from baraza.compendium.models import ExperienceVersion, Label
from tests.compendium import factories

pytestmark = pytest.mark.django_db

TITLE_EN = "Village health committees review clinic data, Kenya"
TITLE_FR = "Des comités villageois examinent les données du centre de santé, Kenya"


def _publish(curator, **overrides):
    experience = factories.draft(curator, **{"title_fr": TITLE_FR, **overrides})
    services.publish_directly(experience=experience, actor=curator, label=Label.PROMISING)
    experience.refresh_from_db()
    ExperienceVersion.objects.filter(experience=experience, number=1).update(
        published_at=timezone.make_aware(dt.datetime(2026, 11, 2, 10, 0))
    )
    return experience


@pytest.fixture
def record(curator):
    """A published record in its second version, published on 22 November 2026."""
    experience = _publish(curator)
    services.publish_edit(
        experience=experience,
        actor=curator,
        values={"subnational_area": "Kisumu County"},
        change_note="Added the county.",
    )
    ExperienceVersion.objects.filter(experience=experience, number=2).update(
        published_at=timezone.make_aware(dt.datetime(2026, 11, 22, 9, 30))
    )
    experience.refresh_from_db()
    return experience


def _version(experience, number):
    return ExperienceVersion.objects.select_related("experience").get(
        experience=experience, number=number
    )


def test_the_cite_as_sentence_in_english(record):
    cite = citation.of(_version(record, 2), "en")
    url = citation.version_url(record.identifier, 2, "en")
    assert cite.text == (
        f"Baraza Community Engagement Compendium. {TITLE_EN}. {record.identifier}, version 2. "
        f"Published 2026-11-22. {url}. Licence CC BY 4.0."
    )


def test_the_cite_as_sentence_in_french_uses_the_french_title(record):
    cite = citation.of(_version(record, 2), "fr")
    url = citation.version_url(record.identifier, 2, "fr")
    assert cite.text == (
        f"Compendium de l’engagement communautaire de Baraza. {TITLE_FR}. "
        f"{record.identifier}, version 2. Publié le 2026-11-22. {url}. Licence CC BY 4.0."
    )
    assert cite.title_language == "fr"


def test_a_french_reader_gets_the_english_title_when_there_is_no_french_one(curator):
    experience = _publish(curator, title_fr="")
    cite = citation.of(_version(experience, 1), "fr")
    assert cite.title == TITLE_EN
    assert cite.title_language == "en"


def test_the_version_address_is_absolute_on_this_site(record):
    url = citation.version_url(record.identifier, 2, "fr")
    assert url.startswith(settings.SITE_URL.rstrip("/") + "/fr/compendium/")
    assert record.identifier in url


def test_a_title_ending_in_a_question_mark_gets_no_extra_full_stop(curator):
    experience = _publish(curator, title_en="Can radio shows change burial practices?")
    cite = citation.of(_version(experience, 1), "en")
    assert "Compendium. Can radio shows change burial practices? CE-" in cite.text


def test_each_version_cites_its_own_number_and_date(record):
    first = citation.of(_version(record, 1), "en")
    second = citation.of(_version(record, 2), "en")
    assert (first.key, first.date) == (f"{record.identifier}.v1", "2026-11-02")
    assert (second.key, second.date) == (f"{record.identifier}.v2", "2026-11-22")


def test_bibtex_entry(record):
    cite = citation.of(_version(record, 2), "en")
    assert citation.bibtex(cite) == (
        f"@misc{{{record.identifier}.v2,\n"
        f"  title = {{{{{TITLE_EN}}}}},\n"
        "  author = {{Baraza Community Engagement Compendium}},\n"
        "  year = {2026},\n"
        "  month = {11},\n"
        "  date = {2026-11-22},\n"
        f"  howpublished = {{\\url{{{cite.url}}}}},\n"
        f"  url = {{{cite.url}}},\n"
        "  version = {2},\n"
        "  publisher = {Baraza},\n"
        f"  number = {{{record.identifier}}},\n"
        "  language = {english},\n"
        f"  note = {{{record.identifier}, version 2. Label: Promising practice.}},\n"
        "  keywords = {Routine primary health care, Community health committees, "
        "Maternal and newborn health},\n"
        "  copyright = {CC BY 4.0}\n"
        "}\n"
    )


def test_bibtex_escapes_latex_special_characters(curator):
    experience = _publish(curator, title_en="Cash & care: 50% of {costs} for #1 $ users_~^\\")
    entry = citation.bibtex(citation.of(_version(experience, 1), "en"))
    title = next(line for line in entry.splitlines() if line.startswith("  title"))
    assert title == (
        r"  title = {{Cash \& care: 50\% of \{costs\} for \#1 \$ users\_\~{}\^{}\textbackslash{}}},"
    )


def test_bibtex_keeps_a_title_on_one_line(curator):
    experience = _publish(curator, title_en="Two\nlines")
    entry = citation.bibtex(citation.of(_version(experience, 1), "en"))
    assert "  title = {{Two lines}},\n" in entry


def test_ris_record(record):
    cite = citation.of(_version(record, 2), "en")
    lines = citation.ris(cite).split("\r\n")
    assert lines[0] == "TY  - DATA"
    assert lines[-2:] == ["ER  - ", ""]
    tags = [(line[:2], line[6:]) for line in lines[:-2]]
    assert tags[:13] == [
        ("TY", "DATA"),
        ("ID", f"{record.identifier}.v2"),
        ("TI", TITLE_EN),
        ("AU", "Baraza Community Engagement Compendium"),
        ("PY", "2026"),
        ("DA", "2026/11/22"),
        ("ET", "2"),
        ("PB", "Baraza"),
        ("T2", "Baraza Community Engagement Compendium"),
        ("M1", record.identifier),
        ("UR", cite.url),
        ("LA", "en"),
        ("KW", "Routine primary health care"),
    ]
    assert ("KW", "Community health committees") in tags
    assert ("N1", f"{record.identifier}, version 2. Label: Promising practice.") in tags
    assert ("C1", "CC BY 4.0") in tags
    assert all(line[2:6] == "  - " for line in lines[:-1])


def test_ris_values_never_break_a_line(curator):
    experience = _publish(curator, title_en="First line\r\nsecond\nthird")
    text = citation.ris(citation.of(_version(experience, 1), "en"))
    assert "TI  - First line second third\r\n" in text
    assert "\n" not in text.replace("\r\n", "")


def test_csl_json_item(record):
    cite = citation.of(_version(record, 2), "fr")
    (item,) = json.loads(citation.csl_json(cite))
    with translation.override("fr"):
        promising = str(Label.PROMISING.label)
    summary = item.pop("abstract")
    assert summary.startswith("Community members, health workers")
    assert item == {
        "id": f"{record.identifier}.v2",
        "type": "dataset",
        "title": TITLE_FR,
        "author": [{"literal": "Compendium de l’engagement communautaire de Baraza"}],
        "container-title": "Compendium de l’engagement communautaire de Baraza",
        "issued": {"date-parts": [[2026, 11, 22]]},
        "URL": citation.version_url(record.identifier, 2, "fr"),
        "version": "2",
        "number": record.identifier,
        "publisher": "Baraza",
        "language": "fr",
        "note": f"{record.identifier}, version 2. Label : {promising}.",
        "keyword": cite.keywords[0] + ", " + ", ".join(cite.keywords[1:]),
        "license": "https://creativecommons.org/licenses/by/4.0/",
    }


def test_downloads_have_the_right_types_and_file_names(client, record):
    for fmt, content_type in (
        ("bib", "application/x-bibtex; charset=utf-8"),
        ("ris", "application/x-research-info-systems; charset=utf-8"),
        ("json", "application/vnd.citationstyles.csl+json; charset=utf-8"),
    ):
        response = client.get(f"/en/compendium/{record.identifier}/cite.{fmt}")
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"] == (
            f'attachment; filename="{record.identifier}.v2.{fmt}"'
        )


def test_a_download_cites_the_version_asked_for(client, record):
    response = client.get(f"/en/compendium/{record.identifier}/cite.ris?version=1")
    text = response.content.decode()
    assert f"ID  - {record.identifier}.v1\r\n" in text
    assert "DA  - 2026/11/02\r\n" in text
    assert response["Content-Disposition"] == (f'attachment; filename="{record.identifier}.v1.ris"')


def test_the_default_download_is_the_current_version(client, record):
    (item,) = json.loads(client.get(f"/fr/compendium/{record.identifier}/cite.json").content)
    assert item["id"] == f"{record.identifier}.v2"
    assert item["title"] == TITLE_FR


@pytest.mark.parametrize(
    "query", ["cite.xml", "cite.bib?version=3", "cite.bib?version=0", "cite.bib?version=two"]
)
def test_unknown_formats_and_versions_are_not_found(client, record, query):
    assert client.get(f"/en/compendium/{record.identifier}/{query}").status_code == 404


def test_an_unknown_record_is_not_found(client, db):
    assert client.get("/en/compendium/CE-2026-9999/cite.bib").status_code == 404


def test_the_cite_box_shows_the_sentence_and_the_three_downloads(record):
    from bs4 import BeautifulSoup
    from django.template.loader import render_to_string

    version = _version(record, 1)
    with translation.override("en"):
        html = render_to_string(
            "compendium/outputs/cite_box.html",
            {"version": version, "cite": citation.of(version, "en")},
        )
    soup = BeautifulSoup(html, "html.parser")
    assert soup.h2.get_text() == "How to cite"
    assert soup.p.get_text() == citation.of(version, "en").text
    assert [a["href"] for a in soup.find_all("a")] == [
        f"/en/compendium/{record.identifier}/cite.{fmt}?version=1" for fmt in ("bib", "ris", "json")
    ]
