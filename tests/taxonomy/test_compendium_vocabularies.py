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


# The recommended vocabularies of the demo data set's README (../shared/data/README.md).
RECOMMENDED_HEALTH_AREAS = """Ebola virus disease, COVID-19, cholera, polio, measles, mpox,
Middle East respiratory syndrome (MERS), malaria, dengue, Chagas disease, onchocerciasis,
vector-borne diseases, zoonoses, tuberculosis, HIV, sexual health, substance use, maternal and
newborn health, child health, family planning, nutrition, immunization, noncommunicable
diseases, cancer screening, tobacco control, healthy ageing, mental health, WASH, infection
prevention and control, heat-related illness, health emergencies, disaster risk reduction,
social accountability"""
RECOMMENDED_APPROACHES = """community dialogues, community health committees, community
scorecards, participatory action research, community-led total sanitation, risk communication
and community engagement (RCCE), social mobilization, community health workers/volunteers,
religious and traditional leaders, community radio, women's groups with participatory learning
and action, community-based surveillance, youth groups, community action planning,
community-directed intervention, community-based distribution, community-based directly
observed therapy, community feedback mechanisms, community development, community champions,
community early-warning volunteers, community-based health financing, community-controlled
health organisations, growth monitoring and promotion, health mediators, household hygiene
promotion, lay opinion leaders, mothers' groups, outreach to vulnerable people, peer support,
psychological first aid, social cooperatives, traditional birth attendants, user and family
associations, women's networks"""


def _listed(text: str) -> list[str]:
    return [" ".join(item.split()) for item in text.split(",")]


def test_every_recommended_health_area_and_approach_of_the_demo_data_has_a_term():
    from baraza.compendium.importer import Vocabularies

    vocabularies = Vocabularies()
    areas = {
        vocabularies.term("health_areas", name).slug for name in _listed(RECOMMENDED_HEALTH_AREAS)
    }
    approaches = {
        vocabularies.term("approaches", name).slug for name in _listed(RECOMMENDED_APPROACHES)
    }
    assert (len(areas), len(approaches)) == (33, 35)
    assert HealthArea.objects.count() == 33 + 1  # and "other"
    assert EngagementApproach.objects.count() == 35 + 1
    assert HealthArea.objects.get(slug="ebola").name_en == "Ebola virus disease"
    with translation.override("fr"):
        assert str(EngagementApproach.objects.get(slug="clts")) == (
            "Assainissement total piloté par la communauté (ATPC)"
        )
