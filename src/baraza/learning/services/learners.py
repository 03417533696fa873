"""What learners do: enrol, visit lessons, answer tests, quizzes and knowledge checks; and the
completion that follows, with its certificate.

Learners' rows point at the frozen version's content by key (lessons, questions, options), so
every function reads the package's latest published version, never its tables. Answers are
validated in full against that version before anything is written: tampered answers raise
``BadAnswers`` and leave the database as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baraza.core import audit
from baraza.core.policies import Refused, require, rule
from baraza.learning import queries, snapshot
from baraza.learning.learner_queries import Progress, progress
from baraza.learning.models import (
    Attempt,
    AttemptKind,
    Certificate,
    Enrolment,
    LessonVisit,
    Package,
    Response,
)

MISSING = _("Answer every question before you send your answers.")
TAMPERED = _(
    "These answers do not match the questions on this page. Go back, reload the page and "
    "answer again."
)
PRE_TAKEN = _("You have already taken the pre-test.")
PRE_TOO_LATE = _("The pre-test is closed: you have already taken the post-test.")
POST_TAKEN = _("You have already taken the post-test.")
POST_TOO_EARLY = _("The post-test opens once you have visited every lesson.")
NOT_ENROLLED = _("Enrol in this learning package to keep your answers and your progress.")


class BadAnswers(Exception):
    """Answers that no page of this package could have sent; ``message`` says what to do."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@rule(Enrolment, "learn")
def can_learn(user, enrolment: Enrolment) -> bool:
    """Only the learner records their own progress, while they may still enrol."""
    return (
        user.is_authenticated
        and user.is_active
        and user.pk == enrolment.user_id
        and enrolment.package.is_published
    )


@dataclass(frozen=True)
class Graded:
    """One question answered: what was chosen and whether the chosen set is the right one."""

    question: dict
    chosen: list[str]
    correct: bool


# --- Enrolling and visiting ------------------------------------------------------------------


@transaction.atomic
def enrol(*, user, package: Package) -> Enrolment:
    """Enrol ``user`` (once: enrolling again returns the same enrolment)."""
    require(user, "enrol", package)
    enrolment, created = Enrolment.objects.get_or_create(user=user, package=package)
    if created:
        audit.record(actor=user, action="learning.enrol", target=enrolment, scope=package)
    return enrolment


@transaction.atomic
def visit_lesson(*, user, enrolment: Enrolment, lesson_key: str) -> Enrolment:
    """Record that the learner opened a lesson (once per lesson), remember it for "resume",
    and complete the enrolment if this was what was missing."""
    enrolment = _locked(enrolment)
    require(user, "learn", enrolment)
    data = _data(enrolment.package)
    if lesson_key not in {lesson["key"] for lesson in snapshot.lessons(data)}:
        raise BadAnswers(TAMPERED)
    _, created = LessonVisit.objects.get_or_create(enrolment=enrolment, lesson_key=lesson_key)
    enrolment.last_lesson_key = lesson_key
    enrolment.last_seen_at = timezone.now()
    enrolment.save(update_fields=["last_lesson_key", "last_seen_at"])
    if created:
        audit.record(actor=user, action="learning.visit", target=enrolment, lesson=lesson_key)
        _complete_if_done(enrolment, data)
    return enrolment


# --- Answers ----------------------------------------------------------------------------------


def questions_for(data: dict, kind: str, scope_key: str = "") -> list[dict] | None:
    """The questions a page of this version asks, or None if it has no such page."""
    if kind in (AttemptKind.PRE, AttemptKind.POST):
        return data.get("pre_post") or None
    if kind == AttemptKind.QUIZ:
        for module in data.get("modules", []):
            if module["key"] == scope_key:
                return module["quiz"] or None
        return None
    if kind == AttemptKind.CHECK:
        for lesson in snapshot.lessons(data):
            for item in lesson["items"]:
                if item["key"] == scope_key and item.get("question"):
                    return [item["question"]]
    return None


def grade(questions: list[dict], answers: dict[str, list[str]]) -> list[Graded]:
    """Check ``answers`` (question key → chosen option keys) against ``questions`` and grade
    them. Raise ``BadAnswers`` for anything a page of this version could not have sent."""
    wanted = {question["key"] for question in questions}
    if set(answers) - wanted:
        raise BadAnswers(TAMPERED)
    graded = []
    for question in questions:
        chosen = answers.get(question["key"]) or []
        if not chosen:
            raise BadAnswers(MISSING)
        options = {option["key"]: option for option in question["options"]}
        if len(set(chosen)) != len(chosen) or not set(chosen) <= set(options):
            raise BadAnswers(TAMPERED)
        if not question["multiple"] and len(chosen) != 1:
            raise BadAnswers(TAMPERED)
        right = {key for key, option in options.items() if option["correct"]}
        graded.append(Graded(question=question, chosen=list(chosen), correct=set(chosen) == right))
    return graded


