"""The API describes itself: OpenAPI 3 for machines, a reference page for people."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_lists_every_endpoint(api):
    schema = api.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/experiences/",
        "/api/v1/experiences/{identifier}",
        "/api/v1/editions/{number}/records",
        "/api/v1/vocabularies/",
        "/api/v1/library/resources/",
        "/api/v1/communities/",
        "/api/v1/imports/{job_id}/confirm",
    } <= set(schema["paths"])
    assert schema["paths"]["/api/v1/imports/"]["post"]["security"]


def test_the_reference_page_is_rendered_here_without_scripts(api):
    page = api.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script" not in html and "cdn" not in html.lower()
    assert "GET /api/v1/experiences/" in html
    assert "List published experiences" in html
    assert "curl -X POST -H &quot;Authorization: Bearer $BARAZA_TOKEN&quot;" in html
    assert api.get("/api/v1/docs/").status_code in (301, 404)  # ninja's Swagger page is off


def test_the_reference_page_speaks_french(api):
    page = api.get("/api/v1/docs", HTTP_ACCEPT_LANGUAGE="fr")
    assert page.status_code == 200
    assert page["Content-Language"] == "fr"
