"""``baraza import-experiences``: JSON (the demo data set's shape and the export's), CSV and
XLSX; every row validated and reported by row and field; all or nothing; no duplicates on a
second import; a dry run writes nothing."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from baraza.compendium import demo, exporter, importer
from baraza.compendium.models import Experience, ExperienceVersion, Label, Source, Status
from baraza.core.models import AuditEntry
from baraza.taxonomy.models import Country, HealthArea, PartnerType
from tests.compendium import factories
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

SIERRA_LEONE = (
    "Community-led Ebola action through a national social mobilisation consortium, Sierra Leone"
)


def run(*args) -> tuple[int, str, str]:
    """Run the command as a curator would: (exit status, output, error output)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_experiences", *map(str, args), stdout=out, stderr=err)
    except CommandError as exc:
        err.write(f"{exc}\n")
        return exc.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def problems(err: str) -> list[str]:
    """The report's lines about rows (indented), without the summary."""
    return [line.strip() for line in err.splitlines() if line.startswith("  ")]


@pytest.fixture
def demo_file(tmp_path) -> Path:
    path = tmp_path / "ce-experiences-demo.json"
    shutil.copy(demo.DEMO_FILE, path)
    return path


@pytest.fixture
def demo_records() -> list[dict]:
    return json.loads(demo.DEMO_FILE.read_text(encoding="utf-8"))


def write_json(path: Path, records) -> Path:
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


# --- The demo data set ------------------------------------------------------------------------


def test_the_demo_file_imports_36_published_records(curator, demo_file):
    code, out, err = run(demo_file)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "ce-experiences-demo.json: 36 records read.",
        f"Imported as {curator.email}: 36 created, 0 updated, 0 unchanged, 0 withdrawn "
        "(left as they are).",
    ]
    records = Experience.objects.all()
    assert records.count() == 36
    assert {(e.status, e.source, e.version_number, e.label) for e in records} == {
        (Status.PUBLISHED, Source.IMPORT, 1, "")
    }
    assert AuditEntry.objects.filter(action="experience.import").get().data == {
        "file": "ce-experiences-demo.json",
        "created": 36,
        "updated": 0,
        "unchanged": 0,
    }


def test_an_imported_demo_record_keeps_every_field(curator, demo_file, demo_records):
    run(demo_file)
    source = demo_records[0]
    record = Experience.objects.get(title_en=SIERRA_LEONE)
    assert record.external_key == (
        "title:community-led-ebola-action-through-a-national-social-mobilisation-consortium-"
        "sierra-leone"
    )
    assert (record.original_language, record.title_fr, record.summary_fr) == (
        "en",
        source["title_fr"],
        source["summary_fr"],
    )
    assert record.translation_status("summary") == "current"
    assert [c.code for c in record.countries.all()] == ["SL"]
    assert record.who_region == "AFR"
    assert sorted(s.slug for s in record.settings.all()) == [
        "humanitarian-fragile",
        "rural",
        "urban",
    ]
    assert [h.slug for h in record.health_areas.all()] == ["ebola"]
    assert sorted(p.slug for p in record.partner_types.all()) == [
        "faith-based",
        "ministry-of-health",
        "ngo",
    ]
    assert (record.engagement_level.slug, record.evidence_type.slug) == (
        "empower",
        "programme-monitoring",
    )
    assert (record.start_year, record.end_year, record.ongoing) == (2014, 2016, False)
    assert record.population_description_en.splitlines() == source["population_groups"]
    assert record.lessons_learned_en.splitlines() == source["lessons_learned_en"]
    assert record.challenges_en.splitlines() == source["challenges_en"]
    assert list(record.population_groups.all()) == []
    first = record.references.first()
    assert (first.title, first.publisher, first.year, first.doi, first.url) == (
        source["references"][0]["title"],
        "BMJ Global Health",
        2020,
        "10.1136/bmjgh-2019-002145",
        "",
    )
    assert [r.link for r in record.references.all()] == [r["url"] for r in source["references"]]
    assert (record.consent_confirmed, record.safeguarding_confirmed, record.rights_confirmed) == (
        True,
        True,
        True,
    )
    assert record.versions.get().change_note == "Imported"
    assert record.submitter == curator


def test_a_multi_country_record_keeps_its_countries_and_its_region(curator, demo_file):
    run(demo_file)
    record = Experience.objects.get(title_en__startswith="Risk communication and community")
    assert [c.code for c in record.countries.all()] == ["DE", "ES", "FR", "GB", "NL", "PT"]
    assert record.who_region == "EUR"


