"""The compendium's controlled vocabularies: loaded by a data migration, in both languages,
in their meaningful order, and safe to load again."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.utils import translation

from baraza.taxonomy import compendium_vocabularies
from baraza.taxonomy.models import (
    EngagementApproach,
    EngagementLevel,
    EvidenceType,
    HealthArea,
    PartnerType,
    Phase,
    PopulationGroup,
    Setting,
)

pytestmark = pytest.mark.django_db

ALL = (
    Setting,
    Phase,
    HealthArea,
    EngagementApproach,
    EngagementLevel,
    EvidenceType,
    PopulationGroup,
    PartnerType,
)


def test_the_phases_in_order_in_both_languages():
    assert [(p.slug, p.name_en, p.name_fr) for p in Phase.objects.all()] == [
        ("prevention", "Prevention", "Prévention"),
        ("preparedness", "Preparedness", "Préparation"),
        ("readiness", "Readiness", "Préparation opérationnelle"),
        ("response", "Response", "Riposte"),
        ("recovery", "Recovery", "Relèvement"),
        ("routine-phc", "Routine primary health care", "Soins de santé primaires de routine"),
    ]


def test_the_iap2_spectrum_runs_from_inform_to_empower_with_descriptions():
    levels = list(EngagementLevel.objects.all())
    assert [level.slug for level in levels] == [
        "inform",
        "consult",
        "involve",
        "collaborate",
        "empower",
    ]
    with translation.override("fr"):
        assert [str(level) for level in levels] == [
            "Informer",
            "Consulter",
            "Impliquer",
            "Collaborer",
            "Habiliter",
        ]
    assert all(level.description_en and level.description_fr for level in levels)


def test_types_of_evidence_run_from_the_weakest_to_the_strongest_design():
    assert list(EvidenceType.objects.values_list("slug", flat=True)) == [
        "anecdotal-report",
        "programme-monitoring",
        "before-after",
        "quasi-experimental",
        "cluster-rct",
        "systematic-review",
    ]


def test_settings_health_areas_and_approaches_named_in_the_issue_are_there():
    assert set(Setting.objects.values_list("slug", flat=True)) == {
        "urban",
        "peri-urban",
        "rural",
        "remote",
        "humanitarian-fragile",
        "refugee-displaced",
        "informal-settlement",
    }
    assert {"ebola", "covid-19", "cholera", "polio", "malaria", "tuberculosis", "hiv"} <= set(
        HealthArea.objects.values_list("slug", flat=True)
    )
    with translation.override("fr"):
        assert str(EngagementApproach.objects.get(slug="rcce")) == (
            "Communication sur les risques et engagement communautaire (CREC)"
        )


def test_every_term_has_both_names():
    for model in ALL:
        terms = list(model.objects.all())
        assert terms, model.__name__
        assert all(term.name_en and term.name_fr for term in terms), model.__name__


def test_loading_again_creates_no_duplicates_and_restores_edited_names():
    counts = {model: model.objects.count() for model in ALL}
    Phase.objects.filter(slug="response").update(name_fr="Réponse")
    compendium_vocabularies.load(lambda name: apps.get_model("taxonomy", name))
    assert {model: model.objects.count() for model in ALL} == counts
    assert Phase.objects.get(slug="response").name_fr == "Riposte"


def test_curators_edit_the_terms_in_the_admin(staff_client):
    page = staff_client.get("/en/admin/taxonomy/engagementlevel/")
    assert page.status_code == 200
    assert "Collaborate" in page.text
    assert staff_client.get("/en/admin/taxonomy/phase/add/").status_code == 200
