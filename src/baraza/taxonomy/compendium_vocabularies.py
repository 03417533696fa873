"""The controlled vocabularies of the Community Engagement Compendium, in English and French.

Loaded by the data migrations ``0004_load_compendium_vocabularies`` and
``0005_more_compendium_terms`` (which adds the recommended vocabularies of the demo data set);
``load`` is idempotent (it updates terms by slug), so it can be re-run, e.g. by tests that flush
the database. Curators edit the terms in the admin afterwards; the slugs are what records,
exports and the API use.
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

# The recommended health areas of the demo data set's README, in its order; "other" last.
HEALTH_AREAS = [
    ("ebola", "Ebola virus disease", "Maladie à virus Ebola"),
    ("covid-19", "COVID-19", "COVID-19"),
    ("cholera", "Cholera", "Choléra"),
    ("polio", "Polio", "Poliomyélite"),
    ("measles", "Measles", "Rougeole"),
    ("mpox", "Mpox", "Mpox"),
    (
        "mers",
        "Middle East respiratory syndrome (MERS)",
        "Syndrome respiratoire du Moyen-Orient (MERS)",
    ),
    ("malaria", "Malaria", "Paludisme"),
    ("dengue", "Dengue", "Dengue"),
    ("chagas-disease", "Chagas disease", "Maladie de Chagas"),
    ("onchocerciasis", "Onchocerciasis", "Onchocercose"),
    ("vector-borne-diseases", "Vector-borne diseases", "Maladies à transmission vectorielle"),
    ("zoonoses", "Zoonoses", "Zoonoses"),
    ("tuberculosis", "Tuberculosis", "Tuberculose"),
    ("hiv", "HIV", "VIH"),
    ("sexual-health", "Sexual health", "Santé sexuelle"),
    ("substance-use", "Substance use", "Consommation de substances psychoactives"),
    ("maternal-newborn-health", "Maternal and newborn health", "Santé maternelle et néonatale"),
    ("child-health", "Child health", "Santé de l’enfant"),
    ("family-planning", "Family planning", "Planification familiale"),
    ("nutrition", "Nutrition", "Nutrition"),
    ("immunization", "Immunization", "Vaccination"),
    ("ncds", "Noncommunicable diseases", "Maladies non transmissibles"),
    ("cancer-screening", "Cancer screening", "Dépistage du cancer"),
    ("tobacco-control", "Tobacco control", "Lutte antitabac"),
    ("healthy-ageing", "Healthy ageing", "Vieillissement en bonne santé"),
    ("mental-health", "Mental health", "Santé mentale"),
    ("wash", "Water, sanitation and hygiene (WASH)", "Eau, assainissement et hygiène (EAH)"),
    (
        "infection-prevention-control",
        "Infection prevention and control",
        "Prévention et contrôle des infections",
    ),
    ("heat-related-illness", "Heat-related illness", "Maladies liées à la chaleur"),
    ("health-emergencies", "Health emergencies", "Urgences sanitaires"),
    ("disaster-risk-reduction", "Disaster risk reduction", "Réduction des risques de catastrophe"),
    ("social-accountability", "Social accountability", "Redevabilité sociale"),
    ("other", "Other", "Autre"),
]

# The recommended approaches of the demo data set's README, in its order; "other" last.
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
        "clts",
        "Community-led total sanitation (CLTS)",
        "Assainissement total piloté par la communauté (ATPC)",
    ),
    (
        "rcce",
        "Risk communication and community engagement (RCCE)",
        "Communication sur les risques et engagement communautaire (CREC)",
    ),
    ("social-mobilization", "Social mobilization", "Mobilisation sociale"),
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
        "womens-groups-pla",
        "Women’s groups with participatory learning and action",
        "Groupes de femmes pratiquant l’apprentissage et l’action participatifs",
    ),
    (
        "community-based-surveillance",
        "Community-based surveillance",
        "Surveillance à base communautaire",
    ),
    ("youth-groups", "Youth groups", "Groupes de jeunes"),
    (
        "community-action-planning",
        "Community action planning",
        "Planification d’actions communautaires",
    ),
    (
        "community-directed-intervention",
        "Community-directed intervention",
        "Intervention sous directives communautaires",
    ),
    (
        "community-based-distribution",
        "Community-based distribution",
        "Distribution à base communautaire",
    ),
    (
        "community-based-dot",
        "Community-based directly observed therapy",
        "Traitement sous observation directe à base communautaire",
    ),
    (
        "community-feedback-mechanisms",
        "Community feedback mechanisms",
        "Mécanismes de retour d’information communautaire",
    ),
    ("community-development", "Community development", "Développement communautaire"),
    ("community-champions", "Community champions", "Champions communautaires"),
    (
        "community-early-warning-volunteers",
        "Community early-warning volunteers",
        "Bénévoles communautaires d’alerte précoce",
    ),
    (
        "community-based-health-financing",
        "Community-based health financing",
        "Financement communautaire de la santé",
    ),
    (
        "community-controlled-health-organisations",
        "Community-controlled health organisations",
        "Organisations de santé gérées par la communauté",
    ),
    (
        "growth-monitoring-promotion",
        "Growth monitoring and promotion",
        "Suivi et promotion de la croissance",
    ),
    ("health-mediators", "Health mediators", "Médiateurs de santé"),
    (
        "household-hygiene-promotion",
        "Household hygiene promotion",
        "Promotion de l’hygiène dans les ménages",
    ),
    ("lay-opinion-leaders", "Lay opinion leaders", "Leaders d’opinion communautaires"),
    ("mothers-groups", "Mothers’ groups", "Groupes de mères"),
    (
        "outreach-vulnerable-people",
        "Outreach to vulnerable people",
        "Actions de proximité auprès des personnes vulnérables",
    ),
    ("peer-support", "Peer support", "Soutien par les pairs"),
    ("psychological-first-aid", "Psychological first aid", "Premiers secours psychologiques"),
    ("social-cooperatives", "Social cooperatives", "Coopératives sociales"),
    (
        "traditional-birth-attendants",
        "Traditional birth attendants",
        "Accoucheuses traditionnelles",
    ),
    (
        "user-family-associations",
        "User and family associations",
        "Associations d’usagers et de familles",
    ),
    ("womens-networks", "Women’s networks", "Réseaux de femmes"),
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
    ("programme-monitoring", "Programme monitoring data", "Données de suivi de programme"),
    ("before-after", "Before-after evaluation", "Évaluation avant-après"),
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
    (
        "ngo",
        "Non-governmental organisation (NGO)",
        "Organisation non gouvernementale (ONG)",
    ),
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
