"""Exports of the published records, as CSV, JSON or XLSX: from the web, for the current
filter, and from ``baraza export-experiences``."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from baraza.compendium import exporter, services
from baraza.compendium.models import Label
from baraza.taxonomy.models import Country, HealthArea
from tests.compendium import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(submitter, curator, reviewers):
    """Published in Kenya (AFR, labelled) and in Nepal (SEAR); a draft and a withdrawn
    record, which exports leave out."""
    factories.active_criteria()
    kenya = factories.published(submitter, curator, reviewers[:2], scores=(3, 3))
    nepal = factories.published(
        submitter,
        curator,
        reviewers[:2],
        title_en="=Mothers’ groups plan newborn care, Nepal",
        title_fr="Des groupes de mères planifient les soins aux nouveau-nés, Népal",
        countries=[Country.objects.get(code="NP")],
        health_areas=[HealthArea.objects.get(slug="child-health")],
    )
    factories.draft(submitter, title_en="A draft nobody may export")
    withdrawn = factories.published(submitter, curator, reviewers[:2], title_en="Withdrawn one")
    services.withdraw(experience=withdrawn, actor=curator, reason="Duplicate.")
    return {"kenya": kenya, "nepal": nepal}


def _download(client, fmt: str, query: str = ""):
    response = client.get(reverse("compendium:export", args=[fmt]) + query)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def _csv_rows(body: bytes) -> list[dict]:
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_anyone_downloads_the_csv_of_the_current_filter(outsider, records):
    response, body = _download(outsider, "csv", "?region=AFR")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="compendium-')
    rows = _csv_rows(body)
    kenya = records["kenya"]
    assert [(r["identifier"], r["version"], r["label"]) for r in rows] == [
        (kenya.identifier, "1", Label.BEST)
    ]
    row = rows[0]
    assert list(row) == list(exporter.COLUMNS)
    assert (row["countries"], row["countries_en"], row["countries_fr"]) == ("KE", "Kenya", "Kenya")
    assert (row["phases"], row["phases_en"], row["phases_fr"]) == (
        "routine-phc",
        "Routine primary health care",
        "Soins de santé primaires de routine",
    )
    assert row["external_key"] == exporter.site_key(kenya.identifier)
    assert row["lessons_learned_en"] == "Meet monthly.\nShare data simply."
    assert json.loads(row["references"])[0]["url"] == "https://example.org/report"
    assert row["contact_consent"] == "false"


def test_the_export_follows_every_filter_of_the_list(outsider, records):
    _response, body = _download(outsider, "csv", "?health_area=child-health&region=SEAR")
    assert [r["identifier"] for r in _csv_rows(body)] == [records["nepal"].identifier]
    _response, body = _download(outsider, "csv", "?region=EUR")
    assert _csv_rows(body) == []
    _response, body = _download(outsider, "csv", "?region=nowhere")
    assert len(_csv_rows(body)) == 2


def test_a_text_that_looks_like_a_formula_is_escaped_in_csv_and_plain_text_in_xlsx(
    outsider, records
):
    _response, body = _download(outsider, "csv", "?region=SEAR")
    assert _csv_rows(body)[0]["title_en"] == "'=Mothers’ groups plan newborn care, Nepal"
    _response, body = _download(outsider, "xlsx", "?region=SEAR")
    sheet = load_workbook(io.BytesIO(body)).active
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("title_en") + 1)
    assert (cell.value, cell.data_type) == ("=Mothers’ groups plan newborn care, Nepal", "s")


def test_the_json_export_is_each_records_published_version(outsider, records):
    response, body = _download(outsider, "json")
    assert response["Content-Type"] == "application/json"
    items = json.loads(body)
    assert [i["identifier"] for i in items] == [
        records["nepal"].identifier,
        records["kenya"].identifier,
    ]
    kenya = records["kenya"]
    assert items[1] == {
        "external_key": exporter.site_key(kenya.identifier),
        **kenya.versions.get(number=1).data,
    }
    assert (items[1]["version"], items[1]["label"]) == (1, Label.BEST)


def test_the_xlsx_export_has_a_header_and_a_row_per_record(outsider, records):
    response, body = _download(outsider, "xlsx")
    assert response["Content-Type"] == exporter.FORMATS["xlsx"]
    sheet = load_workbook(io.BytesIO(body)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == exporter.COLUMNS
    assert [r[1] for r in rows[1:]] == [records["nepal"].identifier, records["kenya"].identifier]


def test_an_unknown_format_is_not_found(outsider):
    assert outsider.get("/en/compendium/export.pdf").status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
@pytest.mark.parametrize("n", [1, 3])
def test_the_export_reads_the_same_number_of_queries_for_1_or_3_records(
    outsider, submitter, curator, reviewers, django_assert_num_queries, fmt, n
):
    factories.active_criteria()
    for _ in range(n):
        factories.published(submitter, curator, reviewers[:2])
    # One for the record-filter terms, one for the records with their versions.
    with django_assert_num_queries(2):
        _response, body = _download(outsider, fmt, "?phase=routine-phc")
    assert body


def test_the_command_writes_csv_to_standard_output_and_json_or_xlsx_to_a_file(records, tmp_path):
    out = io.StringIO()
    call_command("export_experiences", "--filter", "region=SEAR", stdout=out)
    rows = _csv_rows(out.getvalue().encode())
    assert [r["identifier"] for r in rows] == [records["nepal"].identifier]

    path = tmp_path / "all.json"
    call_command("export_experiences", "--format", "json", "--output", str(path))
    assert len(json.loads(path.read_text(encoding="utf-8"))) == 2

    path = tmp_path / "all.xlsx"
    call_command("export_experiences", "--format", "xlsx", "--output", str(path))
    assert load_workbook(path).active.max_row == 3

    with pytest.raises(CommandError, match=r"Give --output for an XLSX file\."):
        call_command("export_experiences", "--format", "xlsx")
