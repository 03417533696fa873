"""The dataset: CSV and JSON Lines of the edition's records, a valid Frictionless Data Package
and a data dictionary in both languages."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile

import frictionless
import pytest

from baraza.compendium import services
from baraza.editions.models import BuildState, FileKind
from baraza.editions.outputs import dataset

pytestmark = pytest.mark.django_db


def build(edition) -> tuple[zipfile.ZipFile, list[int]]:
    out, steps = io.BytesIO(), []
    dataset.build(edition, "", out, steps.append)
    return zipfile.ZipFile(out), steps


def test_every_file_of_a_released_edition_is_built(edition):
    """The release's six builds run (inline here) and record each file's size and checksum."""
    files = list(edition.files.order_by("kind", "language"))
    assert [(f.kind, f.language, f.state) for f in files] == [
        ("dataset", "", BuildState.READY),
        ("epub", "en", BuildState.READY),
        ("epub", "fr", BuildState.READY),
        ("offline", "", BuildState.READY),
        ("pdf", "en", BuildState.READY),
        ("pdf", "fr", BuildState.READY),
    ]
    for output in files:
        content = output.file.read()
        output.file.close()
        assert output.progress == 100
        assert output.size == len(content) > 0
        assert output.sha256 == hashlib.sha256(content).hexdigest()


def test_the_dataset_is_a_valid_data_package(edition, tmp_path):
    archive, steps = build(edition)
    assert sorted(archive.namelist()) == [
        "README.md",
        "data-dictionary.csv",
        "datapackage.json",
        "experiences.csv",
        "experiences.jsonl",
    ]
    assert steps[-1] == 100 and len(steps) <= 20
    archive.extractall(tmp_path)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])

    package = json.loads((tmp_path / "datapackage.json").read_text())
    assert package["version"] == "2026.1"
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields["version"]["type"] == "integer"
    assert fields["identifier"]["constraints"]["required"] is True
    assert fields["title_fr"]["description"] == "Title, in French (empty when not written)."


def test_the_csv_and_json_lines_hold_every_record(edition):
    archive, _steps = build(edition)
    rows = list(csv.DictReader(io.StringIO(archive.read("experiences.csv").decode())))
    assert [(r["identifier"], r["version"], r["edition"]) for r in rows] == [
        (e.identifier, str(e.number), "2026.1") for e in edition.entries.order_by("identifier")
    ]
    assert sorted(r["title_en"] for r in rows) == [
        "Community radio for cholera preparedness, Haiti",
        "Religious leaders and Ebola safe burials, Sierra Leone",
        "Village health committees review clinic data, Kenya",
    ]
    lines = archive.read("experiences.jsonl").decode().splitlines()
    first = json.loads(lines[0])
    assert len(lines) == 3
    assert first["identifier"] == rows[0]["identifier"]
    assert first["edition"] == "2026.1"
    assert first["withdrawn_since"] is None
    assert first["text"]["title"]["en"] == rows[0]["title_en"]


def test_the_data_dictionary_explains_every_column_in_both_languages(edition):
    archive, _steps = build(edition)
    dictionary = list(csv.DictReader(io.StringIO(archive.read("data-dictionary.csv").decode())))
    header = next(csv.reader(io.StringIO(archive.read("experiences.csv").decode())))
    assert [d["field"] for d in dictionary] == header
    countries = next(d for d in dictionary if d["field"] == "countries_fr")
    assert countries["description_en"] == 'Countries: their names in French, separated by " | ".'
    assert countries["description_fr"] == "Pays : leurs noms en français, séparés par « | »."
    readme = archive.read("README.md").decode()
    assert "# Baraza Community Engagement Compendium – Edition 2026.1" in readme
    assert "Dictionnaire des données" in readme


def test_a_record_withdrawn_since_is_marked(edition, records, curator):
    services.withdraw(experience=records[0], actor=curator, reason="Duplicate of another record.")
    records[0].refresh_from_db()
    archive, _steps = build(edition)
    rows = {
        r["identifier"]: r
        for r in csv.DictReader(io.StringIO(archive.read("experiences.csv").decode()))
    }
    assert (
        rows[records[0].identifier]["withdrawn_since"] == records[0].withdrawn_at.date().isoformat()
    )
    assert rows[records[1].identifier]["withdrawn_since"] == ""
    assert edition.files.get(kind=FileKind.DATASET).state == BuildState.READY
