"""The controlled vocabularies are loaded by migrations, in English and French."""

from __future__ import annotations

import pytest
from django.utils import translation

from baraza.taxonomy import queries, vocabularies
from baraza.taxonomy.models import Country, Language, StakeholderType, Theme, WHORegion

pytestmark = pytest.mark.django_db

# WHO member states per regional office (194 in all), as the regional offices list them.
MEMBER_STATES = {"AFR": 47, "AMR": 35, "SEAR": 10, "EUR": 53, "EMR": 21, "WPR": 28}


def test_every_iso_3166_country_is_there_with_both_names():
    assert Country.objects.count() == 249
    assert not Country.objects.filter(name_en="").exists()
    assert not Country.objects.filter(name_fr="").exists()
    senegal = Country.objects.get(code="SN")
    assert (senegal.name_en, senegal.name_fr, senegal.who_region, senegal.timezone) == (
        "Senegal",
        "Sénégal",
        "AFR",
        "Africa/Dakar",
    )


def test_who_regions_match_the_demo_compendium_records():
    expected = {
        "SL": "AFR", "CM": "AFR", "BR": "AMR", "HT": "AMR", "IN": "SEAR", "NP": "SEAR",
        "FI": "EUR", "KG": "EUR", "PK": "EMR", "AF": "EMR", "WS": "WPR", "VN": "WPR",
        "ID": "WPR", "PS": "EMR", "DJ": "EMR", "SO": "EMR", "IL": "EUR",
    }  # fmt: skip
    actual = dict(Country.objects.filter(code__in=expected).values_list("code", "who_region"))
    assert actual == expected


def test_each_region_holds_at_least_its_member_states():
    for region, members in MEMBER_STATES.items():
        assert Country.objects.filter(who_region=region).count() >= members, region


def test_region_names_are_translated():
    with translation.override("fr"):
        assert str(WHORegion.EMR.label) == "Région de la Méditerranée orientale"


def test_stakeholder_types_in_order():
    assert list(StakeholderType.objects.values_list("slug", flat=True)) == [
        "policy-maker",
        "health-professional",
        "planner-manager",
        "funding-agency",
        "implementing-agency",
        "ngo",
        "faith-based-organisation",
        "grassroots-community-organisation",
        "private-sector-start-up",
        "research-institution",
        "community-health-worker",
        "other",
    ]


def test_the_six_learning_agenda_themes_in_both_languages():
    with translation.override("fr"):
        names = list(Theme.objects.values_list("name", flat=True))
    assert names == [
        "Intégrer les réseaux communautaires et la prestation de services",
        "Qualité des services",
        "Financement équitable et mécanismes de paiement",
        "Gouvernance et redevabilité sociale",
        "Mobiliser la société civile, les organisations confessionnelles et le secteur privé",
        "Tirer parti des nouvelles technologies",
    ]
    assert not Theme.objects.filter(description_fr="").exists()


def test_languages_have_names_in_both_languages():
    wolof = Language.objects.get(code="wo")
    assert (wolof.name_en, wolof.name_fr) == ("Wolof", "wolof")
    assert Language.objects.count() >= 180


def test_loading_again_creates_no_duplicates():
    from django.apps import apps

    vocabularies.load(lambda name: apps.get_model("taxonomy", name))
    assert Country.objects.count() == 249
    assert Theme.objects.count() == 6


def test_names_sort_as_a_french_reader_expects():
    with translation.override("fr"):
        names = [
            c.name
            for c in queries.sorted_by_name(
                Country.objects.filter(code__in=["EG", "EC", "ES", "FR"])
            )
        ]
    assert names == ["Égypte", "Équateur", "Espagne", "France"]
