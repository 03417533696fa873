"""The initial content of the controlled vocabularies, in English and French.

Loaded by the data migration ``0002_load_vocabularies``; ``load`` is idempotent (it updates terms
by code or slug), so it can be re-run, e.g. by tests that flush the database.
"""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

STAKEHOLDER_TYPES = [
    ("policy-maker", "Policy maker", "Décideur politique"),
    ("health-professional", "Health professional", "Professionnel de santé"),
    ("planner-manager", "Planner or manager", "Planificateur ou gestionnaire"),
    ("funding-agency", "Funding agency", "Bailleur de fonds"),
    ("implementing-agency", "Implementing agency", "Agence de mise en œuvre"),
    ("ngo", "NGO", "ONG"),
    ("faith-based-organisation", "Faith-based organisation", "Organisation confessionnelle"),
    (
        "grassroots-community-organisation",
        "Grassroots or community organisation",
        "Organisation communautaire de base",
    ),
    ("private-sector-start-up", "Private sector or start-up", "Secteur privé ou start-up"),
    ("research-institution", "Research institution", "Institution de recherche"),
    ("community-health-worker", "Community health worker", "Agent de santé communautaire"),
    ("other", "Other", "Autre"),
]

THEMES = [
    (
        "community-networks-and-service-delivery",
        "Integrating community networks and service delivery",
        "Intégrer les réseaux communautaires et la prestation de services",
        "How community health workers, volunteers and community structures connect with primary "
        "health care facilities and referral systems.",
        "Comment les agents de santé communautaires, les bénévoles et les structures "
        "communautaires s'articulent avec les établissements de soins de santé primaires et les "
        "systèmes d'orientation.",
    ),
    (
        "quality-of-services",
        "Quality of services",
        "Qualité des services",
        "Supervision, training, supplies and feedback that make community-based services safe, "
        "effective and respectful.",
        "Supervision, formation, approvisionnement et retours d'information qui rendent les "
        "services communautaires sûrs, efficaces et respectueux.",
    ),
    (
        "equitable-financing-and-payment",
        "Equitable financing and payment mechanisms",
        "Financement équitable et mécanismes de paiement",
        "Paying and sustaining community health workers and services fairly, from public budgets "
        "to community-based health financing.",
        "Rémunérer et pérenniser équitablement les agents et les services de santé "
        "communautaires, des budgets publics au financement communautaire de la santé.",
    ),
    (
        "governance-and-social-accountability",
        "Governance and social accountability",
        "Gouvernance et redevabilité sociale",
        "Community health committees, scorecards and other ways for communities to take part in "
        "decisions and hold services to account.",
        "Comités de santé, fiches d'évaluation communautaires et autres moyens pour les "
        "communautés de participer aux décisions et de demander des comptes aux services.",
    ),
    (
        "civil-society-faith-based-and-private-sector",
        "Engaging civil society, faith-based organisations and the private sector",
        "Mobiliser la société civile, les organisations confessionnelles et le secteur privé",
        "Partnerships beyond the public sector that extend the reach and the voice of community "
        "health.",
        "Partenariats au-delà du secteur public qui étendent la portée et la voix de la santé "
        "communautaire.",
    ),
    (
        "new-technology",
        "Harnessing new technology",
        "Tirer parti des nouvelles technologies",
        "Digital tools for community health work, data and communication that work where "
        "connectivity is poor.",
        "Outils numériques pour le travail de santé communautaire, les données et la "
        "communication, qui fonctionnent là où la connexion est faible.",
    ),
]


def load(get_model) -> None:
    """Create or update every term. ``get_model(name)`` returns the model to write to, so a
    migration can pass its historical models and tests the current ones."""
    Country = get_model("Country")
    Language = get_model("Language")
    StakeholderType = get_model("StakeholderType")
    Theme = get_model("Theme")

    for row in json.loads((DATA / "countries.json").read_text(encoding="utf-8")):
        Country.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name_en"],
                "name_en": row["name_en"],
                "name_fr": row["name_fr"],
                "who_region": row["who_region"],
                "timezone": row["timezone"],
            },
        )
    for row in json.loads((DATA / "languages.json").read_text(encoding="utf-8")):
        Language.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name_en"], "name_en": row["name_en"], "name_fr": row["name_fr"]},
        )
    for position, (slug, en, fr) in enumerate(STAKEHOLDER_TYPES):
        StakeholderType.objects.update_or_create(
            slug=slug, defaults={"name": en, "name_en": en, "name_fr": fr, "position": position}
        )
    for position, (slug, en, fr, desc_en, desc_fr) in enumerate(THEMES):
        Theme.objects.update_or_create(
            slug=slug,
            defaults={
                "name": en,
                "name_en": en,
                "name_fr": fr,
                "description": desc_en,
                "description_en": desc_en,
                "description_fr": desc_fr,
                "position": position,
            },
        )
