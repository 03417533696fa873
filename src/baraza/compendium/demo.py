"""Demo compendium: the 36 records of the demo data set, published through the importer, and
eleven illustrative records in every workflow state, with feedback and sample reviews by
demo members.

The workflow records are demo content written for Baraza (their places and programmes are
illustrative; they cite no source, only a description of the evidence). Each is built step
by step through the compendium's services, as its people would, and recognised by its
``external_key`` (``demo-workflow:<state>``), so loading again creates nothing twice. Loading
again never changes a record that exists already: edits made on the demo site survive.
"""

from __future__ import annotations

from pathlib import Path

from allauth.account.models import EmailAddress
from django.apps import apps
from django.db import transaction

from baraza.accounts import services as account_services
from baraza.accounts.demo import DEMO_PASSWORD
from baraza.accounts.models import User
from baraza.compendium import default_criteria, importer, services
from baraza.compendium.models import CriteriaSet, CriterionKind, Experience, NoteKind
from baraza.compendium.services import Answer
from baraza.taxonomy.models import (
    Country,
    EngagementApproach,
    EngagementLevel,
    EvidenceType,
    HealthArea,
    PartnerType,
    Phase,
    PopulationGroup,
    Setting,
)

DEMO_FILE = Path(__file__).parent / "data" / "ce-experiences-demo.json"
CURATOR = "curator@example.org"

# Reviewers added for the compendium: email, name, country, language.
REVIEWERS = [
    ("reviewer@example.org", "Kwame Asante", "GH", "en"),
    ("relectrice@example.org", "Mariam Koné", "ML", "fr"),
]

FEEDBACK = {
    "changes-requested": (
        "Merci pour ce récit. Avant la relecture, pouvez-vous préciser combien de villages et "
        "de relais ont participé, et décrire comment les pesées ont été enregistrées ?"
    ),
    "resubmitted": (
        "Le résumé décrit bien le dispositif. Ajoutez ce qui a changé dans les centres de santé "
        "après les réunions, et d’où viennent ces informations."
    ),
}
DECLINE_REASONS = (
    "The reviewers agree that the record describes a communication campaign rather than "
    "community engagement: office workers answered a quiz, but took no part in deciding or "
    "running anything. The evidence gate failed for both reviewers. You are welcome to submit "
    "it again if a later phase involves workers in planning."
)
WITHDRAWAL_REASON = (
    "The submitter asked us to withdraw the record while the partners check the attendance "
    "figures given in the outcomes."
)
RECONCILIATION_NOTE = (
    "I scored effectiveness 3 because attendance at the drills rose every season; Mariam "
    "scored it 0 because no cholera outcome is reported. Shall we agree on what the record "
    "can claim?"
)
GATE_JUSTIFICATIONS = {
    True: "The record gives enough detail to judge this criterion.",
    False: "The record does not show this: see my comments.",
}
JUSTIFICATIONS = {
    0: "Nothing in the record supports this criterion.",
    1: "Some elements, but not described or measured.",
    2: "Clearly described, with monitoring data to support it.",
    3: "Strong: described in detail and supported by the evidence given.",
}

