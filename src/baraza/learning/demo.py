"""Demo packages: the learning package "Community engagement essentials" (three modules built
on the demo compendium's experiences) and a two-day workshop package with a case-harvesting
session. Both are written in English and French, and published as version 1.

Loading is idempotent: a package whose short name exists is left alone. The demo staff member
writes them; the demo facilitator is made an author so the authoring pages have someone to show.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group
from django.db import transaction

from baraza.accounts.models import User
from baraza.compendium.models import Experience, Status
from baraza.learning import models as m
from baraza.learning.policies import AUTHORS_GROUP
from baraza.learning.services.publishing import publish

STAFF = "staff@example.org"
FACILITATOR = "facilitator@example.org"
LEARNING_SLUG = "community-engagement-essentials"
WORKSHOP_SLUG = "community-engagement-in-practice"

# Demo compendium records, found by the start of their English title.
EBOLA = "Community-led Ebola action"
UGANDA = "Community monitoring of primary health care providers"
CYCLONE = "Cyclone Preparedness Programme"
SCORECARDS = "Community scorecards for people-centred"
WOMENS_GROUPS = "Women's groups practising participatory learning"


def load(*, stdout=None) -> list[tuple[str, str, str]]:
    author = User.objects.filter(email=STAFF).first()
    if author is None:
        return []
    facilitator = User.objects.filter(email=FACILITATOR).first()
    if facilitator is not None:
        facilitator.groups.add(Group.objects.get_or_create(name=AUTHORS_GROUP)[0])
    records = {
        key: Experience.objects.filter(title_en__startswith=key, status=Status.PUBLISHED).first()
        for key in (EBOLA, UGANDA, CYCLONE, SCORECARDS, WOMENS_GROUPS)
    }
    if None in records.values():
        return []  # the demo compendium is not there; nothing to build on
    created = []
    if not m.Package.objects.filter(slug=LEARNING_SLUG).exists():
        with transaction.atomic():
            package = _learning_package(author, records)
            publish(package=package, actor=author, notes_en=NOTES[0], notes_fr=NOTES[1])
        created.append(LEARNING_SLUG)
    if not m.Package.objects.filter(slug=WORKSHOP_SLUG).exists():
        with transaction.atomic():
            package = _workshop_package(author, records)
            publish(package=package, actor=author, notes_en=NOTES[0], notes_fr=NOTES[1])
        created.append(WORKSHOP_SLUG)
    if stdout is not None and created:
        stdout.write(f"Learning: demo packages {', '.join(created)}.")
    return []


NOTES = ("First version.", "Première version.")


def _translated(row, **values):
    """Create ``row`` with ``values`` written in both languages, the French up to date."""
    for name, value in values.items():
        setattr(row, name, value)
    row.save()
    for field in row.TRANSLATABLE:
        if getattr(row, f"{field}_en"):
            row.mark_translated(field, "en")
    row.save(update_fields=["translated_from"])
    return row


def _both(field: str, pair: tuple[str, str]) -> dict:
    return {f"{field}_en": pair[0], f"{field}_fr": pair[1]}


def _question(
    package, role, prompt, options, *, module=None, item=None, multiple=False, feedback=("", "")
):
    question = _translated(
        m.Question(package=package, role=role, module=module, item=item, multiple=multiple),
        **_both("prompt", prompt),
        **_both("feedback", feedback),
    )
    for position, (text, correct, option_feedback) in enumerate(options):
        _translated(
            m.Option(question=question, position=position, correct=correct),
            **_both("text", text),
            **_both("feedback", option_feedback),
        )
    return question


# --- The learning package -----------------------------------------------------------------

MODULES = [
    {
        "title": ("What community engagement is", "Ce qu'est l'engagement communautaire"),
        "objectives": (
            "Define community engagement.\nDescribe the levels of engagement.",
            "Définir l'engagement communautaire.\nDécrire les niveaux d'engagement.",
        ),
        "lessons": [
            {
                "title": ("Why engage communities?", "Pourquoi engager les communautés ?"),
                "text": (
                    "Community engagement is working **with** people, not only **for** them. "
                    "Communities know their needs, their trusted voices and what will work in "
                    "their setting.\n\nWhen people take part in decisions about their health, "
                    "services are used more, trusted more and last longer.",
                    "L'engagement communautaire, c'est travailler **avec** les gens, et pas "
                    "seulement **pour** eux. Les communautés connaissent leurs besoins, les voix "
                    "en qui elles ont confiance et ce qui marchera chez elles.\n\nQuand les gens "
                    "prennent part aux décisions sur leur santé, les services sont davantage "
                    "utilisés, mieux acceptés et plus durables.",
                ),
            },
            {
                "title": ("Levels of engagement", "Les niveaux d'engagement"),
                "text": (
                    "Engagement ranges from **informing** and **consulting** to **involving**, "
                    "**collaborating** and **empowering**, where the community leads and "
                    "decides.\n\nNo level is right everywhere: choose it with the community, "
                    "for the decision at hand.",
                    "L'engagement va de **l'information** et de la **consultation** à "
                    "**l'implication**, la **collaboration** et **l'autonomisation**, où la "
                    "communauté dirige et décide.\n\nAucun niveau ne convient partout : "
                    "choisissez-le avec la communauté, selon la décision à prendre.",
                ),
                "check": (
                    (
                        "At which level does the community lead and decide?",
                        "À quel niveau la communauté dirige-t-elle et décide-t-elle ?",
                    ),
                    [
                        (
                            ("Informing", "Information"),
                            False,
                            (
                                "People only receive information.",
                                "Les gens ne font que recevoir l'information.",
                            ),
                        ),
                        (
                            ("Empowering", "Autonomisation"),
                            True,
                            (
                                "Yes: the community holds the decision.",
                                "Oui : la décision appartient à la communauté.",
                            ),
                        ),
                    ],
                ),
            },
        ],
        "quiz": [
            (
                (
                    "Community engagement means working…",
                    "L'engagement communautaire, c'est travailler…",
                ),
                [
                    (("with people", "avec les gens"), True),
                    (("for people only", "seulement pour les gens"), False),
                ],
                False,
            ),
            (
                ("Which are levels of engagement?", "Lesquels sont des niveaux d'engagement ?"),
                [
                    (("Consulting", "Consultation"), True),
                    (("Collaborating", "Collaboration"), True),
                    (("Ignoring", "Ignorance"), False),
                ],
                True,
            ),
        ],
    },
    {
        "title": ("Learning from experience", "Apprendre de l'expérience"),
        "objectives": (
            "Analyse engagement in emergencies and in routine care.",
            "Analyser l'engagement dans les urgences et dans les soins courants.",
        ),
        "lessons": [
            {
                "title": ("Engagement in an epidemic", "L'engagement pendant une épidémie"),
                "text": (
                    "In an outbreak, trust decides whether people come forward. Read how "
                    "communities in Sierra Leone led their own Ebola action.",
                    "Pendant une épidémie, la confiance décide si les gens se manifestent. "
                    "Lisez comment les communautés de Sierra Leone ont mené leur propre action "
                    "contre Ebola.",
                ),
                "experience": (
                    EBOLA,
                    (
                        "What made community-led action possible here? What would it take "
                        "where you work?",
                        "Qu'est-ce qui a rendu l'action communautaire possible ici ? Que "
                        "faudrait-il là où vous travaillez ?",
                    ),
                ),
            },
            {
                "title": ("Preparing before the disaster", "Se préparer avant la catastrophe"),
                "text": (
                    "Preparedness built with communities saves lives when the warning comes.",
                    "La préparation construite avec les communautés sauve des vies quand "
                    "l'alerte arrive.",
                ),
                "experience": (
                    CYCLONE,
                    (
                        "Who are the trusted messengers in your community?",
                        "Qui sont les messagers de confiance dans votre communauté ?",
                    ),
                ),
            },
            {
                "title": ("Engagement in routine care", "L'engagement dans les soins courants"),
                "text": (
                    "Engagement is not only for emergencies: communities can hold services to "
                    "account every month.",
                    "L'engagement n'est pas réservé aux urgences : les communautés peuvent "
                    "demander des comptes aux services chaque mois.",
                ),
                "experience": (
                    UGANDA,
                    (
                        "Which data would your community want to review?",
                        "Quelles données votre communauté voudrait-elle examiner ?",
                    ),
                ),
            },
        ],
        "quiz": [
            (
                (
                    "In an outbreak, what decides whether people come forward?",
                    "Pendant une épidémie, qu'est-ce qui décide si les gens se manifestent ?",
                ),
                [(("Trust", "La confiance"), True), (("Fines", "Les amendes"), False)],
                False,
            ),
            (
                ("Engagement is useful…", "L'engagement est utile…"),
                [
                    (("in emergencies", "dans les urgences"), True),
                    (("in routine care", "dans les soins courants"), True),
                    (("never", "jamais"), False),
                ],
                True,
            ),
        ],
    },
    {
        "title": ("Planning engagement in your setting", "Planifier l'engagement chez vous"),
        "objectives": (
            "Plan engagement with a community.\nMonitor it together.",
            "Planifier l'engagement avec une communauté.\nLe suivre ensemble.",
        ),
        "lessons": [
            {
                "title": ("Building trust", "Construire la confiance"),
                "text": (
                    "Start by listening. Map the groups in the community, including those who "
                    "are rarely heard, and agree together on what to change.",
                    "Commencez par écouter. Repérez les groupes de la communauté, y compris ceux "
                    "qu'on entend rarement, et décidez ensemble de ce qu'il faut changer.",
                ),
                "experience": (
                    WOMENS_GROUPS,
                    (
                        "How did the groups decide what to act on?",
                        "Comment les groupes ont-ils choisi sur quoi agir ?",
                    ),
                ),
            },
            {
                "title": ("Monitoring together", "Suivre ensemble"),
                "text": (
                    "Agree on a few simple indicators, review them with the community and act "
                    "on what you find.",
                    "Convenez de quelques indicateurs simples, examinez-les avec la communauté et "
                    "agissez selon ce que vous constatez.",
                ),
                "experience": (
                    SCORECARDS,
                    (
                        "Which indicator would you put on your community's scorecard?",
                        "Quel indicateur mettriez-vous sur la fiche d'évaluation de votre "
                        "communauté ?",
                    ),
                ),
            },
        ],
        "quiz": [
            (
                (
                    "Where does planning engagement start?",
                    "Par où commence la planification de l'engagement ?",
                ),
                [
                    (("Listening", "L'écoute"), True),
                    (("A poster campaign", "Une campagne d'affiches"), False),
                ],
                False,
            ),
            (
                ("Good monitoring indicators are…", "De bons indicateurs de suivi sont…"),
                [
                    (("few and simple", "peu nombreux et simples"), True),
                    (("reviewed with the community", "examinés avec la communauté"), True),
                    (("kept from the community", "cachés à la communauté"), False),
                ],
                True,
            ),
        ],
    },
]

PRE_POST = [
    (
        ("Community engagement means working…", "L'engagement communautaire, c'est travailler…"),
        [
            (("with people", "avec les gens"), True),
            (("for people only", "seulement pour les gens"), False),
        ],
    ),
    (
        (
            "In an outbreak, what decides whether people come forward?",
            "Pendant une épidémie, qu'est-ce qui décide si les gens se manifestent ?",
        ),
        [(("Trust", "La confiance"), True), (("Fines", "Les amendes"), False)],
    ),
    (
        (
            "Where does planning engagement start?",
            "Par où commence la planification de l'engagement ?",
        ),
        [
            (("Listening", "L'écoute"), True),
            (("A poster campaign", "Une campagne d'affiches"), False),
        ],
    ),
]


def _learning_package(author, records) -> m.Package:
    package = _translated(
        m.Package(
            kind=m.Kind.LEARNING,
            slug=LEARNING_SLUG,
            audience=m.Audience.IN_SERVICE,
            level=m.Level.INTRODUCTORY,
            notional_hours=3,
            pass_mark=70,
            visit_share=100,
            created_by=author,
        ),
        **_both(
            "title",
            ("Community engagement essentials", "L'essentiel de l'engagement communautaire"),
        ),
        **_both(
            "summary",
            (
                "A short course for health workers and students: what community engagement is, "
                "what it looks like in practice, and how to plan it where you work.",
                "Un court parcours pour les personnels et les étudiants en santé : ce qu'est "
                "l'engagement communautaire, à quoi il ressemble en pratique, et comment le "
                "planifier là où vous travaillez.",
            ),
        ),
        **_both(
            "competencies",
            (
                "Explain community engagement and its levels\nLearn from documented experiences\n"
                "Plan and monitor engagement with a community",
                "Expliquer l'engagement communautaire et ses niveaux\nApprendre d'expériences "
                "documentées\nPlanifier et suivre l'engagement avec une communauté",
            ),
        ),
    )
    package.authors.add(author)
    for n, spec in enumerate(MODULES, start=1):
        module = _translated(
            m.Module(package=package, position=n),
            **_both("title", spec["title"]),
            **_both("objectives", spec["objectives"]),
        )
        for k, lesson_spec in enumerate(spec["lessons"], start=1):
            lesson = _translated(
                m.Lesson(module=module, position=k, minutes=15),
                **_both("title", lesson_spec["title"]),
            )
            _translated(
                m.Item(lesson=lesson, kind=m.ItemKind.TEXT, position=0),
                **_both("body", lesson_spec["text"]),
            )
            if "experience" in lesson_spec:
                key, prompts = lesson_spec["experience"]
                _translated(
                    m.Item(
                        lesson=lesson,
                        kind=m.ItemKind.EXPERIENCE,
                        position=1,
                        experience=records[key],
                    ),
                    **_both("body", prompts),
                )
            if "check" in lesson_spec:
                prompt, options = lesson_spec["check"]
                item = m.Item.objects.create(lesson=lesson, kind=m.ItemKind.CHECK, position=2)
                _question(package, m.Role.CHECK, prompt, options, item=item)
        for prompt, options, multiple in spec["quiz"]:
            _question(
                package,
                m.Role.QUIZ,
                prompt,
                [(text, correct, ("", "")) for text, correct in options],
                module=module,
                multiple=multiple,
            )
    for prompt, options in PRE_POST:
        _question(
            package,
            m.Role.PRE_POST,
            prompt,
            [(text, correct, ("", "")) for text, correct in options],
        )
    return package


# --- The workshop package -----------------------------------------------------------------

# title, method, minutes in the agenda, steps (instructions, minutes), experiences
DAY_ONE = [
    (
        ("Welcome and expectations", "Accueil et attentes"),
        m.Method.DISCUSSION,
        30,
        [
            (("Round of introductions", "Tour de présentation"), 15),
            (
                (
                    "Participants write their expectations on cards",
                    "Les participants écrivent leurs attentes sur des cartes",
                ),
                15,
            ),
        ],
        [],
    ),
    (
        ("What community engagement is", "Ce qu'est l'engagement communautaire"),
        m.Method.PRESENTATION,
        60,
        [
            (
                (
                    "Short talk on the levels of engagement",
                    "Court exposé sur les niveaux d'engagement",
                ),
                25,
            ),
            (
                (
                    "Pairs place local examples on the levels",
                    "En binômes, placer des exemples locaux sur les niveaux",
                ),
                25,
            ),
            (("Questions", "Questions"), 10),
        ],
        [],
    ),
    (("Break", "Pause"), m.Method.BREAK, 15, [], []),
    (
        (
            "Case study: engagement in an epidemic",
            "Étude de cas : l'engagement pendant une épidémie",
        ),
        m.Method.CASE_STUDY,
        90,
        [
            (("Groups read one experience each", "Chaque groupe lit une expérience"), 30),
            (("Groups answer the task sheet", "Les groupes remplissent la fiche de travail"), 30),
            (("Groups report back", "Restitution des groupes"), 30),
        ],
        [EBOLA, CYCLONE],
    ),
    (("Lunch", "Déjeuner"), m.Method.BREAK, 60, [], []),
    (
        ("Role-play: answering a rumour", "Jeu de rôle : répondre à une rumeur"),
        m.Method.ROLE_PLAY,
        75,
        [
            (("Brief the roles", "Présenter les rôles"), 10),
            (("Play the scene in threes", "Jouer la scène par groupes de trois"), 30),
            (("Debrief in plenary", "Débriefing en plénière"), 30),
        ],
        [],
    ),
    (
        ("Daily evaluation", "Évaluation de la journée"),
        m.Method.DISCUSSION,
        15,
        [(("Mood meter and one word each", "Météo du jour et un mot chacun"), 15)],
        [],
    ),
]
DAY_TWO = [
    (
        ("Recap of day 1", "Retour sur la journée 1"),
        m.Method.DISCUSSION,
        20,
        [
            (
                (
                    "Participants recall three key messages",
                    "Les participants rappellent trois messages clés",
                ),
                20,
            )
        ],
        [],
    ),
    (
        ("Harvesting our own experiences", "Recueillir nos propres expériences"),
        m.Method.CASE_HARVESTING,
        120,
        [
            (
                (
                    "Explain the submission template and consent",
                    "Présenter le modèle de soumission et le consentement",
                ),
                15,
            ),
            (
                (
                    "Pairs interview each other about an experience",
                    "En binômes, s'interroger sur une expérience",
                ),
                45,
            ),
            (
                (
                    "Pairs write the experience on the template",
                    "Les binômes rédigent l'expérience sur le modèle",
                ),
                45,
            ),
            (("Read-out of titles", "Lecture des titres"), 15),
        ],
        [],
    ),
    (("Lunch", "Déjeuner"), m.Method.BREAK, 60, [], []),
    (
        ("Monitoring together: scorecards", "Suivre ensemble : les fiches d'évaluation"),
        m.Method.CASE_STUDY,
        75,
        [
            (
                (
                    "Groups study the scorecard experience",
                    "Les groupes étudient l'expérience des fiches d'évaluation",
                ),
                35,
            ),
            (
                (
                    "Groups draft a scorecard for their setting",
                    "Les groupes préparent une fiche pour leur contexte",
                ),
                40,
            ),
        ],
        [SCORECARDS, UGANDA],
    ),
    (
        ("Action plans and post-test", "Plans d'action et post-test"),
        m.Method.DISCUSSION,
        60,
        [
            (
                (
                    "Each participant writes a three-month action plan",
                    "Chacun rédige un plan d'action à trois mois",
                ),
                30,
            ),
            (("Post-test", "Post-test"), 15),
            (("Evaluation form", "Formulaire d'évaluation"), 15),
        ],
        [],
    ),
]
OBJECTIVES = {
    "Welcome and expectations": (
        "Know each other and the workshop's aims.",
        "Se connaître et connaître les buts de l'atelier.",
    ),
    "What community engagement is": (
        "Place local examples on the levels of engagement.",
        "Situer des exemples locaux sur les niveaux d'engagement.",
    ),
    "Case study: engagement in an epidemic": (
        "Explain what made community-led action work in two experiences.",
        "Expliquer ce qui a fait réussir l'action communautaire dans deux expériences.",
    ),
    "Role-play: answering a rumour": (
        "Answer a rumour by listening first.",
        "Répondre à une rumeur en écoutant d'abord.",
    ),
    "Daily evaluation": ("Say what worked today.", "Dire ce qui a marché aujourd'hui."),
    "Recap of day 1": ("Recall the key messages.", "Rappeler les messages clés."),
    "Harvesting our own experiences": (
        "Document one's own experience for the compendium, with consent.",
        "Documenter sa propre expérience pour le recueil, avec consentement.",
    ),
    "Monitoring together: scorecards": (
        "Draft a community scorecard.",
        "Préparer une fiche d'évaluation communautaire.",
    ),
    "Action plans and post-test": (
        "Write a three-month action plan.",
        "Rédiger un plan d'action à trois mois.",
    ),
}
SESSION_TEXT = {
    "key_messages": (
        "Listen before you speak.\nCommunities are partners, not audiences.",
        "Écouter avant de parler.\nLes communautés sont des partenaires, pas un public.",
    ),
    "debrief_questions": (
        "What surprised you?\nWhat will you do differently next week?",
        "Qu'est-ce qui vous a surpris ?\nQue ferez-vous autrement la semaine prochaine ?",
    ),
    "materials": ("Flip chart, markers, cards", "Tableau à feuilles, marqueurs, cartes"),
}


def _workshop_package(author, records) -> m.Package:
    package = _translated(
        m.Package(
            kind=m.Kind.WORKSHOP,
            slug=WORKSHOP_SLUG,
            audience=m.Audience.IN_SERVICE,
            level=m.Level.INTERMEDIATE,
            notional_hours=12,
            created_by=author,
        ),
        **_both(
            "title",
            (
                "Community engagement in practice: a two-day workshop",
                "L'engagement communautaire en pratique : un atelier de deux jours",
            ),
        ),
        **_both(
            "summary",
            (
                "A face-to-face workshop for district teams and their community partners, built on "
                "experiences from the compendium. It ends by harvesting the participants' own "
                "experiences for the compendium.",
                "Un atelier en présentiel pour les équipes de district et leurs partenaires "
                "communautaires, fondé sur des expériences du recueil. Il se termine en "
                "recueillant les expériences des participants pour le recueil.",
            ),
        ),
        **_both(
            "goal",
            (
                "Participants can plan, run and monitor community engagement with the communities "
                "they serve.",
                "Les participants savent planifier, mener et suivre l'engagement avec les "
                "communautés qu'ils servent.",
            ),
        ),
        **_both(
            "prerequisites",
            (
                "Working with communities, or training people who do",
                "Travailler avec des communautés, ou former des personnes qui le font",
            ),
        ),
    )
    package.authors.add(author)
    variant = _translated(m.Variant(package=package), **_both("name", ("Two days", "Deux jours")))
    days = [
        (
            ("Day 1: understanding engagement", "Jour 1 : comprendre l'engagement"),
            dt.time(9, 0),
            DAY_ONE,
        ),
        (
            ("Day 2: from experience to action", "Jour 2 : de l'expérience à l'action"),
            dt.time(8, 30),
            DAY_TWO,
        ),
    ]
    for n, (title, start, sessions) in enumerate(days, start=1):
        day = _translated(
            m.Day(variant=variant, position=n, starts_at=start), **_both("title", title)
        )
        for position, (s_title, method, slot, steps, experiences) in enumerate(sessions):
            texts = (
                {}
                if method == m.Method.BREAK
                else {field: pair for field, pair in SESSION_TEXT.items()}
            )
            session = _translated(
                m.Session(day=day, position=position, method=method, slot_minutes=slot),
                **_both("title", s_title),
                **{k: v for field, pair in texts.items() for k, v in _both(field, pair).items()},
                **(_both("objectives", OBJECTIVES[s_title[0]]) if texts else {}),
            )
            session.experiences.set([records[key] for key in experiences])
            for k, (instructions, minutes) in enumerate(steps):
                _translated(
                    m.Step(session=session, position=k, minutes=minutes),
                    **_both("instructions", instructions),
                )
    for position, (when, text) in enumerate(
        [
            (
                m.When.TWO_WEEKS,
                (
                    "Book the room and invite community partners",
                    "Réserver la salle et inviter les partenaires communautaires",
                ),
            ),
            (
                m.When.ONE_WEEK,
                (
                    "Print the workbook and the experience cards",
                    "Imprimer le cahier du participant et les fiches d'expérience",
                ),
            ),
            (
                m.When.DAY_OF,
                ("Set up tables for group work", "Installer les tables pour le travail en groupe"),
            ),
            (
                m.When.AFTER,
                (
                    "Upload scores and evaluations; submit the harvested experiences",
                    "Téléverser les scores et les évaluations ; soumettre les expériences "
                    "recueillies",
                ),
            ),
        ]
    ):
        _translated(
            m.ChecklistItem(package=package, position=position, when=when), **_both("text", text)
        )
    for position, (scale, text) in enumerate(
        [
            (
                m.Scale.RATING,
                (
                    "How useful was the workshop for your work?",
                    "L'atelier a-t-il été utile pour votre travail ?",
                ),
            ),
            (
                m.Scale.RATING,
                ("How clear were the sessions?", "Les séances étaient-elles claires ?"),
            ),
            (m.Scale.TEXT, ("What will you do differently?", "Que ferez-vous autrement ?")),
        ]
    ):
        _translated(
            m.EvaluationQuestion(package=package, position=position, scale=scale),
            **_both("text", text),
        )
    for prompt, options in PRE_POST:
        _question(
            package,
            m.Role.PRE_POST,
            prompt,
            [(text, correct, ("", "")) for text, correct in options],
        )
    return package
