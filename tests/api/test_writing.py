"""Curators write through the API with a token: submitting a record, importing a file. Tokens
are created on a page (or with ``baraza api_token``) and stored only as a digest."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from baraza.api import tokens
from baraza.api.models import ApiToken
from baraza.compendium import demo
from baraza.compendium.models import Experience, ImportJob, Status
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db

RECORD = {
    "title": "Mothers' groups track vaccination in Kolda",
    "summary": "Monthly meetings with the health post.",
    "countries": ["SN"],
    "phases": ["routine-phc"],
    "start_year": 2022,
}


def post_json(client, path, data, **headers):
    return client.post(path, json.dumps(data), content_type="application/json", **headers)


def test_writing_needs_a_token_and_a_curator(api, member, curator_key):
    assert post_json(api, "/api/v1/experiences/", RECORD).status_code == 401
    assert post_json(api, "/api/v1/experiences/", RECORD, **bearer("bz_wrong")).status_code == 401
    member_key = "bz_member"
    ApiToken.objects.create(user=member, name="x", key_hash=tokens.digest(member_key), prefix="bz")
    response = post_json(api, "/api/v1/experiences/", RECORD, **bearer(member_key))
    assert response.status_code == 403
    assert response.json() == {"detail": "Only curators can use this endpoint."}


def test_a_curator_creates_a_draft_record(api, curator, curator_key):
    response = post_json(api, "/api/v1/experiences/", RECORD, **bearer(curator_key))
    assert response.status_code == 201
    created = Experience.objects.get(identifier=response.json()["identifier"])
    assert (created.status, created.title_en) == (Status.DRAFT, RECORD["title"])
    assert [c.code for c in created.countries.all()] == ["SN"]
    assert created.submitter == curator
    # A draft is not public.
    assert api.get(f"/api/v1/experiences/{created.identifier}").status_code == 404


def test_bad_input_is_a_400_that_names_the_problem(api, curator_key):
    unknown = post_json(
        api, "/api/v1/experiences/", {**RECORD, "phases": ["nope"]}, **bearer(curator_key)
    )
    assert unknown.status_code == 400
    assert unknown.json() == {"detail": "phases: unknown value(s): nope."}
    missing = post_json(api, "/api/v1/experiences/", {"summary": "x"}, **bearer(curator_key))
    assert missing.status_code == 400
    assert missing.json() == {"detail": "title: Field required"}
    not_json = api.post(
        "/api/v1/experiences/", "{", content_type="application/json", **bearer(curator_key)
    )
    assert not_json.status_code == 400
    # Submitting runs the submission checks: a thin record is refused and nothing is kept.
    thin = post_json(api, "/api/v1/experiences/", {**RECORD, "submit": True}, **bearer(curator_key))
    assert thin.status_code == 400
    assert Experience.objects.count() == 0


def test_a_curator_imports_a_file_checked_first_then_confirmed(
    api, curator_key, django_capture_on_commit_callbacks
):
    records = json.loads(demo.DEMO_FILE.read_text(encoding="utf-8"))[:2]
    upload = SimpleUploadedFile("experiences.json", json.dumps(records).encode())
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/imports/", {"file": upload}, **bearer(curator_key))
    assert response.status_code == 202
    job = response.json()
    status = api.get(f"/api/v1/imports/{job['id']}", **bearer(curator_key)).json()
    assert status["state"] == "checked"
    assert [c["action"] for c in status["candidates"]] == ["create", "create"]
    assert Experience.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = api.post(
            status["confirm_url"].removeprefix("http://127.0.0.1:8000"), **bearer(curator_key)
        )
    assert confirmed.status_code == 202
    assert ImportJob.objects.get(pk=job["id"]).state == "imported"
    assert Experience.objects.filter(status=Status.PUBLISHED).count() == 2
    again = api.post(f"/api/v1/imports/{job['id']}/confirm", **bearer(curator_key))
    assert again.status_code == 409
    assert again.json() == {"detail": "This file is not waiting for confirmation any more."}


def test_a_file_of_the_wrong_type_is_refused(api, curator_key):
    upload = SimpleUploadedFile("notes.txt", b"hello")
    response = api.post("/api/v1/imports/", {"file": upload}, **bearer(curator_key))
    assert response.status_code == 400
    assert response.json() == {"detail": "“notes.txt” is not a .json, .csv or .xlsx file."}


def test_a_curator_creates_and_revokes_a_token_on_the_tokens_page(curator):
    client = Client()
    client.force_login(curator)
    page = client.post("/api/v1/tokens/", {"name": "nightly import"})
    assert page.status_code == 200
    key = page.context["new_key"]
    token = ApiToken.objects.get(user=curator)
    assert token.key_hash == tokens.digest(key) and key not in token.key_hash
    assert key.encode() in page.content  # shown this once
    assert key.encode() not in client.get("/api/v1/tokens/").content
    assert Client().get("/api/v1/imports/1", **bearer(key)).status_code == 404  # it works
    client.post(f"/api/v1/tokens/{token.pk}/revoke/")
    assert Client().get("/api/v1/imports/1", **bearer(key)).status_code == 401


def test_the_tokens_page_is_for_curators(member_client, outsider):
    assert member_client.get("/api/v1/tokens/").status_code == 403
    assert outsider.get("/api/v1/tokens/").status_code == 302


def test_the_tokens_page_needs_the_csrf_token(curator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(curator)
    assert client.post("/api/v1/tokens/", {"name": "x"}).status_code == 403


def test_a_token_from_the_command_line(curator, capsys):
    call_command("api_token", "create", curator.email, "--name", "cron")
    key = capsys.readouterr().out.split("\n")[1]
    assert tokens.authenticate(key).user == curator


def test_a_nul_character_in_a_body_or_a_file_name_is_a_400_and_nothing_is_kept(api, curator_key):
    response = post_json(
        api, "/api/v1/experiences/", {**RECORD, "title": "Health\x00days"}, **bearer(curator_key)
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "The request contains a NUL character."}
    assert not Experience.objects.exists()
