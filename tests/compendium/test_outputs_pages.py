"""A record's outputs as readers get them: version history, PDF, citations, and the map."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from pypdf import PdfReader

from baraza.compendium import services
from baraza.compendium.views.outputs import pdf_bytes
from baraza.core.pdf_fetcher import NothingFromTheNetwork
from baraza.taxonomy.models import Country
from tests.compendium import factories
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

TITLE_FR = "Des comités villageois examinent les données du centre de santé, Kenya"


def _published(curator, **overrides):
    experience = factories.draft(curator, **{"title_fr": TITLE_FR, **overrides})
    services.publish_directly(experience=experience, actor=curator)
    experience.refresh_from_db()
    return experience


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def _pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


# --- History --------------------------------------------------------------------------------


def test_the_history_shows_what_an_edit_changed(client, curator):
    experience = _published(curator)
    services.publish_edit(
        experience=experience,
        actor=curator,
        values={
            "title_en": "Village health committees review clinic data, Kenya and Uganda",
            "countries": [Country.objects.get(code="KE"), Country.objects.get(code="UG")],
        },
        change_note="Uganda joined the programme.",
    )
    soup = _soup(client.get(f"/en/compendium/{experience.identifier}/history/"))
    assert soup.h1.get_text() == "Version history"
    second, first = soup.select("section[id^=v]")
    assert (second["id"], first["id"]) == ("v2", "v1")
    assert second.h2.get_text() == "Version 2"
    assert "Uganda joined the programme." in second.get_text()
    assert second.h3.get_text() == "Changes since version 1"
    changes = dict(
        zip(
            [dt.get_text(" ", strip=True) for dt in second.select("dl.diff > dt")],
            second.select("dl.diff > dd"),
            strict=True,
        )
    )
    assert list(changes) == ["Title (English)", "Countries"]
    assert [i.get_text() for i in changes["Title (English)"].find_all("ins")] == ["and Uganda"]
    assert [i.get_text() for i in changes["Countries"].find_all("ins")] == ["Uganda"]
    assert "2 changes" in second.get_text()
    assert "First published version." in first.get_text()
    assert first.select("dl.diff") == []


def test_the_history_links_each_version_to_its_pdf_and_citations(client, curator):
    experience = _published(curator)
    soup = _soup(client.get(f"/fr/compendium/{experience.identifier}/history/"))
    links = [a["href"] for a in soup.select("section#v1 a")]
    identifier = experience.identifier
    assert f"/fr/compendium/{identifier}.pdf?version=1" in links
    assert f"/fr/compendium/{identifier}/cite.bib?version=1" in links
    assert f"/fr/compendium/{identifier}/cite.ris?version=1" in links
    assert f"/fr/compendium/{identifier}/cite.json?version=1" in links


def test_a_withdrawn_records_history_stays_public(client, curator):
    experience = _published(curator)
    services.withdraw(experience=experience, actor=curator, reason="Duplicate record.")
    soup = _soup(client.get(f"/en/compendium/{experience.identifier}/history/"))
    assert "This record has been withdrawn." in soup.get_text()
    assert [s["id"] for s in soup.select("section[id^=v]")] == ["v1"]
    # ... but it has no PDF and no citation download any more.
    assert client.get(f"/en/compendium/{experience.identifier}.pdf").status_code == 404
    assert client.get(f"/en/compendium/{experience.identifier}/cite.bib").status_code == 404


def test_the_history_page_reads_in_a_constant_number_of_queries(
    client, curator, django_assert_num_queries
):
    experience = _published(curator)
    with django_assert_num_queries(2):
        client.get(f"/en/compendium/{experience.identifier}/history/")
    for n in range(2):
        services.publish_edit(
            experience=experience,
            actor=curator,
            values={"subnational_area": f"Area {n}"},
            change_note=f"Edit {n}.",
        )
    with django_assert_num_queries(2):
        response = client.get(f"/en/compendium/{experience.identifier}/history/")
    assert len(_soup(response).select("section[id^=v]")) == 3


# --- Permissions ----------------------------------------------------------------------------


def test_a_drafts_outputs_are_not_found_for_outsiders(client, member_client, submitter):
    draft = factories.draft(submitter)
    base = f"/en/compendium/{draft.identifier}"
    for anyone in (client, member_client):
        for path in ("/history/", ".pdf", "/cite.bib", "/cite.ris", "/cite.json"):
            assert anyone.get(base + path).status_code == 404, path


def test_a_drafts_history_is_readable_by_its_submitter_and_the_curators(submitter, curator):
    draft = factories.draft(submitter)
    for user in (submitter, curator):
        soup = _soup(_client(user).get(f"/en/compendium/{draft.identifier}/history/"))
        assert "This record has not been published yet, so it has no versions." in soup.get_text()
    # A PDF is only ever made of a published version.
    assert _client(curator).get(f"/en/compendium/{draft.identifier}.pdf").status_code == 404


def test_a_record_in_review_is_hidden_from_other_members(submitter, curator, reviewers):
    experience = factories.in_review(submitter, curator, reviewers[:2])
    other = _client(MemberFactory())
    assert other.get(f"/en/compendium/{experience.identifier}/history/").status_code == 404
    reviewer = _client(reviewers[0])
    assert reviewer.get(f"/en/compendium/{experience.identifier}/history/").status_code == 200


def test_unknown_records_are_not_found(client):
    for path in ("CE-2026-9999/history/", "CE-2026-9999.pdf", "CE-2026-9999/cite.ris"):
        assert client.get(f"/en/compendium/{path}").status_code == 404


# --- PDF ------------------------------------------------------------------------------------


def test_the_pdf_is_a_real_pdf_of_the_record(client, curator):
    experience = _published(curator)
    response = client.get(f"/en/compendium/{experience.identifier}.pdf")
    assert response["Content-Disposition"] == (
        f'attachment; filename="{experience.identifier}.v1-en.pdf"'
    )
    text = _pdf_text(response)
    assert "Village health committees review clinic data, Kenya" in text
    assert f"{experience.identifier}, version 1" in text
    assert "How to cite" in text
    assert "Community health committees in Kenya" in text  # the reference
    assert "Baraza Community Engagement Compendium." in text
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title == "Village health committees review clinic data, Kenya"


def test_a_french_reader_gets_a_french_pdf(client, curator):
    experience = _published(curator)
    text = _pdf_text(client.get(f"/fr/compendium/{experience.identifier}.pdf"))
    assert TITLE_FR in text
    assert "Comment citer" in text
    assert f"{experience.identifier}, version 1" in text
    # Text without a French translation is shown in the original English.
    assert "Community members, health workers and local leaders" in text


def test_the_pdf_of_an_earlier_version(client, curator):
    experience = _published(curator)
    services.publish_edit(
        experience=experience,
        actor=curator,
        values={"title_en": "A new title"},
        change_note="Renamed.",
    )
    old = _pdf_text(client.get(f"/en/compendium/{experience.identifier}.pdf?version=1"))
    new = _pdf_text(client.get(f"/en/compendium/{experience.identifier}.pdf"))
    assert "Village health committees review clinic data" in old
    assert f"{experience.identifier}, version 1" in old
    assert "A new title" in new and f"{experience.identifier}, version 2" in new
    assert client.get(f"/en/compendium/{experience.identifier}.pdf?version=3").status_code == 404


def test_the_pdf_renderer_fetches_nothing_from_the_network(tmp_path):
    fetch = NothingFromTheNetwork(tmp_path)
    (tmp_path / "ok.css").write_text("p { color: black }")
    assert fetch((tmp_path / "ok.css").as_uri()).status in (200, None)
    for url in (
        "http://127.0.0.1:9/logo.png",
        "https://example.org/font.woff2",
        "ftp://example.org/x",
        Path("/etc/passwd").as_uri(),
    ):
        with pytest.raises(ValueError):
            fetch(url)
    # A page that asks for remote resources still renders, without them.
    html = '<img src="http://127.0.0.1:9/x.png"><link rel="stylesheet" href="https://x.test/a.css">'
    assert pdf_bytes(f"<html><body>{html}<p>Hello</p></body></html>").startswith(b"%PDF-")


# --- The map --------------------------------------------------------------------------------


def test_the_map_counts_published_experiences_per_country(client, curator, submitter):
    _published(curator)
    _published(curator, countries=[Country.objects.get(code="KE"), Country.objects.get(code="WS")])
    factories.draft(submitter, countries=[Country.objects.get(code="SN")])  # not counted
    soup = _soup(client.get("/en/compendium/map/"))
    assert soup.h1.get_text() == "Map of experiences"
    svg = soup.find("svg", attrs={"role": "img"})
    assert svg["aria-label"].startswith("World map of published experiences by country")
    assert len(svg.find_all("path")) >= 170
    titles = {t.get_text() for t in svg.find_all("title")}
    assert {"Kenya: 2 experiences", "Samoa: 1 experience", "Senegal: 0 experiences"} <= titles
    assert [c.title.get_text() for c in svg.find_all("circle")] == ["Samoa: 1 experience"]
    rows = [
        [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
        for row in soup.select("table tbody tr")
    ]
    assert rows == [["Kenya", "2"], ["Samoa", "1"]]
    assert soup.select_one("table caption").get_text(strip=True) == (
        "2 published experiences, by country"
    )
    links = [a["href"] for a in soup.select("table tbody a")]
    assert links == ["/en/compendium/?country=KE", "/en/compendium/?country=WS"]
    legend = [li.get_text(" ", strip=True) for li in soup.select("ul.legend li")]
    assert legend == ["No experiences", "1 experience", "2 experiences"]


def test_the_map_in_french(client, curator):
    _published(curator, countries=[Country.objects.get(code="SN")])
    soup = _soup(client.get("/fr/compendium/map/"))
    titles = {t.get_text() for t in soup.find_all("title")}
    assert "Sénégal : 1 expérience" in titles
    assert [th.get_text(strip=True) for th in soup.select("table tbody th")] == ["Sénégal"]


def test_the_map_page_is_light_and_self_contained(client, curator):
    _published(curator)
    response = client.get("/en/compendium/map/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) < 30 * 1024
    soup = BeautifulSoup(Client().get("/en/compendium/map/").content, "html.parser")
    assert soup.find_all("style") == [] and soup.find_all("script") == []
    assert not [tag for tag in soup.find_all(True) if "style" in tag.attrs]


@pytest.mark.parametrize("n", [1, 3])
def test_the_map_reads_in_a_constant_number_of_queries(
    client, curator, n, django_assert_num_queries
):
    codes = ["KE", "SN", "BR"]
    for i in range(n):
        _published(curator, countries=[Country.objects.get(code=codes[i])])
    with django_assert_num_queries(3):
        assert client.get("/en/compendium/map/").status_code == 200