# state, submitter, original language, fields (slugs for the vocabularies)
RECORDS = [
    (
        "draft",
        "member@example.org",
        "fr",
        {
            "title_fr": "Causeries sur la vaccination dans les marchés hebdomadaires, Kolda",
            "summary_fr": (
                "Les relais communautaires de trois communes animent des causeries sur la "
                "vaccination des enfants les jours de marché, quand les familles des villages "
                "éloignés viennent en ville. Brouillon à compléter : résultats et sources."
            ),
            "countries": ["SN"],
            "settings": ["rural"],
            "phases": ["routine-phc"],
            "health_areas": ["immunization"],
        },
    ),
    (
        "submitted",
        "faith.leader@example.org",
        "en",
        {
            "title_en": "Congregation health days encourage early antenatal care, Mzimba",
            "summary_en": (
                "Twelve congregations in a rural district hold a health day each quarter after "
                "the Sunday service. Trained church volunteers and the nearest health centre's "
                "midwife talk with couples about danger signs in pregnancy, early antenatal "
                "visits and birth preparedness, and the midwife books first visits on the spot."
            ),
            "what_was_done_en": (
                "The church health association trained two volunteers per congregation with "
                "the district health office. Each quarter the volunteers and the midwife ran "
                "a session after the service, with separate discussion groups for women and "
                "men, and a register of women who wished to book an antenatal visit. Pastors "
                "announced the sessions and spoke about sharing household decisions on care."
            ),
            "outcomes_en": (
                "The health centres recorded more women booking their first antenatal visit "
                "before sixteen weeks in the villages of the participating congregations."
            ),
            "evidence_description_en": (
                "Antenatal registers of four health centres, before and during the programme "
                "(demo content)."
            ),
            "countries": ["MW"],
            "settings": ["rural"],
            "phases": ["routine-phc"],
            "health_areas": ["maternal-newborn-health"],
            "approaches": ["religious-traditional-leaders", "chws-volunteers"],
            "engagement_level": "involve",
            "evidence_type": "programme-monitoring",
            "partner_types": ["faith-based", "ministry-of-health"],
            "population_groups": ["women"],
            "start_year": 2022,
            "ongoing": True,
        },
    ),
    (
        "screening",
        "startup@example.org",
        "en",
        {
            "title_en": "Antenatal reminders co-designed with mothers’ groups, Lào Cai",
            "summary_en": (
                "A small team worked with five mothers' groups in mountain communes to design "
                "text and voice reminders for antenatal visits. The groups chose the wording, "
                "the languages and the time of day, and tested each version before the commune "
                "health stations sent it to every pregnant woman who agreed to receive it."
            ),
            "what_was_done_en": (
                "Facilitators held three design workshops with each mothers' group, recording "
                "messages in Hmong and Dao as well as Vietnamese. The commune health stations "
                "registered pregnant women who wished to take part, and the groups met every "
                "two months to review the questions women raised and change the messages."
            ),
            "outcomes_en": (
                "More registered women completed four antenatal visits than in the year "
                "before, according to the commune health stations' records."
            ),
            "evidence_description_en": (
                "Commune health station records for the year before and the first year of the "
                "reminders (demo content)."
            ),
            "countries": ["VN"],
            "settings": ["remote", "rural"],
            "phases": ["routine-phc"],
            "health_areas": ["maternal-newborn-health"],
            "approaches": ["mothers-groups"],
            "engagement_level": "collaborate",
            "evidence_type": "before-after",
            "partner_types": ["private-sector", "ministry-of-health"],
            "population_groups": ["women", "indigenous-peoples"],
            "start_year": 2023,
            "end_year": 2024,
        },
    ),
    (
        "changes-requested",
        "member@example.org",
        "fr",
        {
            "title_fr": "Relais communautaires et suivi de la croissance des enfants, Kolda",
            "summary_fr": (
                "Dans plusieurs villages, les relais communautaires organisent chaque mois une "
                "séance de pesée des enfants de moins de deux ans. Les mères comparent les "
                "courbes, discutent de l’alimentation avec les relais, et les enfants dont la "
                "croissance ralentit sont orientés vers le poste de santé."
            ),
            "what_was_done_fr": (
                "Les relais ont été formés par l’infirmier chef de poste à la pesée, à la "
                "tenue des courbes et au conseil nutritionnel. Chaque mois, ils réunissent les "
                "mères sous l’arbre à palabres, pèsent les enfants, notent les résultats et "
                "animent une démonstration culinaire avec des produits locaux."
            ),
            "outcomes_fr": (
                "Davantage d’enfants ont été pesés chaque mois, et les orientations vers le "
                "poste de santé sont arrivées plus tôt qu’auparavant."
            ),
            "evidence_description_fr": (
                "Cahiers de pesée des relais et registre du poste de santé (contenu de "
                "démonstration)."
            ),
            "countries": ["SN"],
            "settings": ["rural"],
            "phases": ["routine-phc", "prevention"],
            "health_areas": ["nutrition", "child-health"],
            "approaches": ["growth-monitoring-promotion", "chws-volunteers"],
            "engagement_level": "involve",
            "evidence_type": "anecdotal-report",
            "partner_types": ["community-based", "ministry-of-health"],
            "population_groups": ["children", "women"],
            "start_year": 2021,
            "ongoing": True,
        },
    ),
    (
        "resubmitted",
        "ministry.planner@example.org",
        "fr",
        {
            "title_fr": "Comités de gestion des centres de santé et redevabilité sociale",
            "summary_fr": (
                "Dans une région du Burkina Faso, les comités de gestion des centres de santé "
                "présentent deux fois par an aux habitants les recettes, les dépenses et les "
                "ruptures de médicaments du centre. Les habitants posent leurs questions, et "
                "le comité et l’équipe du centre s’engagent sur trois actions à suivre."
            ),
            "what_was_done_fr": (
                "La direction régionale a formé les membres des comités à la lecture des "
                "comptes et à l’animation de réunions publiques. Les réunions se tiennent au "
                "village, en langue locale, avec un compte rendu affiché au centre de santé. "
                "À la réunion suivante, le comité rend compte des actions promises."
            ),
            "outcomes_fr": (
                "Les comités ont tenu leurs réunions publiques, et la plupart des actions "
                "promises ont été réalisées dans les six mois."
            ),
            "evidence_description_fr": (
                "Comptes rendus des réunions publiques et rapports des comités de gestion "
                "(contenu de démonstration)."
            ),
            "countries": ["BF"],
            "settings": ["rural", "peri-urban"],
            "phases": ["routine-phc"],
            "health_areas": ["social-accountability"],
            "approaches": ["community-health-committees", "community-scorecards"],
            "engagement_level": "collaborate",
            "evidence_type": "anecdotal-report",
            "partner_types": ["ministry-of-health", "community-based"],
            "population_groups": ["general-population"],
            "start_year": 2020,
            "end_year": 2023,
        },
    ),
    (
        "in-review",
        "funder@example.org",
        "en",
        {
            "title_en": "Ward development committees plan primary health care spending",
            "summary_en": (
                "Ward development committees in a northern state meet each year with the staff "
                "of their primary health care centres to agree on priorities for the centre's "
                "small operating budget. Committee members collect residents' views beforehand, "
                "and they publish the agreed plan on the centre's notice board."
            ),
            "what_was_done_en": (
                "The state primary health care board trained committee members and centre "
                "staff together. Before each planning meeting, members held listening sessions "
                "with women's groups, youth and traditional leaders. The plan listed each "
                "priority, its cost, who was responsible and when it would be reviewed."
            ),
            "outcomes_en": (
                "Most centres spent their budget on the priorities residents raised, such as "
                "water supply, night lighting and outreach days for immunization."
            ),
            "evidence_description_en": (
                "Plans and expenditure reports of the participating centres (demo content)."
            ),
            "countries": ["NG"],
            "settings": ["rural", "peri-urban"],
            "phases": ["routine-phc"],
            "health_areas": ["social-accountability", "immunization"],
            "approaches": ["community-action-planning", "community-health-committees"],
            "engagement_level": "collaborate",
            "evidence_type": "programme-monitoring",
            "partner_types": ["ministry-of-health", "community-based"],
            "population_groups": ["general-population"],
            "start_year": 2019,
            "ongoing": True,
        },
    ),
    (
        "reconciliation",
        "faith.leader@example.org",
        "en",
        {
            "title_en": "Faith leaders prepare lakeshore villages for cholera seasons",
            "summary_en": (
                "Before each rainy season, imams, pastors and village heads along the lake "
                "meet the district health team to review last year's cholera cases and plan "
                "together. They then lead village drills on safe water, hand washing and "
                "getting a sick person to the treatment unit quickly."
            ),
            "what_was_done_en": (
                "The district health office and a faith network trained religious leaders and "
                "village heads in cholera preparedness. Each village made a plan naming who "
                "would chlorinate water, who would arrange transport and where oral "
                "rehydration points would be. The leaders ran drills and preached on hygiene."
            ),
            "outcomes_en": (
                "Attendance at the village drills rose every season, and villages set up oral "
                "rehydration points before the rains."
            ),
            "evidence_description_en": (
                "Drill attendance sheets and district preparedness reports (demo content)."
            ),
            "countries": ["MW"],
            "settings": ["rural"],
            "phases": ["preparedness", "readiness"],
            "health_areas": ["cholera", "wash"],
            "approaches": ["religious-traditional-leaders", "community-action-planning"],
            "engagement_level": "collaborate",
            "evidence_type": "programme-monitoring",
            "partner_types": ["faith-based", "ministry-of-health"],
            "population_groups": ["general-population"],
            "start_year": 2021,
            "end_year": 2024,
        },
    ),
    (
        "published-best",
        "member@example.org",
        "fr",
        {
            "title_fr": "Dialogues communautaires et surveillance de la rougeole, Sédhiou",
            "title_en": "Community dialogues and measles surveillance, Sédhiou",
            "summary_fr": (
                "Après une épidémie de rougeole, les villages d’un district ont organisé des "
                "dialogues communautaires avec l’équipe de santé pour comprendre pourquoi des "
                "enfants n’étaient pas vaccinés. Des relais formés signalent désormais chaque "
                "cas de fièvre avec éruption, et les villages planifient eux-mêmes les séances "
                "de rattrapage."
            ),
            "summary_en": (
                "After a measles outbreak, villages in a district held community dialogues "
                "with the health team to understand why children were not vaccinated. Trained "
                "volunteers now report every case of fever with rash, and the villages plan "
                "catch-up sessions themselves."
            ),
            "what_was_done_fr": (
                "L’équipe de district a animé deux dialogues par village avec les mères, les "
                "pères, les chefs et les guérisseurs. Les villages ont choisi des relais, "
                "formés à reconnaître les cas suspects et à les signaler par téléphone. Chaque "
                "trimestre, un comité villageois revoit les enfants non vaccinés et fixe la "
                "date des séances de rattrapage avec le poste de santé."
            ),
            "outcomes_fr": (
                "Les cas suspects ont été signalés en deux jours en moyenne, et la couverture "
                "de la deuxième dose a nettement augmenté dans les villages participants."
            ),
            "evidence_description_fr": (
                "Données de surveillance du district et enquête de couverture avant et après "
                "(contenu de démonstration)."
            ),
            "countries": ["SN"],
            "settings": ["rural", "remote"],
            "phases": ["response", "recovery", "routine-phc"],
            "health_areas": ["measles", "immunization"],
            "approaches": ["community-dialogues", "community-based-surveillance"],
            "engagement_level": "empower",
            "evidence_type": "before-after",
            "partner_types": ["ministry-of-health", "community-based"],
            "population_groups": ["children"],
            "start_year": 2019,
            "end_year": 2022,
        },
    ),
    (
        "published-promising",
        "ministry.planner@example.org",
        "fr",
        {
            "title_fr": "Des jeunes mobilisés pour la chimioprévention du paludisme saisonnier",
            "summary_fr": (
                "Pendant la saison des pluies, des associations de jeunes accompagnent les "
                "distributeurs de la chimioprévention du paludisme saisonnier. Ils informent "
                "les familles, rappellent les doses des deuxième et troisième jours et font "
                "remonter les questions des parents à l’équipe du district."
            ),
            "what_was_done_fr": (
                "Le district a formé deux jeunes par village avec les distributeurs. Avant "
                "chaque passage, ils annoncent la date à la radio locale et de porte en porte ; "
                "après, ils visitent les familles pour rappeler les doses. Une réunion de "
                "bilan avec les parents a lieu à la fin de chaque campagne."
            ),
            "outcomes_fr": (
                "Les familles visitées ont plus souvent donné les trois doses, selon les "
                "fiches de suivi des distributeurs."
            ),
            "evidence_description_fr": (
                "Fiches de suivi des distributeurs et rapports de campagne (contenu de "
                "démonstration)."
            ),
            "countries": ["BF"],
            "settings": ["rural"],
            "phases": ["prevention"],
            "health_areas": ["malaria", "child-health"],
            "approaches": ["youth-groups", "social-mobilization"],
            "engagement_level": "involve",
            "evidence_type": "programme-monitoring",
            "partner_types": ["ministry-of-health", "ngo"],
            "population_groups": ["adolescents-youth", "children"],
            "start_year": 2021,
            "ongoing": True,
        },
    ),
    (
        "declined",
        "startup@example.org",
        "en",
        {
            "title_en": "A healthy eating quiz for office workers on social media",
            "summary_en": (
                "A company ran a weekly quiz on healthy eating for office workers in a large "
                "city. Workers answered questions on a social media page, and the best scores "
                "won vouchers for fruit and vegetables at partner shops near the offices, for "
                "the three months of the campaign."
            ),
            "what_was_done_en": (
                "A nutritionist wrote twelve quizzes with questions on salt, sugar, fruit and "
                "vegetables. Each quiz was posted on Monday and the answers on Friday, with a "
                "short video. Employers shared the page with their staff, and vouchers were "
                "sent to winners by text message."
            ),
            "outcomes_en": (
                "Several thousand workers took at least one quiz, and about a third of them "
                "took most of the quizzes."
            ),
            "evidence_description_en": "Statistics of the social media page (demo content).",
            "countries": ["VN"],
            "settings": ["urban"],
            "phases": ["prevention"],
            "health_areas": ["ncds", "nutrition"],
            "approaches": ["other"],
            "engagement_level": "inform",
            "evidence_type": "anecdotal-report",
            "partner_types": ["private-sector"],
            "population_groups": ["general-population"],
            "start_year": 2023,
            "end_year": 2023,
        },
    ),
    (
        "withdrawn",
        "funder@example.org",
        "en",
        {
            "title_en": "Community scorecards improve waiting times at health centres",
            "summary_en": (
                "Users of six primary health centres scored their centre every six months on "
                "waiting times, staff attitude, cleanliness and the availability of medicines. "
                "Users and staff then met to compare their scores and agree on an action plan "
                "for the next six months."
            ),
            "what_was_done_en": (
                "A local organisation facilitated separate scoring sessions with women, men, "
                "young people and health staff, using simple pictures for each indicator. An "
                "interface meeting brought the groups together, and the centre's committee "
                "followed the action plan and reported back at the next round."
            ),
            "outcomes_en": (
                "Waiting times fell at most centres, and users' scores for staff attitude rose "
                "over three rounds."
            ),
            "evidence_description_en": (
                "Scorecards of three rounds and the centres' action plans (demo content)."
            ),
            "countries": ["NG"],
            "settings": ["peri-urban", "urban"],
            "phases": ["routine-phc"],
            "health_areas": ["social-accountability"],
            "approaches": ["community-scorecards"],
            "engagement_level": "collaborate",
            "evidence_type": "programme-monitoring",
            "partner_types": ["community-based", "ministry-of-health"],
            "population_groups": ["general-population"],
            "start_year": 2018,
            "end_year": 2021,
        },
    ),
]

