"""Fixtures for OAI-PMH: published records on a site at https://baraza.example, and helpers
to read the endpoint's XML."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from django.test import override_settings
from pytest_django.live_server_helper import LiveServer

from baraza.compendium import services
from baraza.oai import protocol
from tests.compendium import factories
from tests.editions.conftest import RECORDS, publish

NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "b": "urn:baraza:oai:experience:1",
}
HOST = "baraza.example"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = f"https://{HOST}"
    settings.SITE_NAME = "Baraza"


@pytest.fixture(scope="package")
def live_server(request, django_db_setup, tmp_path_factory) -> Iterator[LiveServer]:
    """pytest-django's live server, started with test static settings (as in tests/e2e:
    WhiteNoise warns, and warnings are errors, when STATIC_ROOT was never filled)."""
    address = (
        request.config.getvalue("liveserver")
        or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    static_root = tmp_path_factory.mktemp("oai-static")
    with override_settings(
        STATIC_ROOT=static_root, WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True
    ):
        server = LiveServer(address)
    yield server
    server.stop()


@pytest.fixture
def records(curator):
    """Three published records, in Kenya (AFR), Sierra Leone (AFR) and Haiti (AMR)."""
    return [publish(curator, *row) for row in RECORDS]


@pytest.fixture
def draft(curator):
    """A record that was never published: never an OAI item."""
    values = factories.complete_values(title_en="A draft nobody may harvest")
    return services.create_experience(actor=curator, values=values)


@pytest.fixture
def small_pages(monkeypatch):
    """Two items a page, so three records need resumption tokens."""
    monkeypatch.setattr(protocol, "PAGE_SIZE", 2)


def oai_id(identifier: str) -> str:
    return f"oai:{HOST}:{identifier}"


def xml(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 (our own markup, in a test)
    assert root.tag == "{http://www.openarchives.org/OAI/2.0/}OAI-PMH"
    return root


def error(response) -> tuple[str, dict]:
    """(error code, attributes of <request>) of an error response."""
    root = xml(response)
    errors = root.findall("oai:error", NS)
    assert len(errors) == 1, ET.tostring(root)
    return errors[0].get("code"), dict(root.find("oai:request", NS).attrib)