def test_importing_the_same_file_again_creates_nothing(curator, demo_file):
    run(demo_file)
    code, out, _err = run(demo_file)
    assert code == 0
    assert out.splitlines()[-1] == (
        f"Imported as {curator.email}: 0 created, 0 updated, 36 unchanged, 0 withdrawn "
        "(left as they are)."
    )
    assert Experience.objects.count() == ExperienceVersion.objects.count() == 36


def test_a_changed_row_publishes_a_new_version(curator, demo_file, demo_records):
    run(demo_file)
    demo_records[0]["outcomes_en"] += " A later review confirmed these figures."
    demo_records[0]["health_areas"].append("health emergencies")
    code, out, _err = run(write_json(demo_file, demo_records), "-v", "2")
    assert code == 0
    record = Experience.objects.get(title_en=SIERRA_LEONE)
    assert f"  row 1: {record.identifier} “{SIERRA_LEONE[:80]}”: changed, new version" in (
        out.splitlines()
    )
    assert out.splitlines()[-1].endswith(
        "0 created, 1 updated, 35 unchanged, 0 withdrawn (left as they are)."
    )
    assert record.version_number == 2
    latest = record.versions.get(number=2)
    assert latest.change_note == "Updated by import"
    assert latest.data["text"]["outcomes"]["en"].endswith("confirmed these figures.")
    assert [h["slug"] for h in latest.data["health_areas"]] == ["ebola", "health-emergencies"]
    assert Experience.objects.count() == 36


def test_a_withdrawn_record_is_left_withdrawn(curator, demo_file, demo_records):
    from baraza.compendium import services

    run(demo_file)
    record = Experience.objects.get(title_en=SIERRA_LEONE)
    services.withdraw(experience=record, actor=curator, reason="Figures under review.")
    demo_records[0]["outcomes_en"] += " Changed."
    code, out, _err = run(write_json(demo_file, demo_records))
    assert code == 0
    assert out.splitlines()[1] == (
        f"  row 1: {record.identifier} “{SIERRA_LEONE[:80]}”: withdrawn, left as it is"
    )
    record.refresh_from_db()
    assert (record.status, record.version_number) == (Status.WITHDRAWN, 1)


# --- Dry run ----------------------------------------------------------------------------------


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(curator, demo_file):
    code, out, err = run(demo_file, "--dry-run")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[1] == f"  row 1: “{SIERRA_LEONE[:80]}”: new record"
    assert len(lines) == 1 + 36 + 1
    assert lines[-1] == (
        "Dry run, nothing was written: 36 to create, 0 to update, 0 unchanged, 0 withdrawn "
        "(left as they are)."
    )
    assert Experience.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="experience.").exists()


def test_a_dry_run_of_a_changed_file_names_the_records_to_update(curator, demo_file, demo_records):
    run(demo_file)
    demo_records[1]["title_fr"] = demo_records[1]["title_fr"] + " (révisé)"
    code, out, _err = run(write_json(demo_file, demo_records), "--dry-run")
    assert code == 0
    second = Experience.objects.get(title_en=demo_records[1]["title_en"])
    assert f"  row 2: {second.identifier} “{second.title_en[:80]}”: changed, new version" in (
        out.splitlines()
    )
    assert out.splitlines()[-1].startswith("Dry run, nothing was written: 0 to create, 1 to update")
    assert ExperienceVersion.objects.count() == 36


# --- Bad input ------------------------------------------------------------------------------


def test_wrong_types_are_reported_by_row_and_field_and_nothing_is_imported(
    curator, demo_file, demo_records
):
    demo_records[1]["start_year"] = "2014"
    demo_records[2]["setting"] = "rural"
    demo_records[3]["references"] = [{"title": "A report", "year": "2019"}]
    demo_records[4]["summary_en"] = 42
    code, _out, err = run(write_json(demo_file, demo_records))
    assert code == 1
    assert problems(err) == [
        "row 2, start_year: Expected a number, not text (“2014”).",
        "row 3, setting: Expected a list of texts.",
        "row 4, references: Reference 1, year: expected a whole number.",
        "row 5, summary_en: Expected text.",
    ]
    assert err.splitlines()[0] == "ce-experiences-demo.json: 4 problems; nothing was imported."
    assert Experience.objects.count() == 0


