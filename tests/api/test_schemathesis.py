"""Schemathesis generates requests from the OpenAPI schema and checks the answers: no server
error, every status code documented, every body as the schema says. It runs the app in this
thread (WSGI), over a database with published, withdrawn and draft records and an edition.

Write endpoints are fuzzed without a token: they must answer 401 (as documented) whatever
the input. Generation is derandomised and bounded, so the run is repeatable and quick.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from baraza.compendium import services

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(settings, records, draft, edition, curator):
    settings.BARAZA_API_RATE_ANON = "100000/m"
    services.withdraw(experience=records[2], actor=curator, reason="Duplicate of another record.")
    # As Django's test client does: the start and end of each request must not close the test's
    # database connection (PostgreSQL would lose the test transaction).
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield _schema()
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def _schema():
    # The same application as baraza.wsgi, built once the test settings are in place.
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.mark.django_db
def test_the_api_keeps_to_its_schema(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def keeps_to_schema(case):
            # The WSGI client does not unzip: ask for plain bodies.
            case.call_and_validate(headers={"Accept-Encoding": "identity"}, checks=CHECKS)

        keeps_to_schema()
