"""The controlled vocabularies of the Community Engagement Compendium, in English and French.

Loaded by the data migration ``0004_load_compendium_vocabularies``; ``load`` is idempotent (it
updates terms by slug), so it can be re-run, e.g. by tests that flush the database. Curators
edit the terms in the admin afterwards; the slugs are what records, exports and the API use.
"""

SETTINGS = [
    ("urban", "Urban", "Urbain"),
    ("peri-urban", "Peri-urban", "Périurbain"),
    ("rural", "Rural", "Rural"),
    ("remote", "Remote", "Isolé"),
    ("humanitarian-fragile", "Humanitarian or fragile", "Humanitaire ou fragile"),
    ("refugee-displaced", "Refugee or displaced", "Réfugiés ou personnes déplacées"),
    ("informal-settlement", "Informal settlement", "Quartier informel"),
]

PHASES = [
    ("prevention", "Prevention", "Prévention"),
    ("preparedness", "Preparedness", "Préparation"),
    ("readiness", "Readiness", "Préparation opérationnelle"),
    ("response", "Response", "Riposte"),
    ("recovery", "Recovery", "Relèvement"),
    ("routine-phc", "Routine primary health care", "Soins de santé primaires de routine"),
]

HEALTH_AREAS = [
    ("ebola", "Ebola", "Maladie à virus Ebola"),
    ("covid-19", "COVID-19", "COVID-19"),
    ("cholera", "Cholera", "Choléra"),
    ("polio", "Polio", "Poliomyélite"),
    ("malaria", "Malaria", "Paludisme"),
    ("tuberculosis", "Tuberculosis", "Tuberculose"),
    ("hiv", "HIV", "VIH"),
    ("maternal-newborn-health", "Maternal and newborn health", "Santé maternelle et néonatale"),
    ("immunization", "Immunization", "Vaccination"),
    ("ncds", "Noncommunicable diseases", "Maladies non transmissibles"),
    ("mental-health", "Mental health", "Santé mentale"),
    ("wash", "Water, sanitation and hygiene", "Eau, assainissement et hygiène"),
    ("nutrition", "Nutrition", "Nutrition"),
    ("other", "Other", "Autre"),
]

ENGAGEMENT_APPROACHES = [
    ("community-dialogues", "Community dialogues", "Dialogues communautaires"),
    (
        "community-health-committees",
        "Community health committees",
        "Comités de santé communautaires",
    ),
    ("community-scorecards", "Community scorecards", "Fiches d’évaluation communautaire"),
    (
        "participatory-action-research",
        "Participatory action research",
        "Recherche-action participative",
    ),
    (
        "rcce",
        "Risk communication and community engagement (RCCE)",
        "Communication sur les risques et engagement communautaire (CREC)",
    ),
    (
        "womens-groups-pla",
        "Women’s groups using participatory learning and action",
        "Groupes de femmes pratiquant l’apprentissage et l’action participatifs",
    ),
    (
        "chws-volunteers",
        "Community health workers and volunteers",
        "Agents de santé communautaires et bénévoles",
    ),
    (
        "religious-traditional-leaders",
        "Religious and traditional leaders",
        "Leaders religieux et traditionnels",
    ),
    ("community-radio", "Community radio", "Radio communautaire"),
    (
        "community-based-surveillance",
        "Community-based surveillance",
        "Surveillance à base communautaire",
    ),
    ("other", "Other", "Autre"),
]