# Who reviews which record, and the score each gives every scored criterion: one score, or
# {"*": score, "first": score} for a different score on the first scored criterion
# (effectiveness in the default set); "fail" fails the evidence gate and scores 1; None: the
# review is not in yet.
REVIEWS = {
    "in-review": [("reviewer@example.org", 2), ("relectrice@example.org", None)],
    "reconciliation": [
        ("reviewer@example.org", {"*": 3}),
        ("relectrice@example.org", {"*": 2, "first": 0}),
    ],
    "published-best": [("reviewer@example.org", 3), ("relectrice@example.org", 3)],
    "published-promising": [("facilitator@example.org", 2), ("relectrice@example.org", 2)],
    "declined": [("reviewer@example.org", "fail"), ("facilitator@example.org", "fail")],
    "withdrawn": [("reviewer@example.org", 2), ("facilitator@example.org", 1)],
}


def load(*, stdout=None) -> list[tuple[str, str, str]]:
    logins = [(role, email, DEMO_PASSWORD) for role, email in _reviewers()]
    curator = User.objects.filter(email=CURATOR).first()
    if curator is None:
        return logins
    result = importer.import_file(DEMO_FILE, actor=curator, update_existing=False)
    if result.problems:
        raise RuntimeError("\n".join(str(p) for p in result.problems))
    criteria_set = _active_criteria()
    for state, submitter, language, fields in RECORDS:
        key = f"demo-workflow:{state}"
        if Experience.objects.filter(external_key=key).exists():
            continue
        if criteria_set is None and state in REVIEWS:
            continue
        with transaction.atomic():
            _build(state, key, submitter, language, fields, curator, criteria_set)
    if stdout is not None:
        stdout.write(
            f"Compendium: {Experience.objects.filter(source='import').count()} imported "
            f"records and {len(RECORDS)} in the workflow."
        )
    return logins