def test_unknown_terms_and_countries_are_named_with_their_row_and_field(
    curator, demo_file, demo_records
):
    demo_records[0]["health_areas"] = ["Ebola virus"]
    demo_records[5]["countries"] = ["CM", "XX", "UG"]
    demo_records[6]["implementing_partners"] = ["NGO", "trade union", "guild"]
    demo_records[7]["evidence_type"] = "opinion"
    code, _out, err = run(write_json(demo_file, demo_records))
    assert code == 1
    assert problems(err) == [
        "row 1, health_areas: “Ebola virus” is not in the vocabulary “health areas”.",
        "row 6, countries: “XX” is not an ISO 3166-1 alpha-2 country code.",
        "row 7, implementing_partners: “trade union” is not in the vocabulary "
        "“implementing-partner types”.",
        "row 7, implementing_partners: “guild” is not in the vocabulary "
        "“implementing-partner types”.",
        "row 8, evidence_type: “opinion” is not in the vocabulary “types of evidence”.",
    ]
    assert Experience.objects.count() == 0


def test_missing_fields_and_a_region_that_is_not_the_countries_are_reported(
    curator, demo_file, demo_records
):
    del demo_records[0]["summary_en"]
    demo_records[1]["ce_approaches"] = []
    demo_records[2]["who_region"] = "EUR"
    demo_records[3]["summary_en"] = "Too short to say anything."
    code, _out, err = run(write_json(demo_file, demo_records))
    assert code == 1
    assert problems(err) == [
        "row 1, summary_en: This field is missing.",
        "row 2, ce_approaches: Choose at least one community engagement approach.",
        "row 3, who_region: The WHO region “EUR” is not the region of the countries (AFR).",
        "row 4, summary_en: Too short: 5 words, at least 30.",
    ]
    assert Experience.objects.count() == 0


def test_one_bad_row_among_good_ones_imports_nothing(curator, demo_file, demo_records):
    demo_records[35]["engagement_level"] = "co-own"
    code, _out, err = run(write_json(demo_file, demo_records))
    assert code == 1
    assert problems(err) == [
        "row 36, engagement_level: “co-own” is not in the vocabulary “levels of engagement”."
    ]
    assert Experience.objects.count() == 0


def test_the_same_record_twice_in_a_file_is_an_error(curator, demo_file, demo_records):
    code, _out, err = run(write_json(demo_file, [*demo_records, demo_records[0]]))
    assert code == 1
    key = importer.derived_key(SIERRA_LEONE)
    assert problems(err) == [f"row 37, external_key: Row 1 has the same key ({key})."]


def test_a_latin_1_csv_is_reported_not_crashed_on(curator, tmp_path):
    path = tmp_path / "experiences.csv"
    path.write_bytes("title_en,title_fr\nHealth days,Journées de santé\n".encode("latin-1"))
    code, _out, err = run(path)
    assert code == 1
    assert err.splitlines()[:2] == [
        "experiences.csv: 1 problem; nothing was imported.",
        "  The file is not UTF-8 text (byte 0xE9 on line 2). Save it as UTF-8 (in a "
        "spreadsheet: “CSV UTF-8”) and import it again.",
    ]


def test_an_xlsx_with_formulas_is_rejected_naming_the_cells(curator, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["title_en", "start_year", "end_year"])
    sheet.append(["Health days", 2019, "=B2+2"])
    sheet.append(["Radio drama", "=YEAR(TODAY())", 2024])
    path = tmp_path / "experiences.xlsx"
    workbook.save(path)
    code, _out, err = run(path)
    assert code == 1
    assert problems(err)[:2] == [
        "row 2, end_year: Cell C2 holds a formula (=B2+2): formulas are not accepted. "
        "Replace it with its value.",
        "row 3, start_year: Cell B3 holds a formula (=YEAR(TODAY())): formulas are not "
        "accepted. Replace it with its value.",
    ]
    assert Experience.objects.count() == 0


def test_csv_problems_name_the_sheet_row_and_column(curator, tmp_path):
    path = tmp_path / "experiences.csv"
    rows = [
        ["external_key", "title_en", "start_yeer", "countries", "ongoing"],
        ["w-1", "Health days", "2019", "SN | ZZ", "maybe"],
    ]
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)
    code, _out, err = run(path)
    assert code == 1
    assert problems(err)[:3] == [
        "row 1, start_yeer: Unknown column.",
        "row 2, countries: “ZZ” is not an ISO 3166-1 alpha-2 country code.",
        "row 2, ongoing: “maybe” is not true or false.",
    ]


