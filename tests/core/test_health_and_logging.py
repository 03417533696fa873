import json
import logging

import pytest


@pytest.mark.django_db
def test_healthz_reports_the_database_status(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["database"]["vendor"] in {"sqlite", "postgresql"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_reports_a_broken_database_with_503(client, monkeypatch):
    from django.db import DatabaseError, connection

    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"]["status"] == "error"


@pytest.mark.django_db
def test_every_request_is_logged_as_structured_data(client, request_log):
    response = client.get("/en/", HTTP_X_REQUEST_ID="trace-12345678")
    assert response["X-Request-ID"] == "trace-12345678"
    (record,) = request_log()
    assert record.method == "GET"
    assert record.path == "/en/"
    assert record.view == "home"
    assert record.status == 200
    assert record.request_id == "trace-12345678"
    assert record.duration_ms >= 0


def test_json_formatter_writes_one_json_object_per_line():
    from baraza.core.logging import JsonFormatter

    record = logging.makeLogRecord(
        {"name": "baraza.request", "levelname": "INFO", "msg": "request", "status": 404}
    )
    line = JsonFormatter().format(record)
    assert "\n" not in line
    assert json.loads(line) | {"time": None} == {
        "time": None,
        "level": "INFO",
        "logger": "baraza.request",
        "message": "request",
        "status": 404,
    }


@pytest.mark.django_db
def test_secrets_in_links_are_masked_in_the_log(client, request_log):
    client.get("/en/accounts/confirm-email/secret-key-value/")
    (record,) = request_log()
    assert "secret-key-value" not in record.path
    assert record.path == "/en/accounts/confirm-email/***/"


@pytest.mark.django_db
def test_a_forged_request_id_is_replaced(client):
    response = client.get("/en/", HTTP_X_REQUEST_ID="<script>")
    assert response["X-Request-ID"] != "<script>"
    assert len(response["X-Request-ID"]) == 32
