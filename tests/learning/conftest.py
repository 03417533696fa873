"""Fixtures for learning and workshop packages: an author, and one published package of each
kind built in their tables and published through ``services.publishing``.

``learning_package``: "Community engagement essentials" / "L'essentiel de l'engagement
communautaire", two modules of two lessons, each lesson with a text item; module 1's first
lesson has an experience card (a published record) and a knowledge check; each module has a
two-question quiz; the package has a two-question pre/post-test.

``workshop_package``: "Engaging communities in outbreak response", one 2-day variant whose
day 1 has three sessions (the second overruns its slot) and day 2 a case-harvesting session;
a preparation checklist, an evaluation form and a pre/post-test.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from baraza.learning import models as m
from baraza.learning.policies import AUTHORS_GROUP
from baraza.learning.services.publishing import publish
from tests.editions.conftest import publish as publish_record
from tests.factories import MemberFactory


@pytest.fixture
def author(db):
    user = MemberFactory(display_name="Awa Author", language="en")
    user.groups.add(Group.objects.get_or_create(name=AUTHORS_GROUP)[0])
    return user


@pytest.fixture
def author_client(author) -> Client:
    client = Client()
    client.force_login(author)
    return client


@pytest.fixture
def experience(curator):
    return publish_record(curator, "Village health committees review clinic data, Kenya")


def question(package, role, *, en, fr, options, module=None, item=None, multiple=False):
    """``options``: (text_en, text_fr, correct) triples."""
    q = m.Question.objects.create(
        package=package,
        role=role,
        module=module,
        item=item,
        prompt_en=en,
        prompt_fr=fr,
        multiple=multiple,
        feedback_en=f"Because: {en}",
        feedback_fr=f"Parce que : {fr}",
    )
    for position, (text_en, text_fr, correct) in enumerate(options):
        m.Option.objects.create(
            question=q, position=position, text_en=text_en, text_fr=text_fr, correct=correct
        )
    return q


def translated(row, *fields, original="en"):
    """Mark ``fields`` of ``row`` as translated from the current original text, and save."""
    for field in fields:
        row.mark_translated(field, original)
    row.save()
    return row


def build_learning_package(author, experience, *, slug="ce-essentials") -> m.Package:
    package = m.Package.objects.create(
        kind=m.Kind.LEARNING,
        slug=slug,
        audience=m.Audience.IN_SERVICE,
        title_en="Community engagement essentials",
        title_fr="L'essentiel de l'engagement communautaire",
        summary_en="What community engagement is, and how to do it well.",
        summary_fr="Ce qu'est l'engagement communautaire, et comment bien le mener.",
        competencies_en="Plan engagement\nReview community data",
        competencies_fr="Planifier l'engagement\nExaminer les données communautaires",
        notional_hours=3,
        pass_mark=50,
        visit_share=100,
        created_by=author,
    )
    translated(package, "title", "summary", "competencies")
    package.authors.add(author)
    for n in (1, 2):
        module = translated(
            m.Module.objects.create(
                package=package, position=n, title_en=f"Module {n}", title_fr=f"Module {n} (fr)"
            ),
            "title",
        )
        for k in (1, 2):
            lesson = translated(
                m.Lesson.objects.create(
                    module=module,
                    position=k,
                    title_en=f"Lesson {n}.{k}",
                    title_fr=f"Leçon {n}.{k}",
                    minutes=10,
                ),
                "title",
            )
            translated(
                m.Item.objects.create(
                    lesson=lesson,
                    kind=m.ItemKind.TEXT,
                    position=0,
                    body_en=f"Text of lesson {n}.{k}.",
                    body_fr=f"Texte de la leçon {n}.{k}.",
                ),
                "body",
            )
            if (n, k) == (1, 1):
                m.Item.objects.create(
                    lesson=lesson,
                    kind=m.ItemKind.EXPERIENCE,
                    position=1,
                    experience=experience,
                    body_en="What would you do differently?",
                    body_fr="Que feriez-vous autrement ?",
                )
                check = m.Item.objects.create(lesson=lesson, kind=m.ItemKind.CHECK, position=2)
                question(
                    package,
                    m.Role.CHECK,
                    item=check,
                    en="Who reviews the data?",
                    fr="Qui examine les données ?",
                    options=[("The committee", "Le comité", True), ("Nobody", "Personne", False)],
                )
        question(
            package,
            m.Role.QUIZ,
            module=module,
            en=f"Quiz {n} question A",
            fr=f"Quiz {n} question A (fr)",
            options=[("Right", "Juste", True), ("Wrong", "Faux", False)],
        )
        question(
            package,
            m.Role.QUIZ,
            module=module,
            en=f"Quiz {n} question B",
            fr=f"Quiz {n} question B (fr)",
            multiple=True,
            options=[("Yes", "Oui", True), ("Also yes", "Oui aussi", True), ("No", "Non", False)],
        )
    for letter in ("A", "B"):
        question(
            package,
            m.Role.PRE_POST,
            en=f"Pre/post {letter}",
            fr=f"Avant/après {letter}",
            options=[("Correct", "Correct", True), ("Incorrect", "Incorrect", False)],
        )
    return package


def build_workshop_package(author, experience, *, slug="outbreak-workshop") -> m.Package:
    package = m.Package.objects.create(
        kind=m.Kind.WORKSHOP,
        slug=slug,
        audience=m.Audience.IN_SERVICE,
        title_en="Engaging communities in outbreak response",
        title_fr="Engager les communautés dans la riposte aux épidémies",
        goal_en="Facilitators can run community dialogues.",
        goal_fr="Les facilitateurs savent animer des dialogues communautaires.",
        prerequisites_en="Basic health promotion",
        prerequisites_fr="Bases de promotion de la santé",
        notional_hours=12,
        created_by=author,
    )
    translated(package, "title", "goal", "prerequisites")
    package.authors.add(author)
    variant = m.Variant.objects.create(package=package, name_en="2-day", name_fr="2 jours")
    day1 = m.Day.objects.create(
        variant=variant,
        position=1,
        title_en="Day 1: listening",
        title_fr="Jour 1 : écouter",
        starts_at=dt.time(9, 0),
    )
    day2 = m.Day.objects.create(
        variant=variant,
        position=2,
        title_en="Day 2: acting",
        title_fr="Jour 2 : agir",
        starts_at=dt.time(8, 30),
    )
    sessions = [
        (
            day1,
            "Why engage communities?",
            "Pourquoi engager les communautés ?",
            m.Method.DISCUSSION,
            60,
            [20, 30],
        ),
        (
            day1,
            "Role-play: the rumour",
            "Jeu de rôle : la rumeur",
            m.Method.ROLE_PLAY,
            45,
            [20, 20, 15],
        ),
        (
            day1,
            "Case study: committees",
            "Étude de cas : les comités",
            m.Method.CASE_STUDY,
            90,
            [30, 45],
        ),
        (
            day2,
            "Harvesting our own cases",
            "Recueillir nos propres expériences",
            m.Method.CASE_HARVESTING,
            120,
            [60, 40],
        ),
    ]
    for position, (day, en, fr, method, slot, steps) in enumerate(sessions):
        session = m.Session.objects.create(
            day=day,
            position=position,
            title_en=en,
            title_fr=fr,
            method=method,
            slot_minutes=slot,
            objectives_en=f"Objective of {en}",
            objectives_fr=f"Objectif : {fr}",
            key_messages_en="Listen first",
            key_messages_fr="Écouter d'abord",
            debrief_questions_en="What surprised you?",
            debrief_questions_fr="Qu'est-ce qui vous a surpris ?",
            materials_en="Flip chart",
            materials_fr="Tableau à feuilles",
        )
        if method == m.Method.CASE_STUDY:
            session.experiences.add(experience)
        for k, minutes in enumerate(steps):
            m.Step.objects.create(
                session=session,
                position=k,
                minutes=minutes,
                instructions_en=f"Step {k + 1} of {en}",
                instructions_fr=f"Étape {k + 1} : {fr}",
            )
    for when, en, fr in [
        (m.When.TWO_WEEKS, "Book the room", "Réserver la salle"),
        (m.When.DAY_OF, "Print the handouts", "Imprimer les documents"),
    ]:
        m.ChecklistItem.objects.create(package=package, when=when, text_en=en, text_fr=fr)
    m.EvaluationQuestion.objects.create(
        package=package,
        position=0,
        scale=m.Scale.RATING,
        text_en="How useful was the workshop?",
        text_fr="L'atelier vous a-t-il été utile ?",
    )
    m.EvaluationQuestion.objects.create(
        package=package,
        position=1,
        scale=m.Scale.TEXT,
        text_en="What will you do differently?",
        text_fr="Que ferez-vous autrement ?",
    )
    question(
        package,
        m.Role.PRE_POST,
        en="What comes first?",
        fr="Qu'est-ce qui vient d'abord ?",
        options=[("Listening", "Écouter", True), ("Telling", "Dire", False)],
    )
    return package


@pytest.fixture
def learning_package(author, experience):
    package = build_learning_package(author, experience)
    publish(package=package, actor=author, notes_en="First version.", notes_fr="Version 1.")
    package.refresh_from_db()
    return package


@pytest.fixture
def workshop_package(author, experience):
    package = build_workshop_package(author, experience)
    publish(package=package, actor=author, notes_en="First version.", notes_fr="Version 1.")
    package.refresh_from_db()
    return package