def test_a_file_that_is_not_json_is_reported(curator, tmp_path):
    path = tmp_path / "experiences.json"
    path.write_text('[{"title_en": "Health days",}]', encoding="utf-8")
    code, _out, err = run(path)
    assert code == 1
    assert problems(err) == [
        "This is not valid JSON (line 1, column 29): Expecting property name enclosed in "
        "double quotes."
    ]


def test_only_a_curator_imports(member, curator, demo_file):
    code, _out, err = run(demo_file, "--as", member.email)
    assert code == 1
    assert err.strip() == f"{member.email} is not an active curator."
    code, _out, _err = run(demo_file, "--as", curator.email.upper(), "--dry-run")
    assert code == 0


def test_without_any_curator_the_command_says_so(member, demo_file):
    code, _out, err = run(demo_file)
    assert (code, err.strip()) == (
        1,
        "There is no curator yet: add someone to the “curators” group first.",
    )


# --- Spellings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("vocabulary", "spelling", "slug"),
    [
        ("settings", "humanitarian/fragile", "humanitarian-fragile"),
        ("settings", "Quartier informel", "informal-settlement"),
        ("health_areas", "EBOLA VIRUS DISEASE", "ebola"),
        ("health_areas", "WASH", "wash"),
        ("health_areas", "Eau, assainissement et hygiène", "wash"),
        ("health_areas", "MERS", "mers"),
        ("health_areas", "poliomyelite", "polio"),
        ("approaches", "mothers' groups", "mothers-groups"),
        ("approaches", "community health workers/volunteers", "chws-volunteers"),
        ("approaches", "CREC", "rcce"),
        ("partner_types", "faith-based organization", "faith-based"),
        ("partner_types", "NGO", "ngo"),
        ("partner_types", "UN agency", "un-agency"),
        ("evidence_type", "anecdotal/report", "anecdotal-report"),
        ("evidence_type", "cluster randomized trial", "cluster-rct"),
        ("evidence_type", "programme monitoring data", "programme-monitoring"),
    ],
)
def test_terms_are_found_by_slug_or_name_whatever_the_case_accents_or_spelling(
    vocabulary, spelling, slug
):
    assert importer.Vocabularies().term(vocabulary, spelling).slug == slug


def test_every_term_the_demo_file_uses_is_in_the_vocabularies(demo_records):
    vocabularies = importer.Vocabularies()
    fields = {
        "setting": "settings",
        "phase": "phases",
        "health_areas": "health_areas",
        "ce_approaches": "approaches",
        "implementing_partners": "partner_types",
    }
    for record in demo_records:
        for key, vocabulary in fields.items():
            for value in record[key]:
                vocabularies.term(vocabulary, value)
        vocabularies.term("engagement_level", record["engagement_level"])
        vocabularies.term("evidence_type", record["evidence_type"])
    assert HealthArea.objects.get(slug="ebola").name_en == "Ebola virus disease"
    assert PartnerType.objects.get(slug="ngo").name_fr == "Organisation non gouvernementale (ONG)"


# --- Round trips through the export ---------------------------------------------------------


@pytest.fixture
def published(submitter, curator, reviewers):
    """Three published records: labelled, in French with a cost and a public contact, and with
    texts a spreadsheet would take for formulas."""
    factories.active_criteria()
    first = factories.published(submitter, curator, reviewers[:2], scores=(3, 3))
    second = factories.published(
        submitter,
        curator,
        reviewers[:2],
        original_language="fr",
        title_en="",
        title_fr="Comités de santé villageois, Sénégal",
        summary_en="",
        summary_fr=factories.words(40),
        what_was_done_en="",
        what_was_done_fr=factories.words(35),
        outcomes_en="",
        outcomes_fr=factories.words(20),
        lessons_learned_en="",
        evidence_description_en="",
        evidence_description_fr="Suivi du programme.",
        countries=[Country.objects.get(code="SN"), Country.objects.get(code="ML")],
        cost_amount="12500.50",
        cost_currency="XOF",
        cost_notes="Formation des relais",
        contact_name="Awa Ndiaye",
        contact_email="awa@example.org",
        contact_organisation="Association des relais",
        contact_consent=True,
    )
    third = factories.published(
        submitter,
        curator,
        reviewers[:2],
        title_en='=HYPERLINK("https://example.org") health days',
        lessons_learned_en="- meet monthly\n+ share data\n@ the clinic",
    )
    return [first, second, third]