def _reviewers() -> list[tuple[str, str]]:
    """The demo reviewers, registered like the other demo members."""
    logins = []
    for email, name, country, language in REVIEWERS:
        if not User.objects.filter(email=email).exists():
            user = User(email=email)
            user.set_password(DEMO_PASSWORD)
            account_services.register_member(
                user=user,
                display_name=name,
                country=Country.objects.get(code=country),
                language=language,
            )
        member = User.objects.get(email=email)
        EmailAddress.objects.update_or_create(
            user=member, email=email, defaults={"verified": True, "primary": True}
        )
        logins.append(("reviewer", email))
    return logins


def _active_criteria() -> CriteriaSet | None:
    if not CriteriaSet.objects.exists():
        default_criteria.load(lambda name: apps.get_model("compendium", name))
    return CriteriaSet.objects.filter(state=CriteriaSet.State.ACTIVE).first()


def _values(language: str, fields: dict, key: str) -> dict:
    values = {"original_language": language, "external_key": key}
    models = {
        "countries": (Country, "code"),
        "settings": (Setting, "slug"),
        "phases": (Phase, "slug"),
        "health_areas": (HealthArea, "slug"),
        "approaches": (EngagementApproach, "slug"),
        "partner_types": (PartnerType, "slug"),
        "population_groups": (PopulationGroup, "slug"),
    }
    for name, value in fields.items():
        if name in models:
            model, code = models[name]
            values[name] = list(model.objects.filter(**{f"{code}__in": value}))
        elif name == "engagement_level":
            values[name] = EngagementLevel.objects.get(slug=value)
        elif name == "evidence_type":
            values[name] = EvidenceType.objects.get(slug=value)
        else:
            values[name] = value
    if "summary_" + language in fields and "what_was_done_" + language in fields:
        values.update(consent_confirmed=True, safeguarding_confirmed=True, rights_confirmed=True)
    return values