@transaction.atomic
def answer(
    *, user, enrolment: Enrolment, kind: str, answers: dict[str, list[str]], scope_key: str = ""
) -> Attempt:
    """Grade and keep one attempt at the pre-test, the post-test, a module quiz or a knowledge
    check. Quizzes and checks may be retaken (the best quiz attempt counts); each test is taken
    once, and the post-test only after every lesson was visited."""
    enrolment = _locked(enrolment)
    require(user, "learn", enrolment)
    data = _data(enrolment.package)
    questions = questions_for(data, kind, scope_key)
    if questions is None:
        raise BadAnswers(TAMPERED)
    graded = grade(questions, answers)
    if kind in (AttemptKind.PRE, AttemptKind.POST):
        _require_test_open(enrolment, data, kind)
        scope_key = ""
    score = sum(g.correct for g in graded)
    attempt = Attempt.objects.create(
        enrolment=enrolment,
        kind=kind,
        scope_key=scope_key,
        version_number=data["version"],
        score=score,
        max_score=len(graded),
        passed=kind == AttemptKind.QUIZ and 100 * score >= data["pass_mark"] * len(graded),
    )
    Response.objects.bulk_create(
        Response(
            attempt=attempt,
            question_key=g.question["key"],
            option_keys=g.chosen,
            correct=g.correct,
        )
        for g in graded
    )
    enrolment.last_seen_at = timezone.now()
    enrolment.save(update_fields=["last_seen_at"])
    audit.record(
        actor=user,
        action=f"learning.{kind}",
        target=enrolment,
        scope_key=scope_key,
        score=score,
        max_score=len(graded),
    )
    if kind == AttemptKind.QUIZ:
        _complete_if_done(enrolment, data)
    return attempt


def _require_test_open(enrolment: Enrolment, data: dict, kind: str) -> None:
    taken = enrolment.attempts.filter(kind=kind).exists()
    if kind == AttemptKind.PRE:
        if taken:
            raise Refused(PRE_TAKEN)
        if enrolment.attempts.filter(kind=AttemptKind.POST).exists():
            raise Refused(PRE_TOO_LATE)
    if kind == AttemptKind.POST:
        if taken:
            raise Refused(POST_TAKEN)
        if not progress(enrolment, data).all_visited:
            raise Refused(POST_TOO_EARLY)


# --- Completion -------------------------------------------------------------------------------


def _complete_if_done(enrolment: Enrolment, data: dict) -> Certificate | None:
    """Complete the enrolment and issue its certificate, once, when the rule is met."""
    if enrolment.completed_at is not None:
        return None
    found = progress(enrolment, data)
    if not found.complete:
        return None
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["completed_at"])
    certificate = _issue(enrolment, data, found)
    audit.record(
        actor=enrolment.user,
        action="learning.complete",
        target=enrolment,
        scope=enrolment.package,
        certificate=certificate.code,
    )
    return certificate


def _issue(enrolment: Enrolment, data: dict, found: Progress) -> Certificate:
    original = data.get("original_language") or "en"
    try:
        hours = Decimal(str(data.get("notional_hours") or "0"))
    except InvalidOperation:
        hours = Decimal(0)
    user = enrolment.user
    certificate, _created = Certificate.objects.get_or_create(
        enrolment=enrolment,
        defaults={
            "holder_name": user.display_name or user.public_name,
            "title_en": snapshot.pick(data["title"], "en", original),
            "title_fr": snapshot.pick(data["title"], "fr", original),
            "version_number": data["version"],
            "notional_hours": hours,
            "score": found.mean_quiz_percent,
        },
    )
    return certificate


# --- Helpers ----------------------------------------------------------------------------------


def _locked(enrolment: Enrolment) -> Enrolment:
    """The enrolment, locked for this transaction, with its package and learner."""
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("package", "user")
        .get(pk=enrolment.pk)
    )


def _data(package: Package) -> dict:
    version = queries.latest_version(package)
    if version is None:
        raise Refused(NOT_ENROLLED)
    return version.data
