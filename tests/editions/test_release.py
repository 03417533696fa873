"""Releasing editions: an immutable manifest of published versions, the change log against the
previous edition, the landing page with its citation and files, and what is refused."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from baraza.compendium import services
from baraza.compendium.models import Status
from baraza.compendium.services import WorkflowError
from baraza.core.policies import Refused
from baraza.editions import services as editions
from baraza.editions.models import BuildState, Edition, EditionFile
from tests.compendium import factories
from tests.editions.conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator_client(curator) -> Client:
    client = Client()
    client.force_login(curator)
    return client


def release(curator, number: str, capture=None, **notes):
    notes.setdefault("notes_en", f"Edition {number}.")
    if capture is None:
        return editions.release(actor=curator, number=number, **notes)
    with capture(execute=True):
        return editions.release(actor=curator, number=number, **notes)


def test_an_edition_freezes_the_current_published_versions(curator, records):
    edition = release(curator, "2026.1")
    entries = {e.identifier: e.number for e in edition.entries.all()}
    assert entries == {r.identifier: 1 for r in records}
    assert edition.changes == {
        "added": sorted(r.identifier for r in records),
        "updated": [],
        "withdrawn": [],
    }
    assert edition.criteria_set is not None
    assert len(edition.vocabulary_version) == 12
    assert {"phases", "countries", "approaches"} <= set(edition.vocabularies)
    assert edition.files.count() == 6


def test_drafts_and_records_in_review_are_not_in_an_edition(curator, records, member):
    services.create_experience(actor=member, values=factories.complete_values(title_en="Draft"))
    edition = release(curator, "2026.1")
    assert edition.entries.count() == 3


def test_the_change_log_says_what_was_added_updated_and_withdrawn(curator, records):
    first = release(curator, "2026.1")
    kenya, sierra_leone, haiti = records
    services.publish_edit(
        experience=kenya,
        actor=curator,
        values={"summary_en": factories.words(70)},
        change_note="Longer summary",
    )
    services.withdraw(experience=sierra_leone, actor=curator, reason="Consent withdrawn.")
    new = publish(curator, "Women's groups and newborn care, Nepal", "NP", "routine-phc")

    second = release(curator, "2026.2")
    assert second.previous == first
    assert second.changes == {
        "added": [new.identifier],
        "updated": [kenya.identifier],
        "withdrawn": [sierra_leone.identifier],
    }
    assert {e.identifier: e.number for e in second.entries.all()} == {
        kenya.identifier: 2,
        haiti.identifier: 1,
        new.identifier: 1,
    }
    # The first edition is untouched: it still holds version 1 and the withdrawn record.
    assert {e.identifier: e.number for e in first.entries.all()} == {
        r.identifier: 1 for r in records
    }


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("2026", "Give the edition number as a year, a dot and a number, e.g. 2026.1."),
        ("2026.1", "Edition 2026.1 exists already."),
        ("2025.4", "The new edition's number must come after 2026.1."),
    ],
)
def test_a_bad_or_out_of_order_number_is_refused(curator, records, number, message):
    release(curator, "2026.1")
    services.withdraw(experience=records[0], actor=curator, reason="Duplicate.")
    with pytest.raises(WorkflowError) as error:
        release(curator, number)
    assert error.value.messages == [message]
    assert Edition.objects.count() == 1


def test_releasing_when_nothing_changed_says_so_and_releases_nothing(curator, records):
    release(curator, "2026.1")
    with pytest.raises(WorkflowError) as error:
        release(curator, "2026.2")
    assert error.value.messages == [
        "Nothing has changed since edition 2026.1: no record was published, updated or "
        "withdrawn. There is nothing to release."
    ]
    assert Edition.objects.count() == 1


def test_only_curators_release(member, records):
    with pytest.raises(Refused):
        editions.release(actor=member, number="2026.1", notes_en="x")
    assert not Edition.objects.exists()


# --- The pages ------------------------------------------------------------------------------


def test_a_curator_releases_from_the_web_and_lands_on_the_edition(
    curator_client, records, django_capture_on_commit_callbacks
):
    page = curator_client.get("/en/compendium/editions/release/").content.decode()
    assert "3 published records" in page
    assert "This is the first edition." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(
            "/en/compendium/editions/release/",
            {"number": "2026.1", "notes_en": "First edition.", "notes_fr": "Première édition."},
        )
    assert response.status_code == 302
    assert response["Location"] == "/en/compendium/editions/2026.1/"
    page = Client().get("/fr/compendium/editions/2026.1/").content.decode()
    assert "Première édition." in page
    assert "Citer cette édition" in page


def test_the_release_form_shows_the_refusal_and_keeps_what_was_typed(curator_client, records):
    curator_client.post(
        "/en/compendium/editions/release/", {"number": "2026.1", "notes_en": "First."}
    )
    response = curator_client.post(
        "/en/compendium/editions/release/", {"number": "2026.2", "notes_en": "Second try."}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing has changed since edition 2026.1" in page
    assert "Second try." in page
    assert Edition.objects.count() == 1


def test_release_notes_are_required_in_one_language(curator_client, records):
    response = curator_client.post("/en/compendium/editions/release/", {"number": "2026.1"})
    assert response.status_code == 400
    assert "Write the release notes in at least one language" in response.content.decode()


def test_members_cannot_release_or_set_a_doi(member_client, curator, records):
    assert member_client.get("/en/compendium/editions/release/").status_code == 403
    assert (
        member_client.post(
            "/en/compendium/editions/release/", {"number": "2026.1", "notes_en": "x"}
        ).status_code
        == 403
    )
    release(curator, "2026.1")
    response = member_client.post("/en/compendium/editions/2026.1/doi/", {"doi": "10.5281/x.1"})
    assert response.status_code == 403
    assert Edition.objects.get().doi == ""


def test_the_landing_page_cites_the_edition_with_its_doi_once_set(
    curator_client, curator, records, settings
):
    settings.SITE_URL = "https://baraza.example"
    edition = release(curator, "2026.1")
    page = Client().get("/en/compendium/editions/2026.1/").content.decode()
    date = edition.released_at.date().isoformat()
    assert (
        f"{settings.SITE_NAME} Community Engagement Compendium, edition 2026.1 [data set]. "
        f"{settings.SITE_NAME}; {date}. https://baraza.example/en/compendium/editions/2026.1/"
    ) in page

    response = curator_client.post(
        "/en/compendium/editions/2026.1/doi/", {"doi": "https://doi.org/10.5281/zenodo.1234"}
    )
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.doi == "10.5281/zenodo.1234"
    page = Client().get("/en/compendium/editions/2026.1/").content.decode()
    assert "https://doi.org/10.5281/zenodo.1234" in page


def test_a_bad_doi_is_refused_with_a_message(curator_client, curator, records):
    release(curator, "2026.1")
    response = curator_client.post("/en/compendium/editions/2026.1/doi/", {"doi": "zenodo 1234"})
    assert response.status_code == 400
    assert "This is not a DOI." in response.content.decode()
    assert Edition.objects.get().doi == ""


def test_old_editions_mark_records_withdrawn_since(curator, records):
    release(curator, "2026.1")
    services.withdraw(experience=records[1], actor=curator, reason="Consent withdrawn.")
    page = Client().get("/en/compendium/editions/2026.1/").content.decode()
    assert page.count("withdrawn since") == 1
    assert records[1].identifier in page


def test_the_list_shows_every_edition_with_its_changes(curator, records):
    release(curator, "2026.1")
    services.withdraw(experience=records[0], actor=curator, reason="Duplicate.")
    release(curator, "2026.2")
    page = Client().get("/en/compendium/editions/").content.decode()
    assert page.index(">2026.2</a>") < page.index(">2026.1</a>")
    assert "0 added, 0 updated, 1 withdrawn" in page
    assert "3 added, 0 updated, 0 withdrawn" in page


def test_an_unknown_edition_or_file_is_not_found(curator, records):
    assert Client().get("/en/compendium/editions/1999.1/").status_code == 404
    release(curator, "2026.1")
    assert Client().get("/en/compendium/editions/2026.1/files/nope.pdf").status_code == 404


# --- Builds -----------------------------------------------------------------------------------


def test_a_failed_build_shows_the_error_to_curators_and_can_be_built_again(
    curator_client, curator, records, django_capture_on_commit_callbacks, monkeypatch
):
    real = editions.builders()

    def broken(edition, language, out, progress):
        raise OSError("No space left on device")

    monkeypatch.setattr(editions, "builders", lambda: {**real, "epub": broken})
    edition = release(curator, "2026.1", django_capture_on_commit_callbacks)
    failed = edition.files.filter(kind="epub")
    assert {f.state for f in failed} == {BuildState.FAILED}
    assert failed[0].error == "OSError: No space left on device"
    page = curator_client.get("/en/compendium/editions/2026.1/").content.decode()
    assert "The build failed. OSError: No space left on device" in page
    public = Client().get("/en/compendium/editions/2026.1/").content.decode()
    assert "No space left" not in public

    monkeypatch.setattr(editions, "builders", lambda: real)
    output = failed[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(reverse("editions:rebuild", args=["2026.1", output.pk]))
    assert response.status_code == 302
    output.refresh_from_db()
    assert output.state == BuildState.READY
    assert Edition.objects.count() == 1


def test_a_ready_file_downloads_with_its_checksum(edition):
    output = edition.files.get(kind="dataset")
    assert output.state == BuildState.READY, output.error
    response = Client().get(reverse("editions:download", args=[edition.number, output.filename]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == output.sha256
    assert len(body) == output.size
    assert f'filename="{output.filename}"' in response["Content-Disposition"]


def test_a_file_being_built_is_not_downloadable_and_the_page_follows_it(
    curator_client, curator, records
):
    edition = release(curator, "2026.1")  # builds queued, not run (no commit captured)
    output = EditionFile.objects.filter(edition=edition).first()
    assert output.state == BuildState.QUEUED
    assert (
        Client().get(reverse("editions:download", args=["2026.1", output.filename])).status_code
        == 404
    )
    page = curator_client.get("/en/compendium/editions/2026.1/").content.decode()
    assert '<meta http-equiv="refresh" content="5">' in page


def test_withdrawing_does_not_change_a_released_manifest(curator, records):
    edition = release(curator, "2026.1")
    services.withdraw(experience=records[2], actor=curator, reason="Duplicate.")
    assert records[2].identifier in {e.identifier for e in edition.entries.all()}
    assert records[2].__class__.objects.get(pk=records[2].pk).status == Status.WITHDRAWN


def test_a_released_edition_cannot_be_changed_except_for_its_doi(curator, records):
    edition = release(curator, "2026.1")
    edition.notes_en = "Rewritten history."
    with pytest.raises(ValueError, match="immutable"):
        edition.save()
    edition.refresh_from_db()
    assert edition.notes_en == "Edition 2026.1."
    editions.set_doi(actor=curator, edition=edition, doi="10.5281/zenodo.99")
    assert Edition.objects.get().doi == "10.5281/zenodo.99"


def test_a_stalled_build_can_be_built_again_but_a_ready_file_cannot(
    curator_client, curator, records, django_capture_on_commit_callbacks
):
    edition = release(curator, "2026.1")  # queued; the worker never came
    output = edition.files.get(kind="dataset")
    assert not output.stalled
    EditionFile.objects.filter(pk=output.pk).update(
        state=BuildState.BUILDING, started_at=timezone.now() - timedelta(hours=1)
    )
    page = curator_client.get("/en/compendium/editions/2026.1/").content.decode()
    assert "The build has stalled." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(reverse("editions:rebuild", args=["2026.1", output.pk]))
    assert response.status_code == 302
    output.refresh_from_db()
    assert output.state == BuildState.READY
    with pytest.raises(WorkflowError):
        editions.rebuild(actor=curator, output=output)


def test_control_characters_pasted_into_a_record_do_not_break_the_files_or_the_feeds(
    curator, django_capture_on_commit_callbacks
):
    publish(curator, "Radio\x0c drama\x0b for\ufffe vaccination, Ghana", "GH")
    with django_capture_on_commit_callbacks(execute=True):
        edition = release(curator, "2026.1", notes_en="First\x0c edition.")
    assert {f.kind: f.state for f in edition.files.all()} == {
        "pdf": BuildState.READY,
        "epub": BuildState.READY,
        "offline": BuildState.READY,
        "dataset": BuildState.READY,
    }
    for feed in ("experiences", "editions"):
        response = Client().get(f"/en/compendium/feeds/{feed}.atom")
        assert response.status_code == 200
        assert b"\x0c" not in response.content