def _answers(criteria_set: CriteriaSet, plan) -> dict[str, Answer]:
    scores = plan if isinstance(plan, dict) else {"*": 1 if plan == "fail" else plan}
    answers = {}
    criteria = list(criteria_set.criteria.all())
    scored = [c for c in criteria if c.kind == CriterionKind.SCORED]
    for criterion in criteria:
        if criterion.kind == CriterionKind.GATE:
            passed = not (plan == "fail" and criterion.key == "evidence-base")
            answers[criterion.key] = Answer(
                passed=passed, justification=GATE_JUSTIFICATIONS[passed]
            )
        else:
            first = criterion == scored[0] and "first" in scores
            score = scores["first"] if first else scores["*"]
            answers[criterion.key] = Answer(score=score, justification=JUSTIFICATIONS[score])
    return answers


def _build(state, key, submitter_email, language, fields, curator, criteria_set) -> None:
    submitter = User.objects.get(email=submitter_email)
    experience = services.create_experience(actor=submitter, values=_values(language, fields, key))
    if state == "draft":
        return
    services.submit(experience=experience, actor=submitter)
    if state == "submitted":
        return
    services.start_screening(experience=experience, actor=curator)
    if state == "screening":
        return
    if state in FEEDBACK:
        services.request_changes(experience=experience, actor=curator, message=FEEDBACK[state])
        if state == "resubmitted":
            services.save_draft(
                experience=experience,
                actor=submitter,
                values={
                    "outcomes_fr": fields["outcomes_fr"]
                    + " Dans quatre centres, les ruptures de médicaments essentiels ont "
                    "diminué, selon les rapports de gestion."
                },
            )
            services.submit(experience=experience, actor=submitter)
        return
    reviews = REVIEWS[state]
    people = {email: User.objects.get(email=email) for email, _plan in reviews}
    services.assign_reviewers(experience=experience, actor=curator, reviewers=people.values())
    for email, plan in reviews:
        if plan is None:
            continue
        services.submit_review(
            review=experience.reviews.get(reviewer=people[email]),
            actor=people[email],
            has_conflict=False,
            answers=_answers(criteria_set, plan),
            comments="A clear record; see my scores." if plan != "fail" else "",
        )
    if state == "in-review":
        return
    if state == "reconciliation":
        services.choose_reconciliation(experience=experience, actor=curator, mode="discussion")
        services.add_note(
            experience=experience,
            actor=people["reviewer@example.org"],
            kind=NoteKind.RECONCILIATION,
            body=RECONCILIATION_NOTE,
        )
        return
    if state == "declined":
        services.decide(experience=experience, actor=curator, accept=False, reasons=DECLINE_REASONS)
        return
    services.decide(experience=experience, actor=curator, accept=True)
    if state == "withdrawn":
        services.withdraw(experience=experience, actor=curator, reason=WITHDRAWAL_REASON)
