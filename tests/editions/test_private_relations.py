"""A published record may relate to one that is not public (a draft, a record in curation).
That relation is frozen in the record's versions, but no public reader shows it: not the
export, the edition files, the API, OAI-PMH, the history page or the record's PDF."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.test import Client

from baraza.compendium import exporter, services
from baraza.compendium.models import Experience, RelationKind
from baraza.editions import queries
from baraza.editions import services as editions
from baraza.editions.outputs import dataset
from baraza.oai import verbs
from tests.compendium import factories
from tests.editions.conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(curator, member):
    """A published record that scales up a member's draft and adapts a published record."""
    draft = services.create_experience(
        actor=member, values=factories.complete_values(title_en="Unpublished pilot, Senegal")
    )
    public = publish(curator, "Radio call-in shows, Uganda", "UG")
    values = factories.complete_values(
        title_en="National scale-up of the pilot, Senegal",
        relations=[(RelationKind.SCALES_UP, draft), (RelationKind.ADAPTS, public)],
    )
    record = services.create_experience(actor=curator, values=values)
    services.publish_directly(experience=record, actor=curator)
    assert {r["identifier"] for r in record.versions.get().data["relations"]} == {
        draft.identifier,
        public.identifier,
    }
    return record, draft, public


def test_no_public_reader_shows_a_relation_to_a_record_that_is_not_public(curator, linked):
    record, draft, public = linked
    kept = [{"kind": "adapts", "identifier": public.identifier}]

    exported = {r["identifier"]: r for r in exporter.records(Experience.objects.all())}
    assert exported[record.identifier]["relations"] == kept

    edition = editions.release(actor=curator, number="2026.1", notes_en="First.")
    in_edition = {r.identifier: r for r in queries.records(edition)}
    assert in_edition[record.identifier].data["relations"] == kept
    out = io.BytesIO()
    dataset.build(edition, "", out, lambda percent: None)
    with zipfile.ZipFile(out) as archive:
        text = archive.read("experiences.jsonl").decode() + archive.read("experiences.csv").decode()
    assert draft.identifier not in text and public.identifier in text

    api = Client().get(f"/api/v1/experiences/{record.identifier}").json()
    assert api["data"]["relations"] == kept
    records = Client().get("/api/v1/editions/2026.1/records").json()["results"]
    assert all(draft.identifier not in json.dumps(r) for r in records)

    oai = (
        Client()
        .get(f"/oai?verb=GetRecord&metadataPrefix=baraza&identifier={_oai_id(record)}")
        .content.decode()
    )
    assert public.identifier in oai and draft.identifier not in oai

    history = Client().get(f"/en/compendium/{record.identifier}/history/").content.decode()
    assert draft.identifier not in history


def _oai_id(record) -> str:
    return verbs.oai_identifier(record.identifier)
