"""Every OAI-PMH error condition gets its ``<error code=...>`` with HTTP 200, never a 500.

After badVerb and badArgument the spec wants ``<request>`` to carry no attributes; after the
other errors it echoes the (valid) request.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client

from baraza.oai import protocol
from tests.oai.conftest import error, oai_id

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("", "badVerb"),
        ("verb=Foo", "badVerb"),
        ("verb=identify", "badVerb"),
        ("verb=Identify&verb=Identify", "badVerb"),
        ("verb=Identify&verb=ListSets", "badVerb"),
        ("verb=Identify&metadataPrefix=oai_dc", "badArgument"),
        ("verb=ListSets&set=region:AFR", "badArgument"),
        ("verb=ListRecords", "badArgument"),
        ("verb=ListIdentifiers&set=region:AFR", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument"),
        ("verb=ListRecords&metadataPrefix=", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&foo=bar", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2026-13-01", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=yesterday", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&until=2026-01-01T10:00:00", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2026-01-01T10:00:00.5Z", "badArgument"),
        (
            "verb=ListRecords&metadataPrefix=oai_dc&from=2026-01-01&until=2026-02-01T00:00:00Z",
            "badArgument",
        ),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2026-02-01&until=2026-01-01", "badArgument"),
        ("verb=ListRecords&resumptionToken=abc&metadataPrefix=oai_dc", "badArgument"),
        ("verb=GetRecord&metadataPrefix=oai_dc", "badArgument"),
        ("verb=GetRecord&identifier=oai:baraza.example:CE-1", "badArgument"),
        ("verb=ListMetadataFormats&metadataPrefix=oai_dc", "badArgument"),
    ],
)
def test_bad_verbs_and_arguments_echo_only_the_base_url(client, query, code):
    assert error(client.get(f"/oai?{query}")) == (code, {})


def test_an_unknown_format_cannot_be_disseminated(client, records):
    response = client.get("/oai?verb=ListRecords&metadataPrefix=marc21")
    assert error(response) == (
        "cannotDisseminateFormat",
        {"verb": "ListRecords", "metadataPrefix": "marc21"},
    )
    identifier = oai_id(records[0].identifier)
    response = client.get(f"/oai?verb=GetRecord&metadataPrefix=mods&identifier={identifier}")
    assert error(response)[0] == "cannotDisseminateFormat"


@pytest.mark.parametrize(
    "identifier",
    ["oai:baraza.example:CE-1999-0001", "oai:elsewhere.org:CE-2026-0001", "CE-2026-0001", "x"],
)
def test_an_unknown_identifier_does_not_exist(client, records, identifier):
    response = client.get(f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier={identifier}")
    assert error(response)[0] == "idDoesNotExist"
    response = client.get(f"/oai?verb=ListMetadataFormats&identifier={identifier}")
    assert error(response)[0] == "idDoesNotExist"


def test_a_draft_is_not_an_item(client, draft):
    identifier = oai_id(draft.identifier)
    response = client.get(f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier={identifier}")
    assert error(response)[0] == "idDoesNotExist"
    assert error(client.get("/oai?verb=ListRecords&metadataPrefix=oai_dc"))[0] == ("noRecordsMatch")


@pytest.mark.parametrize(
    "arguments",
    [
        "&set=region:EUR",
        "&set=region:NOWHERE",
        "&set=phase:no-such-phase",
        "&set=edition:1999.1",
        "&set=nonsense",
        "&until=2000-01-01",
        "&from=2999-01-01T00:00:00Z",
        "&from=9999-12-31&until=9999-12-31",
    ],
)
def test_no_records_match(client, records, draft, arguments):
    for verb in ("ListRecords", "ListIdentifiers"):
        response = client.get(f"/oai?verb={verb}&metadataPrefix=oai_dc{arguments}")
        assert error(response)[0] == "noRecordsMatch"


def _token(**changes) -> str:
    data = {"v": "ListRecords", "m": "oai_dc", "s": "", "f": "", "u": "", "a": None, "c": 0,
            "n": 3} | changes  # fmt: skip
    return signing.dumps(data, salt=protocol.TOKEN_SALT, compress=True)


def test_bad_resumption_tokens(client, records, monkeypatch):
    for token in ("abc", _token() + "x", signing.dumps({"v": "ListRecords"}), _token(a="x")):
        response = client.get(f"/oai?verb=ListRecords&resumptionToken={token}")
        assert error(response) == (
            "badResumptionToken",
            {"verb": "ListRecords", "resumptionToken": token},
        )
    response = client.get(f"/oai?verb=ListIdentifiers&resumptionToken={_token()}")
    assert error(response)[0] == "badResumptionToken"  # issued for another verb
    response = client.get(f"/oai?verb=ListSets&resumptionToken={_token(v='ListSets')}")
    assert error(response)[0] == "badResumptionToken"  # ListSets never issues one
    monkeypatch.setattr(protocol, "TOKEN_LIFETIME", timedelta(seconds=-1))
    response = client.get(f"/oai?verb=ListRecords&resumptionToken={_token()}")
    assert error(response)[0] == "badResumptionToken"  # expired


def test_post_is_form_encoded_and_needs_no_csrf_token(records):
    client = Client(enforce_csrf_checks=True)
    assert error(client.post("/oai", {"verb": "Nope"}))[0] == "badVerb"
    response = client.post("/oai", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    assert response.status_code == 200
    assert response.content.count(b"<header>") == 3


def test_other_methods_are_refused(client):
    assert client.put("/oai?verb=Identify").status_code == 405


def test_the_oai_namespace_is_the_default_whatever_other_libraries_registered(records):
    """WeasyPrint (the PDF builder) registers ElementTree's empty prefix when it is imported;
    the responses still use the OAI namespace as their default one."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("", "")
    response = Client().get("/oai?verb=ListIdentifiers&metadataPrefix=oai_dc")
    assert b'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"' in response.content
    assert response.content.count(b"<header>") == 3


def test_a_nul_character_in_an_argument_is_a_bad_argument(records, client):
    for query in (
        "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:x:CE%00",
        "verb=ListRecords&metadataPrefix=oai_dc&set=edition:%00",
        "verb=ListIdentifiers&metadataPrefix=oai_dc&set=phase:%00",
    ):
        assert error(client.get(f"/oai?{query}"))[0] == "badArgument", query


@pytest.mark.django_db
def test_list_sets_before_anything_is_published_says_there_are_no_sets(client):
    assert error(client.get("/oai?verb=ListSets"))[0] == "noSetHierarchy"
