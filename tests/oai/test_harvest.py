"""A real harvester (Sickle, the OAI-PMH client library) harvests the running site.

The live server runs in a thread of the test process, so the small page size set here holds
for it: three records take two pages and a resumption token.
"""

from __future__ import annotations

import pytest
from sickle import Sickle
from sickle.oaiexceptions import BadArgument, IdDoesNotExist, NoRecordsMatch

from baraza.compendium import services
from baraza.editions import services as editions
from tests.oai.conftest import oai_id


@pytest.fixture
def harvester(live_server):
    return Sickle(f"{live_server.url}/oai", max_retries=0, timeout=30)


def test_a_full_harvest_follows_resumption_tokens(harvester, records, draft, small_pages):
    harvest = harvester.ListRecords(metadataPrefix="oai_dc")
    titles = {r.header.identifier: r.metadata["title"] for r in harvest}
    assert titles == {oai_id(r.identifier): [r.title_en] for r in records}
    assert harvest.resumption_token.complete_list_size == "3"
    assert harvest.resumption_token.cursor == "2"
    assert harvest.resumption_token.token is None  # the last page


def test_identifiers_get_record_and_formats(harvester, records):
    identifiers = [h.identifier for h in harvester.ListIdentifiers(metadataPrefix="baraza")]
    assert identifiers == [oai_id(r.identifier) for r in records]
    record = harvester.GetRecord(identifier=identifiers[1], metadataPrefix="oai_dc")
    assert record.metadata["title"] == ["Religious leaders and Ebola safe burials, Sierra Leone"]
    assert record.header.setSpecs == ["region:AFR", "phase:response"]
    prefixes = [f.metadataPrefix for f in harvester.ListMetadataFormats()]
    assert prefixes == ["oai_dc", "baraza"]
    assert harvester.Identify().deletedRecord == "persistent"
    with pytest.raises(IdDoesNotExist):
        harvester.GetRecord(identifier=oai_id("CE-1999-0001"), metadataPrefix="oai_dc")


def test_sets_and_dates(harvester, records):
    sets = {s.setSpec: s.setName for s in harvester.ListSets()}
    assert sets["region:AMR"] == "WHO Region of the Americas"
    haiti = harvester.ListIdentifiers(metadataPrefix="oai_dc", set="region:AMR")
    assert [h.identifier for h in haiti] == [oai_id(records[2].identifier)]
    today = records[0].published_at.strftime("%Y-%m-%d")
    same_day = harvester.ListIdentifiers(metadataPrefix="oai_dc", **{"from": today, "until": today})
    assert len(list(same_day)) == 3
    with pytest.raises(NoRecordsMatch):
        list(harvester.ListIdentifiers(metadataPrefix="oai_dc", until="2000-01-01"))
    with pytest.raises(BadArgument):
        list(harvester.ListIdentifiers(metadataPrefix="oai_dc", **{"from": "2026-01"}))


def test_a_harvester_sees_a_withdrawal_as_a_deletion(harvester, curator, records, small_pages):
    editions.release(actor=curator, number="2026.1")
    before = {h.identifier: h.datestamp for h in harvester.ListIdentifiers(metadataPrefix="oai_dc")}
    services.withdraw(experience=records[0], actor=curator, reason="Consent was withdrawn.")

    # Incremental harvest: what changed since the last harvest.
    since = max(before.values())
    changed = list(harvester.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False,
                                         **{"from": since}))  # fmt: skip
    withdrawn = [r for r in changed if r.header.identifier == oai_id(records[0].identifier)]
    assert len(withdrawn) == 1
    assert withdrawn[0].deleted is True
    assert "metadata>" not in withdrawn[0].raw  # a deleted record has a header only
    # A harvester that mirrors only live records skips the deleted ones.
    live = harvester.ListRecords(metadataPrefix="oai_dc", ignore_deleted=True)
    live = [r.header.identifier for r in live]
    assert oai_id(records[0].identifier) not in live
    assert len(live) == 2

    # In the edition's set too, the withdrawn record is deleted.
    edition = harvester.ListIdentifiers(metadataPrefix="baraza", set="edition:2026.1")
    deleted = {h.identifier: h.deleted for h in edition}
    assert sorted(deleted) == sorted(before)
    assert deleted[oai_id(records[0].identifier)] is True
