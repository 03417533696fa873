"""The six verbs through the test client: what a harvester reads, element by element."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from baraza.compendium import services
from baraza.editions import services as editions
from baraza.oai import protocol
from baraza.oai.metadata import SCHEMA_FILE
from baraza.taxonomy.models import Phase
from tests.compendium import factories
from tests.editions.conftest import publish
from tests.oai.conftest import HOST, NS, oai_id, xml

pytestmark = pytest.mark.django_db


def test_identify(client, records):
    root = xml(client.get("/oai?verb=Identify"))
    assert root.find("oai:request", NS).attrib == {"verb": "Identify"}
    assert root.find("oai:request", NS).text == f"https://{HOST}/oai"
    identify = root.find("oai:Identify", NS)
    assert identify.findtext("oai:repositoryName", namespaces=NS) == (
        "Baraza Community Engagement Compendium"
    )
    assert identify.findtext("oai:baseURL", namespaces=NS) == f"https://{HOST}/oai"
    assert identify.findtext("oai:protocolVersion", namespaces=NS) == "2.0"
    assert identify.findtext("oai:deletedRecord", namespaces=NS) == "persistent"
    assert identify.findtext("oai:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    first = records[0].versions.get().published_at
    assert identify.findtext("oai:earliestDatestamp", namespaces=NS) == protocol.datestamp(first)
    assert "@" in identify.findtext("oai:adminEmail", namespaces=NS)


def test_list_metadata_formats(client, records):
    root = xml(
        client.get(f"/oai?verb=ListMetadataFormats&identifier={oai_id(records[0].identifier)}")
    )
    formats = root.findall("oai:ListMetadataFormats/oai:metadataFormat", NS)
    assert [
        (f.findtext("oai:metadataPrefix", namespaces=NS), f.findtext("oai:schema", namespaces=NS))
        for f in formats
    ] == [
        ("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"),
        ("baraza", f"https://{HOST}/oai/schema/baraza-experience-v1.xsd"),
    ]


def test_the_baraza_schema_is_served_from_the_site(client):
    response = client.get("/oai/schema/baraza-experience-v1.xsd")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SCHEMA_FILE.read_bytes()


def test_list_sets_names_regions_phases_and_editions(client, curator, records):
    editions.release(actor=curator, number="2026.1")
    root = xml(client.get("/oai?verb=ListSets"))
    sets = [
        (s.findtext("oai:setSpec", namespaces=NS), s.findtext("oai:setName", namespaces=NS))
        for s in root.findall("oai:ListSets/oai:set", NS)
    ]
    assert sets[:2] == [
        ("region:AFR", "WHO African Region"),
        ("region:AMR", "WHO Region of the Americas"),
    ]
    assert sorted(spec for spec, _name in sets[2:5]) == [
        "phase:preparedness",
        "phase:response",
        "phase:routine-phc",
    ]
    assert sets[5:] == [("edition:2026.1", "Edition 2026.1")]


def test_get_record_in_dublin_core(client, records):
    record = records[0]
    url = f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier={oai_id(record.identifier)}"
    root = xml(client.get(url))
    header = root.find("oai:GetRecord/oai:record/oai:header", NS)
    assert header.get("status") is None
    assert header.findtext("oai:identifier", namespaces=NS) == f"oai:{HOST}:{record.identifier}"
    assert [s.text for s in header.findall("oai:setSpec", NS)] == [
        "region:AFR",
        "phase:routine-phc",
    ]
    dc = root.find("oai:GetRecord/oai:record/oai:metadata/oai_dc:dc", NS)

    def values(tag):
        return [e.text for e in dc.findall(f"dc:{tag}", NS)]

    assert values("title") == ["Village health committees review clinic data, Kenya"]
    assert dc.find("dc:title", NS).get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert values("identifier") == [
        f"https://{HOST}/en/compendium/{record.identifier}/",
        f"{record.identifier}.v1",
        f"https://{HOST}/en/compendium/{record.identifier}/v1/",
    ]
    assert values("publisher") == ["Baraza"]
    assert values("rights") == ["https://creativecommons.org/licenses/by/4.0/"]
    assert values("relation") == ["https://example.org/report"]
    assert "Kenya" in values("coverage") and "AFR" in values("coverage")
    assert "2019/2021" in values("coverage")
    assert values("language") == ["en"]
    phase = Phase.objects.get(slug="routine-phc")
    assert [phase.name_en, phase.name_fr] == values("subject")[:2]


def test_baraza_records_validate_against_their_schema(client, curator, records):
    # Text that XML 1.0 cannot hold (a control character) is dropped, never a broken document.
    record = publish(curator, 'Radio\x0b dramas <&> "quotes", Niger', country="NE")
    schema = etree.XMLSchema(etree.parse(str(SCHEMA_FILE)))
    root = etree.fromstring(client.get("/oai?verb=ListRecords&metadataPrefix=baraza").content)
    experiences = root.findall(".//b:experience", NS)
    assert len(experiences) == 4
    for experience in experiences:
        schema.assertValid(experience)
    last = experiences[-1]
    assert last.get("identifier") == record.identifier
    assert last.findtext("b:text[@field='title']/b:value", namespaces=NS) == (
        'Radio dramas <&> "quotes", Niger'
    )
    assert last.findtext("b:whoRegion", namespaces=NS) == "AFR"


def test_withdrawn_records_are_deleted_and_drafts_absent(client, curator, records, draft):
    services.withdraw(experience=records[1], actor=curator, reason="Duplicate of another record.")
    root = xml(client.get("/oai?verb=ListRecords&metadataPrefix=oai_dc"))
    rows = [
        (
            r.findtext("oai:header/oai:identifier", namespaces=NS),
            r.find("oai:header", NS).get("status"),
            r.find("oai:metadata", NS) is not None,
        )
        for r in root.findall("oai:ListRecords/oai:record", NS)
    ]
    assert rows == [
        (oai_id(records[0].identifier), None, True),
        (oai_id(records[1].identifier), "deleted", False),
        (oai_id(records[2].identifier), None, True),
    ]


def test_an_edition_set_holds_that_editions_records_as_they_are_now(client, curator, records):
    """One OAI identifier is one record: in an edition set too, a record shows its latest
    version, and one withdrawn since is deleted. Records published after the edition are not
    in its set."""
    editions.release(actor=curator, number="2026.1")
    services.publish_edit(
        experience=records[0],
        actor=curator,
        values={**factories_values(records[0]), "title_en": "Village committees, revised"},
        change_note="New title.",
    )
    services.withdraw(experience=records[1], actor=curator, reason="Duplicate.")
    later = publish(curator, "Mothers' clubs and malaria nets, Malawi", "MW")
    url = "/oai?verb=ListRecords&metadataPrefix=oai_dc&set=edition:2026.1"
    page = xml(client.get(url))
    titles = [e.text for e in page.iterfind(".//dc:title", NS)]
    assert "Village committees, revised" in titles
    headers = {
        h.findtext("oai:identifier", namespaces=NS): h.get("status")
        for h in page.iterfind(".//oai:header", NS)
    }
    assert headers[oai_id(records[1].identifier)] == "deleted"
    assert oai_id(later.identifier) not in headers
    assert len(headers) == 3


def factories_values(experience) -> dict:
    return factories.complete_values(title_en=experience.title_en)


@pytest.mark.parametrize("size", [2, 5])
def test_a_page_of_records_takes_the_same_queries_whatever_its_size(
    client, curator, monkeypatch, size
):
    for n in range(6):
        publish(curator, f"Record {n}")
    monkeypatch.setattr(protocol, "PAGE_SIZE", size)
    with CaptureQueriesContext(connection) as queries:
        root = xml(client.get("/oai?verb=ListRecords&metadataPrefix=baraza"))
    assert len(root.findall("oai:ListRecords/oai:record", NS)) == size
    # the page, the versions, the phases, the editions, and the complete list's size
    assert len(queries) == 5


def test_releasing_an_edition_is_a_change_selective_harvesters_see(client, curator, records):
    """Records published yesterday join the set edition:2026.1 today: their datestamp is the
    release, so a harvest of that set from today finds them."""
    from datetime import timedelta

    from baraza.compendium.models import ExperienceVersion

    yesterday = timezone.now() - timedelta(days=1)
    ExperienceVersion.objects.update(published_at=yesterday)
    edition = editions.release(actor=curator, number="2026.1")
    since = protocol.datestamp(edition.released_at)
    url = f"/oai?verb=ListIdentifiers&metadataPrefix=oai_dc&set=edition:2026.1&from={since}"
    headers = xml(client.get(url)).findall(".//oai:header", NS)
    assert len(headers) == 3
    assert {h.findtext("oai:datestamp", namespaces=NS) for h in headers} == {since}