def _export(tmp_path: Path, fmt: str) -> Path:
    path = tmp_path / f"export.{fmt}"
    call_command("export_experiences", "--format", fmt, "--output", str(path))
    return path


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_an_export_imports_back_unchanged(published, tmp_path, fmt):
    path = _export(tmp_path, fmt)
    code, out, err = run(path)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1].endswith(
        "0 created, 0 updated, 3 unchanged, 0 withdrawn (left as they are)."
    )
    assert ExperienceVersion.objects.count() == 3


def test_a_cell_changed_in_the_exported_csv_publishes_a_new_version(published, tmp_path):
    path = _export(tmp_path, "csv")
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    target = next(row for row in rows if row["identifier"] == published[1].identifier)
    target["outcomes_fr"] += " Les pesées ont doublé."
    target["settings"] = "rural | remote"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    code, out, _err = run(path)
    assert code == 0, out
    record = Experience.objects.get(pk=published[1].pk)
    assert record.version_number == 2
    assert record.outcomes_fr.endswith("Les pesées ont doublé.")
    assert sorted(s.slug for s in record.settings.all()) == ["remote", "rural"]
    assert (record.label, record.cost_currency, record.contact_consent) == (
        published[1].label,
        "XOF",
        True,
    )


def test_a_changed_xlsx_cell_publishes_a_new_version(published, tmp_path):
    path = _export(tmp_path, "xlsx")
    workbook = load_workbook(path)
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("identifier")].value == published[0].identifier:
            row[header.index("end_year")].value = 2022
    workbook.save(path)
    code, _out, _err = run(path)
    assert code == 0
    record = Experience.objects.get(pk=published[0].pk)
    assert (record.end_year, record.version_number) == (2022, 2)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_an_export_from_another_site_creates_the_same_records(published, tmp_path, settings, fmt):
    path = _export(tmp_path, fmt)
    keys = {record.pk: exporter.site_key(record.identifier) for record in published}
    settings.SITE_URL = "https://another-baraza.example.org"
    code, out, err = run(path)
    assert (code, err) == (0, ""), err
    assert out.splitlines()[-1].endswith(
        "3 created, 0 updated, 0 unchanged, 0 withdrawn (left as they are)."
    )
    for original in published:
        copy = Experience.objects.get(external_key=keys[original.pk])
        assert copy.identifier != original.identifier
        old, new = original.versions.get().data, copy.versions.get().data
        different = {k for k in old if old[k] != new[k]}
        assert different == {"identifier", "criteria_set_version"}
        assert copy.label == original.label != ""


def test_the_title_key_rule(curator):
    assert importer.derived_key("Réseau des relais, Kolda (Sénégal)") == (
        "title:reseau-des-relais-kolda-senegal"
    )
    long = importer.derived_key("word " * 100)
    assert len(long) <= importer.MAX_KEY
    assert long.startswith("title:word-word-")


def test_labels_in_a_file_are_only_the_ones_the_rule_knows(curator, tmp_path, published):
    path = _export(tmp_path, "csv")
    text = path.read_text(encoding="utf-8-sig").replace(Label.BEST, "excellent-practice")
    path.write_text(text, encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    row = 2 + [r["identifier"] for r in rows].index(published[0].identifier)
    code, _out, err = run(path)
    assert code == 1
    assert problems(err) == [
        f"row {row}, label: “excellent-practice” is not one of: best-practice, "
        "promising-practice, documented-experience."
    ]


def test_a_non_curator_cannot_use_the_importer_directly(member, demo_file):
    result = importer.import_file(demo_file, actor=MemberFactory())
    assert [str(p) for p in result.problems] == ["Only curators can import records."]
    assert Experience.objects.count() == 0


@pytest.mark.parametrize("command", ["import-experiences", "export-experiences"])
def test_the_baraza_command_knows_the_documented_spelling(command, capsys):
    from baraza.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["baraza", command, "--help"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: baraza {command.replace('-', '_')}")


def test_a_missing_file_or_an_unknown_format_is_reported(curator, tmp_path):
    code, _out, err = run(tmp_path / "nowhere.csv")
    assert (code, problems(err)) == (1, ["No such file or directory"])
    path = tmp_path / "experiences.ods"
    path.write_bytes(b"")
    code, _out, err = run(path)
    assert (code, problems(err)) == (
        1,
        ["Give a .json, .csv or .xlsx file (or say which with --format), not “experiences.ods”."],
    )