# The IAP2 spectrum of public participation, from the least to the most shared power.
ENGAGEMENT_LEVELS = [
    (
        "inform",
        "Inform",
        "Informer",
        "Communities are given balanced, objective information to understand the problem and "
        "the options.",
        "Les communautés reçoivent une information équilibrée et objective pour comprendre le "
        "problème et les options.",
    ),
    (
        "consult",
        "Consult",
        "Consulter",
        "Communities give feedback on analyses, options or decisions.",
        "Les communautés donnent leur avis sur des analyses, des options ou des décisions.",
    ),
    (
        "involve",
        "Involve",
        "Impliquer",
        "Communities work with the programme throughout, so that their concerns are understood "
        "and taken into account.",
        "Les communautés travaillent avec le programme tout au long du processus, pour que leurs "
        "préoccupations soient comprises et prises en compte.",
    ),
    (
        "collaborate",
        "Collaborate",
        "Collaborer",
        "Communities are partners in each aspect of the decision, including finding solutions.",
        "Les communautés sont partenaires de chaque aspect de la décision, y compris la "
        "recherche de solutions.",
    ),
    (
        "empower",
        "Empower",
        "Habiliter",
        "The final decision is in the hands of the communities.",
        "La décision finale est entre les mains des communautés.",
    ),
]

# From the weakest to the strongest design.
EVIDENCE_TYPES = [
    ("anecdotal-report", "Anecdotal or report", "Anecdotique ou rapport"),
    ("programme-monitoring", "Programme monitoring", "Suivi de programme"),
    ("before-after", "Before-after study", "Étude avant-après"),
    ("quasi-experimental", "Quasi-experimental study", "Étude quasi expérimentale"),
    ("cluster-rct", "Cluster randomised trial", "Essai randomisé en grappes"),
    ("systematic-review", "Systematic review", "Revue systématique"),
]

POPULATION_GROUPS = [
    ("women", "Women", "Femmes"),
    ("adolescents-youth", "Adolescents and young people", "Adolescents et jeunes"),
    ("children", "Children", "Enfants"),
    ("older-people", "Older people", "Personnes âgées"),
    ("people-with-disabilities", "People with disabilities", "Personnes handicapées"),
    ("refugees-displaced", "Refugees and displaced people", "Réfugiés et personnes déplacées"),
    ("migrants", "Migrants", "Migrants"),
    ("indigenous-peoples", "Indigenous peoples", "Peuples autochtones"),
    ("key-populations", "Key populations", "Populations clés"),
    ("urban-poor", "Urban poor", "Populations urbaines pauvres"),
    ("health-workers", "Health workers", "Personnels de santé"),
    ("general-population", "General population", "Population générale"),
    ("other", "Other", "Autre"),
]

PARTNER_TYPES = [
    ("ministry-of-health", "Ministry of health", "Ministère de la Santé"),
    ("local-government", "Local government", "Collectivités locales"),
    ("national-ngo", "National NGO", "ONG nationale"),
    ("international-ngo", "International NGO", "ONG internationale"),
    ("faith-based", "Faith-based organisation", "Organisation confessionnelle"),
    ("community-based", "Community-based organisation", "Organisation communautaire de base"),
    ("red-cross-red-crescent", "Red Cross or Red Crescent", "Croix-Rouge ou Croissant-Rouge"),
    ("un-agency", "United Nations agency", "Agence des Nations Unies"),
    ("academic", "Academic or research institution", "Institution universitaire ou de recherche"),
    ("private-sector", "Private sector", "Secteur privé"),
    ("other", "Other", "Autre"),
]

NAMED = {
    "Setting": SETTINGS,
    "Phase": PHASES,
    "HealthArea": HEALTH_AREAS,
    "EngagementApproach": ENGAGEMENT_APPROACHES,
    "EvidenceType": EVIDENCE_TYPES,
    "PopulationGroup": POPULATION_GROUPS,
    "PartnerType": PARTNER_TYPES,
}


def load(get_model) -> None:
    """Create or update every term. ``get_model(name)`` returns the model to write to, so a
    migration can pass its historical models and tests the current ones."""
    for model_name, terms in NAMED.items():
        model = get_model(model_name)
        for position, (slug, en, fr) in enumerate(terms):
            model.objects.update_or_create(
                slug=slug, defaults={"name": en, "name_en": en, "name_fr": fr, "position": position}
            )
    levels = get_model("EngagementLevel")
    for position, (slug, en, fr, desc_en, desc_fr) in enumerate(ENGAGEMENT_LEVELS):
        levels.objects.update_or_create(
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
