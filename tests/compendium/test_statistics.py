"""The statistics page: published experiences by region, phase, approach, level of engagement,
type of evidence and start year, as SVG charts, HTML tables and CSV files.

Only published records count: drafts and withdrawn records never do.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from baraza.compendium import services, statistics
from baraza.taxonomy.models import Country, Phase
from tests.compendium import factories

pytestmark = pytest.mark.django_db


def publish(curator, title: str, country: str = "KE", phases=("routine-phc",), **values):
    values = factories.complete_values(
        title_en=title,
        countries=[Country.objects.get(code=country)],
        phases=[Phase.objects.get(slug=slug) for slug in phases],
        **values,
    )
    experience = services.create_experience(actor=curator, values=values)
    return services.publish_directly(experience=experience, actor=curator)


@pytest.fixture
def compendium(curator):
    """Three published records, one draft and one withdrawn record."""
    publish(curator, "Committees, Kenya", "KE", start_year=2019, end_year=2021)
    publish(curator, "Burials, Sierra Leone", "SL", ("response", "recovery"), start_year=2015)
    publish(curator, "Radio, Haiti", "HT", ("preparedness",), start_year=2019, end_year=2020)
    draft = factories.complete_values(
        title_en="Draft, Haiti", countries=[Country.objects.get(code="HT")]
    )
    services.create_experience(actor=curator, values=draft)
    gone = publish(curator, "Withdrawn, Haiti", "HT", ("response",), start_year=2010)
    services.withdraw(experience=gone, actor=curator, reason="Duplicate.")


def rows(found, key: str) -> list[tuple[str, str, int]]:
    chart = next(chart for chart in found.charts if chart.key == key)
    return [(row.value, row.name, row.count) for row in chart.rows]


def test_the_counts_cover_published_records_only(compendium):
    found = statistics.statistics("en")
    assert found.total == 3
    assert rows(found, "region") == [
        ("AFR", "African Region", 2),
        ("AMR", "Region of the Americas", 1),
    ]
    assert rows(found, "phase") == [
        ("preparedness", "Preparedness", 1),
        ("response", "Response", 1),
        ("recovery", "Recovery", 1),
        ("routine-phc", "Routine primary health care", 1),
    ]
    assert rows(found, "approach") == [
        ("community-health-committees", "Community health committees", 3)
    ]
    assert rows(found, "level") == [("collaborate", "Collaborate", 3)]
    assert rows(found, "evidence") == [("programme-monitoring", "Programme monitoring data", 3)]
    assert rows(found, "year") == [("2015", "2015", 1), ("2019", "2019", 2)]


def test_names_are_in_the_readers_language(compendium):
    found = statistics.statistics("fr")
    assert ("routine-phc", "Soins de santé primaires de routine", 1) in rows(found, "phase")


def test_the_page_draws_each_chart_with_a_title_and_a_table(client, compendium):
    response = client.get("/en/compendium/statistics/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Compendium statistics"
    sections = soup.select("section.chart")
    assert [s["id"] for s in sections] == [
        "region",
        "phase",
        "approach",
        "level",
        "evidence",
        "year",
    ]
    for section in sections:
        svg = section.find("svg")
        assert svg["role"] == "img", section["id"]
        assert svg.find("title").get_text() == section.h2.get_text()
        assert section.find("details").find("table"), section["id"]
        csv_link = section.find("a", href=f"/en/compendium/statistics/{section['id']}.csv")
        assert csv_link is not None
    region = soup.find("section", id="region")
    assert [
        [cell.get_text() for cell in tr.find_all(["th", "td"])] for tr in region.select("tbody tr")
    ] == [["African Region", "2"], ["Region of the Americas", "1"]]
    assert region.select_one("tbody a")["href"] == "/en/compendium/?region=AFR"
    bars = region.find("svg").find_all("rect")
    assert [bar.find("title").get_text() for bar in bars] == [
        "African Region: 2 experiences",
        "Region of the Americas: 1 experience",
    ]
    assert [float(bar["width"]) for bar in bars] == [592, 296]  # the longest fills the width


def test_the_year_chart_has_a_column_for_every_year_in_between(client, compendium):
    soup = BeautifulSoup(client.get("/en/compendium/statistics/").content, "html.parser")
    columns = soup.find("section", id="year").find("svg").find_all("rect")
    assert [c.find("title").get_text() for c in columns] == [
        f"{year}: {n}" for year, n in zip(range(2015, 2020), (1, 0, 0, 0, 2), strict=True)
    ]


def test_with_nothing_published_the_page_says_so(client):
    soup = BeautifulSoup(client.get("/fr/compendium/statistics/").content, "html.parser")
    assert soup.find("svg") is None
    assert len(soup.select("section.chart p.muted")) == 6


def test_a_chart_downloads_as_csv_in_the_readers_language(client, compendium):
    response = client.get("/fr/compendium/statistics/phase.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response.content.decode("utf-8-sig").splitlines()[1:] == [
        "preparedness,Préparation,1",
        "response,Riposte,1",
        "recovery,Relèvement,1",
        "routine-phc,Soins de santé primaires de routine,1",
    ]
    english = client.get("/en/compendium/statistics/region.csv").content.decode("utf-8-sig")
    assert english == (
        "Code,WHO region,Published experiences\r\n"
        "AFR,African Region,2\r\n"
        "AMR,Region of the Americas,1\r\n"
    )
    assert (
        'filename="experiences-by-who-region.csv"'
        in client.get("/en/compendium/statistics/region.csv")["Content-Disposition"]
    )


def test_an_unknown_chart_is_not_found(client):
    assert client.get("/en/compendium/statistics/nothing.csv").status_code == 404
    assert client.get("/en/compendium/statistics/..%2Fx.csv").status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_the_page_takes_the_same_queries_for_any_number_of_records(
    client, curator, n, django_assert_num_queries
):
    for i in range(n):
        publish(curator, f"Record {i}", start_year=2010 + i)
    with django_assert_num_queries(8):
        assert client.get("/en/compendium/statistics/").status_code == 200
