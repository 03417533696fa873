"""Importing from the web: a curator uploads a file, sees the check (every problem by row and
column, or what would change), confirms, and the records are imported, all or nothing. The
background steps run inline when the upload's transaction commits (``BARAZA_TASKS=inline``)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from baraza.compendium import demo, importer
from baraza.compendium.models import Experience, ImportJob, ImportState, Status
from baraza.core.models import AuditEntry
from baraza.taxonomy.models import HealthArea

pytestmark = pytest.mark.django_db

UPLOAD = "/en/compendium/curation/import/"


@pytest.fixture
def curator_client(curator) -> Client:
    client = Client()
    client.force_login(curator)
    return client


@pytest.fixture
def demo_records() -> list[dict]:
    return json.loads(demo.DEMO_FILE.read_text(encoding="utf-8"))


def json_file(records, name: str = "experiences.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, json.dumps(records, ensure_ascii=False).encode())


def upload(client, uploaded, capture, *, path: str = UPLOAD):
    """Post the file; the check runs when the upload commits. Returns (response, job)."""
    with capture(execute=True):
        response = client.post(path, {"file": uploaded})
    job = ImportJob.objects.order_by("-pk").first()
    return response, job


def post(client, name: str, job: ImportJob, capture):
    with capture(execute=True):
        response = client.post(reverse(f"compendium:{name}", args=[job.pk]))
    job.refresh_from_db()
    return response


def test_a_curator_checks_then_confirms_and_every_record_is_published(
    curator_client, curator, demo_records, django_capture_on_commit_callbacks
):
    response, job = upload(
        curator_client, json_file(demo_records[:3]), django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("compendium:import_job", args=[job.pk])
    assert job.state == ImportState.CHECKED
    assert Experience.objects.count() == 0  # a check writes nothing

    page = curator_client.get(response["Location"]).content.decode()
    assert "3 new records" in page
    assert demo_records[0]["title_en"] in page
    assert "Import 3 records" in page
    assert 'http-equiv="refresh"' not in page

    response = post(curator_client, "import_confirm", job, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert job.state == ImportState.IMPORTED
    assert job.confirmed_by == curator
    records = list(Experience.objects.order_by("pk"))
    assert [r.status for r in records] == [Status.PUBLISHED] * 3
    assert [c["identifier"] for c in job.report["candidates"]] == [r.identifier for r in records]
    page = curator_client.get(response["Location"]).content.decode()
    assert "What was imported" in page
    assert reverse("compendium:detail", args=[records[0].identifier]) in page
    assert AuditEntry.objects.filter(action="experience.import", actor=curator).exists()


def test_a_file_with_problems_shows_them_by_row_and_column_and_cannot_be_imported(
    curator_client, demo_records, django_capture_on_commit_callbacks
):
    demo_records[1]["start_year"] = "2014"
    demo_records[2]["health_areas"] = ["Ebola virus"]
    _response, job = upload(
        curator_client, json_file(demo_records[:3]), django_capture_on_commit_callbacks
    )
    assert job.state == ImportState.REJECTED
    assert [(p["row"], p["field"]) for p in job.report["problems"]] == [
        (2, "start_year"),
        (3, "health_areas"),
    ]
    page = curator_client.get(reverse("compendium:import_job", args=[job.pk])).content.decode()
    assert "The check found 2 problems, so nothing can be imported." in page
    assert "Expected a number, not text (“2014”)." in page
    assert "Import 3 records" not in page

    response = post(curator_client, "import_confirm", job, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "This file is not waiting for confirmation any more." in response.content.decode()
    assert job.state == ImportState.REJECTED
    assert Experience.objects.count() == 0


def test_the_report_is_in_the_language_of_the_curator_who_uploaded(
    curator_client, demo_records, django_capture_on_commit_callbacks
):
    demo_records[0]["start_year"] = "2014"
    _response, job = upload(
        curator_client,
        json_file(demo_records[:1]),
        django_capture_on_commit_callbacks,
        path="/fr/compendium/curation/import/",
    )
    assert job.language == "fr"
    page = curator_client.get(f"/fr/compendium/curation/import/{job.pk}/").content.decode()
    assert job.report["problems"][0]["message"] == "Un nombre est attendu, pas du texte (« 2014 »)."
    assert "Problèmes" in page


def test_a_confirmed_import_runs_once(
    curator_client, demo_records, django_capture_on_commit_callbacks
):
    _response, job = upload(
        curator_client, json_file(demo_records[:2]), django_capture_on_commit_callbacks
    )
    assert (
        post(curator_client, "import_confirm", job, django_capture_on_commit_callbacks).status_code
        == 302
    )
    again = post(curator_client, "import_confirm", job, django_capture_on_commit_callbacks)
    assert again.status_code == 400
    assert "This file is not waiting for confirmation any more." in again.content.decode()
    assert Experience.objects.count() == 2


def test_uploading_the_same_file_again_finds_nothing_to_import(
    curator_client, demo_records, django_capture_on_commit_callbacks
):
    _response, first = upload(
        curator_client, json_file(demo_records[:2]), django_capture_on_commit_callbacks
    )
    post(curator_client, "import_confirm", first, django_capture_on_commit_callbacks)
    _response, second = upload(
        curator_client, json_file(demo_records[:2]), django_capture_on_commit_callbacks
    )
    assert second.state == ImportState.CHECKED
    assert (second.count("unchanged"), second.to_write) == (2, 0)
    page = curator_client.get(reverse("compendium:import_job", args=[second.pk])).content.decode()
    assert "There is nothing to import: every record in the file is unchanged." in page
    response = post(curator_client, "import_confirm", second, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert second.state == ImportState.CHECKED
    assert Experience.objects.count() == 2


def test_the_import_checks_again_and_imports_nothing_when_a_term_is_gone(
    curator_client, demo_records, django_capture_on_commit_callbacks
):
    """Between the check and the confirmation, a curator deleted a vocabulary term the file
    uses: the import finds it, stops, and says why."""
    records = [demo_records[0], {**demo_records[1], "health_areas": ["Cholera"]}]
    _response, job = upload(curator_client, json_file(records), django_capture_on_commit_callbacks)
    assert job.state == ImportState.CHECKED
    HealthArea.objects.filter(name_en="Cholera").delete()

    post(curator_client, "import_confirm", job, django_capture_on_commit_callbacks)
    assert job.state == ImportState.FAILED
    assert [(p["row"], p["field"]) for p in job.report["problems"]] == [(2, "health_areas")]
    assert len(job.report["candidates"]) == 2  # the check's list is kept
    assert Experience.objects.count() == 0
    page = curator_client.get(reverse("compendium:import_job", args=[job.pk])).content.decode()
    assert "The import stopped, and nothing was imported." in page


def test_an_error_on_our_side_marks_the_import_failed_and_writes_nothing(
    curator_client, demo_records, django_capture_on_commit_callbacks, monkeypatch
):
    _response, job = upload(
        curator_client, json_file(demo_records[:1]), django_capture_on_commit_callbacks
    )

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "_write", broken)
    post(curator_client, "import_confirm", job, django_capture_on_commit_callbacks)
    assert job.state == ImportState.FAILED
    assert "error on our side" in job.report["problems"][0]["message"]
    assert Experience.objects.count() == 0


def test_a_checked_file_can_be_discarded_and_is_deleted(
    curator_client, demo_records, django_capture_on_commit_callbacks
):
    _response, job = upload(
        curator_client, json_file(demo_records[:1]), django_capture_on_commit_callbacks
    )
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    download = curator_client.get(reverse("compendium:import_original", args=[job.pk]))
    assert (
        json.loads(b"".join(download.streaming_content))[0]["title_en"]
        == demo_records[0]["title_en"]
    )

    post(curator_client, "import_discard", job, django_capture_on_commit_callbacks)
    assert job.state == ImportState.DISCARDED
    assert not storage.exists(name)
    assert (
        curator_client.get(reverse("compendium:import_original", args=[job.pk])).status_code == 404
    )
    assert (
        post(curator_client, "import_confirm", job, django_capture_on_commit_callbacks).status_code
        == 400
    )


# --- The upload form ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uploaded", "message"),
    [
        (
            SimpleUploadedFile("records.txt", b"title_en\nx\n"),
            "“records.txt” is not a .json, .csv or .xlsx file.",
        ),
        (SimpleUploadedFile("records.csv", b""), "The submitted file is empty."),
    ],
)
def test_a_file_of_the_wrong_kind_is_refused_with_a_message(curator_client, uploaded, message):
    response = curator_client.post(UPLOAD, {"file": uploaded})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_over_the_limit_is_refused_before_it_is_kept(curator_client, settings):
    settings.BARAZA_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("records.csv", b"title_en\n" + b"x" * (1024 * 1024 + 1))
    response = curator_client.post(UPLOAD, {"file": big})
    assert response.status_code == 400
    assert "files can be at most 1.0 MB" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_post_without_a_file_asks_for_one(curator_client):
    response = curator_client.post(UPLOAD, {})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_a_latin_1_csv_gets_a_report_not_a_crash(
    curator_client, django_capture_on_commit_callbacks
):
    data = "title_en,title_fr\nHealth days,Journées de santé\n".encode("latin-1")
    _response, job = upload(
        curator_client, SimpleUploadedFile("records.csv", data), django_capture_on_commit_callbacks
    )
    assert job.state == ImportState.REJECTED
    assert "The file is not UTF-8 text" in job.report["problems"][0]["message"]


# --- Who may import -------------------------------------------------------------------------------


def test_only_curators_reach_the_import_pages(
    member_client, curator_client, demo_records, django_capture_on_commit_callbacks
):
    _response, job = upload(
        curator_client, json_file(demo_records[:1]), django_capture_on_commit_callbacks
    )
    for url in (
        UPLOAD,
        reverse("compendium:import_job", args=[job.pk]),
        reverse("compendium:import_original", args=[job.pk]),
    ):
        assert member_client.get(url).status_code == 403
    assert member_client.post(UPLOAD, {"file": json_file(demo_records[:1])}).status_code == 403
    for name in ("import_confirm", "import_discard"):
        assert post(member_client, name, job, django_capture_on_commit_callbacks).status_code == 403
    assert job.state == ImportState.CHECKED
    assert Client().get(UPLOAD).status_code == 302  # to the login page


def test_the_queue_links_to_the_import_and_the_list_shows_recent_files(
    curator_client, demo_records, django_capture_on_commit_callbacks
):
    assert UPLOAD in curator_client.get("/en/compendium/curation/").content.decode()
    upload(
        curator_client,
        json_file(demo_records[:1], "march.json"),
        django_capture_on_commit_callbacks,
    )
    page = curator_client.get(UPLOAD).content.decode()
    assert "march.json" in page
    assert "checked, waiting for confirmation" in page


def test_a_page_still_working_reloads_itself(curator_client, curator):
    job = ImportJob.objects.create(
        name="big.csv", format="csv", size=10, uploaded_by=curator, language="en"
    )
    page = curator_client.get(reverse("compendium:import_job", args=[job.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="5">' in page
    assert "Checking the file, row by row." in page


def test_a_stalled_import_can_be_discarded(curator_client, curator):
    """A worker restarted mid-import took its transaction with it: after two hours the page
    says so, stops reloading, and the file can be discarded."""
    job = ImportJob.objects.create(
        name="big.csv",
        format="csv",
        size=10,
        uploaded_by=curator,
        language="en",
        state=ImportState.IMPORTING,
        started_at=timezone.now() - timedelta(hours=3),
    )
    page = curator_client.get(reverse("compendium:import_job", args=[job.pk])).content.decode()
    assert "This file stopped being processed" in page
    assert 'http-equiv="refresh"' not in page
    response = curator_client.post(reverse("compendium:import_discard", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == ImportState.DISCARDED
