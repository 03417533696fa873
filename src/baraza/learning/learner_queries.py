"""Reads for learners (catalogue, progress, dashboard, certificates) and for the results
authors see. Everything about content comes from a package's latest published version."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from django.db.models import Avg as Average
from django.db.models import (
    Count,
    Exists,
    F,
    FloatField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast
from django.urls import reverse

from baraza.compendium.models import Status
from baraza.core import markdown
from baraza.learning import queries, snapshot
from baraza.learning.models import (
    Attempt,
    AttemptKind,
    Certificate,
    Enrolment,
    LessonVisit,
    Package,
    PackageVersion,
    Response,
)

# An attempt's score in percent, as the database computes it.
PERCENT = Cast(F("score"), FloatField()) * 100.0 / Cast(F("max_score"), FloatField())


# --- Progress ---------------------------------------------------------------------------------


@dataclass
class Progress:
    """Where a learner stands in a version: lessons visited, best quiz scores, tests taken."""

    lesson_keys: list[str]
    visited: set[str]
    quiz_modules: list[str]
    # Module key → the best attempt's score in percent (not rounded).
    best: dict[str, float]
    pass_mark: int
    visit_share: int
    pre: Attempt | None = None
    post: Attempt | None = None
    enrolment: Enrolment | None = None

    @property
    def passed_modules(self) -> set[str]:
        return {key for key in self.quiz_modules if self.best.get(key, -1.0) >= self.pass_mark}

    @property
    def n_lessons(self) -> int:
        return len(self.lesson_keys)

    @property
    def n_visited(self) -> int:
        return len(self.visited.intersection(self.lesson_keys))

    @property
    def percent(self) -> int:
        """The share of the lessons visited, in percent, rounded down like every percentage
        shown to a learner: it reaches the visit share only when the share is met."""
        return 100 * self.n_visited // self.n_lessons if self.n_lessons else 100

    @property
    def all_visited(self) -> bool:
        return self.n_visited == self.n_lessons

    @property
    def share_met(self) -> bool:
        return 100 * self.n_visited >= self.visit_share * self.n_lessons

    @property
    def quizzes_passed(self) -> bool:
        return len(self.passed_modules) == len(self.quiz_modules)

    @property
    def complete(self) -> bool:
        return self.share_met and self.quizzes_passed

    @property
    def mean_quiz_percent(self) -> int | None:
        scores = [self.best.get(key, 0.0) for key in self.quiz_modules]
        return math.floor(sum(scores) / len(scores)) if scores else None

    def best_percent(self, module_key: str) -> int | None:
        """The best score in percent, rounded down: it shows the pass mark only if passed."""
        best = self.best.get(module_key)
        return None if best is None else math.floor(best)


def progress(enrolment: Enrolment | None, data: dict) -> Progress:
    """The learner's progress in version ``data`` (an empty one when not enrolled)."""
    found = Progress(
        lesson_keys=[lesson["key"] for lesson in snapshot.lessons(data)],
        visited=set(),
        quiz_modules=[module["key"] for module in data.get("modules", []) if module["quiz"]],
        best={},
        pass_mark=data.get("pass_mark", 100),
        visit_share=data.get("visit_share", 100),
        enrolment=enrolment,
    )
    if enrolment is None or enrolment.pk is None:
        return found
    found.visited = set(enrolment.visits.values_list("lesson_key", flat=True))
    attempts = enrolment.attempts.filter(
        kind__in=(AttemptKind.PRE, AttemptKind.POST, AttemptKind.QUIZ), max_score__gt=0
    )
    return _with_attempts(found, list(attempts))


def _with_attempts(found: Progress, attempts: list[Attempt]) -> Progress:
    best: dict[str, float] = {}
    for attempt in attempts:
        if attempt.kind == AttemptKind.QUIZ:
            percent = 100.0 * attempt.score / attempt.max_score
            best[attempt.scope_key] = max(best.get(attempt.scope_key, -1.0), percent)
        elif attempt.kind == AttemptKind.PRE and found.pre is None:
            found.pre = attempt
        elif attempt.kind == AttemptKind.POST and found.post is None:
            found.post = attempt
    found.best = best
    return found


def enrolment_of(user, package: Package) -> Enrolment | None:
    if not user.is_authenticated:
        return None
    enrolment = Enrolment.objects.filter(user=user, package=package).first()
    if enrolment is not None:
        enrolment.package = package
    return enrolment


def latest_attempt(enrolment: Enrolment | None, kind: str, scope_key: str = "") -> Attempt | None:
    """The learner's last attempt of a kind, with its responses."""
    if enrolment is None:
        return None
    return (
        enrolment.attempts.filter(kind=kind, scope_key=scope_key)
        .prefetch_related("responses")
        .order_by("-created_at", "-id")
        .first()
    )


# --- Lessons -----------------------------------------------------------------------------------


def experience_cards(lesson: dict) -> dict[str, dict]:
    """The experience cards of a lesson, by item key, reading the records live: a card shows
    the record's current title and summary, or says it was withdrawn (its address then shows
    the tombstone), or that it is not available at all."""
    items = [item for item in lesson["items"] if item.get("experience")]
    found = queries.experience_cards([item["experience"] for item in items])
    cards = {}
    for item in items:
        experience = found.get(item["experience"])
        if experience is None:
            cards[item["key"]] = {"available": False, "identifier": item["experience"]}
            continue
        cards[item["key"]] = {
            "available": True,
            "identifier": experience.identifier,
            "title": experience.title,
            "summary": markdown.excerpt(experience.summary, 300),
            "withdrawn": experience.status == Status.WITHDRAWN,
            "url": reverse("compendium:detail", args=[experience.identifier]),
        }
    return cards


# --- The catalogue and the dashboard ----------------------------------------------------------


def published_title(package: Package, version: PackageVersion | None) -> str:
    """The package's title as the public knows it: the one in its latest ``version``, in the
    reader's language (the tables hold the authors' draft). Only the authors see a package
    that was never published: for them, the draft title."""
    if version is None:
        return package.title
    data = version.data
    return snapshot.pick(data.get("title"), original=data.get("original_language") or "en")


def _latest_versions() -> Prefetch:
    return Prefetch(
        "versions",
        queryset=PackageVersion.objects.filter(number=F("package__version_number")),
        to_attr="latest",
    )


def catalogue(*, kind: str = "", audience: str = "") -> list[Package]:
    """Published packages, each with ``version`` (its latest version) set; ``audience``
    filters on the audience their latest version states."""
    packages = queries.published(kind or None).prefetch_related(_latest_versions())
    if audience:
        # The audience the latest version was published for, not the authors' draft.
        packages = packages.filter(
            Exists(
                PackageVersion.objects.filter(
                    package=OuterRef("pk"),
                    number=OuterRef("version_number"),
                    data__audience=audience,
                )
            )
        )
    found = []
    for package in packages.order_by("-published_at", "slug"):
        if package.latest:
            package.version = package.latest[0]
            found.append(package)
    return found


def dashboard(user) -> list[tuple[Enrolment, Progress, dict]]:
    """The learner's enrolments, latest first, each with its progress and version data."""
    enrolments = (
        Enrolment.objects.filter(user=user, package__version_number__gt=0)
        .select_related("package", "certificate")
        .prefetch_related(
            Prefetch("visits", queryset=LessonVisit.objects.only("enrolment", "lesson_key")),
            Prefetch(
                "attempts",
                queryset=Attempt.objects.filter(
                    kind__in=(AttemptKind.PRE, AttemptKind.POST, AttemptKind.QUIZ),
                    max_score__gt=0,
                ),
            ),
            Prefetch(
                "package__versions",
                queryset=PackageVersion.objects.filter(number=F("package__version_number")),
                to_attr="latest",
            ),
        )
        .order_by("-last_seen_at", "-created_at")
    )
    rows = []
    for enrolment in enrolments:
        if not enrolment.package.latest:
            continue
        data = enrolment.package.latest[0].data
        found = progress(None, data)
        found.enrolment = enrolment
        found.visited = {visit.lesson_key for visit in enrolment.visits.all()}
        rows.append((enrolment, _with_attempts(found, list(enrolment.attempts.all())), data))
    return rows


def certificate_of(enrolment: Enrolment | None) -> Certificate | None:
    if enrolment is None or enrolment.completed_at is None:
        return None
    return Certificate.objects.filter(enrolment=enrolment).first()


# --- Certificates -----------------------------------------------------------------------------

_NOT_CODE = re.compile(r"[\s-]+")


def normalise_code(typed: str) -> str:
    """A code as typed ("abcd-efgh-…", with or without dashes or spaces) as it is stored."""
    return _NOT_CODE.sub("", typed or "").upper()


def certificate_by_code(typed: str) -> Certificate | None:
    code = normalise_code(typed)
    if len(code) != 16 or not code.isalnum():
        return None
    return (
        Certificate.objects.filter(code=code)
        .select_related("enrolment__package", "enrolment__user")
        .first()
    )


# --- Results for authors ----------------------------------------------------------------------


@dataclass
class ModuleResult:
    key: str
    title: dict
    n_questions: int
    attempted: int
    passed: int
    average: int | None


@dataclass
class QuestionResult:
    key: str
    prompt: dict
    # The share of right answers, 0 to 100, before and after (None: nobody answered).
    pre_share: float | None
    post_share: float | None

    @property
    def pre(self) -> int | None:
        return None if self.pre_share is None else round(self.pre_share)

    @property
    def post(self) -> int | None:
        return None if self.post_share is None else round(self.post_share)

    @property
    def gain(self) -> int | None:
        """The change from before to after, in percentage points."""
        if self.pre_share is None or self.post_share is None:
            return None
        return round(self.post_share - self.pre_share)


@dataclass
class Results:
    enrolled: int
    completed: int
    paired: int
    modules: list[ModuleResult]
    questions: list[QuestionResult]


def _best_quiz(module_key: str) -> Subquery:
    """The enrolment's best score in percent at the quiz of ``module_key``."""
    return Subquery(
        Attempt.objects.filter(
            enrolment=OuterRef("pk"), kind=AttemptKind.QUIZ, scope_key=module_key, max_score__gt=0
        )
        .values("enrolment")
        .annotate(best=Max(PERCENT))
        .values("best")[:1],
        output_field=FloatField(),
    )


def _took(kind: str) -> Exists:
    return Exists(Attempt.objects.filter(enrolment=OuterRef("pk"), kind=kind))


def results(package: Package, data: dict) -> Results:
    """Enrolments, completions, quiz scores per module and the pre/post gain per question,
    counted by the database (three queries, however many learners)."""
    enrolments: QuerySet[Enrolment] = Enrolment.objects.filter(package=package)
    modules = [module for module in data.get("modules", []) if module["quiz"]]
    pass_mark = data.get("pass_mark", 100)
    names = {module["key"]: f"m{i}" for i, module in enumerate(modules)}
    annotated = enrolments.annotate(
        **{name: _best_quiz(key) for key, name in names.items()},
        took_pre=_took(AttemptKind.PRE),
        took_post=_took(AttemptKind.POST),
    )
    aggregates = {
        "enrolled": Count("pk"),
        "completed": Count("pk", filter=Q(completed_at__isnull=False)),
        "paired": Count("pk", filter=Q(took_pre=True, took_post=True)),
    }
    for name in names.values():
        aggregates[f"{name}_average"] = Average(name)
        aggregates[f"{name}_attempted"] = Count(name)
        aggregates[f"{name}_passed"] = Count("pk", filter=Q(**{f"{name}__gte": pass_mark}))
    counts = annotated.aggregate(**aggregates)
    module_results = []
    for module in modules:
        name = names[module["key"]]
        average = counts[f"{name}_average"]
        module_results.append(
            ModuleResult(
                key=module["key"],
                title=module["title"],
                n_questions=len(module["quiz"]),
                attempted=counts[f"{name}_attempted"],
                passed=counts[f"{name}_passed"],
                average=None if average is None else round(average),
            )
        )
    return Results(
        enrolled=counts["enrolled"],
        completed=counts["completed"],
        paired=counts["paired"],
        modules=module_results,
        questions=_pre_post(package, data),
    )


def _pre_post(package: Package, data: dict) -> list[QuestionResult]:
    """Per pre/post question, the share right before and after, among the learners who took
    both tests (so that the gain compares the same people)."""
    questions = data.get("pre_post", [])
    if not questions:
        return []
    attempt = Attempt.objects.filter(enrolment=OuterRef("attempt__enrolment"))
    rows = (
        Response.objects.filter(
            attempt__enrolment__package=package,
            attempt__kind__in=(AttemptKind.PRE, AttemptKind.POST),
            question_key__in=[question["key"] for question in questions],
        )
        .filter(
            Exists(attempt.filter(kind=AttemptKind.PRE)),
            Exists(attempt.filter(kind=AttemptKind.POST)),
        )
        .values("question_key", "attempt__kind")
        .annotate(n=Count("pk"), right=Count("pk", filter=Q(correct=True)))
        .order_by()
    )
    shares = {
        (row["question_key"], row["attempt__kind"]): 100 * row["right"] / row["n"]
        for row in rows
        if row["n"]
    }
    return [
        QuestionResult(
            key=question["key"],
            prompt=question["prompt"],
            pre_share=shares.get((question["key"], AttemptKind.PRE)),
            post_share=shares.get((question["key"], AttemptKind.POST)),
        )
        for question in questions
    ]


# --- What the pages show about a version --------------------------------------------------------


def translation_summary(data: dict) -> dict:
    """The version's languages: its original, and the state of the translation into the other
    (``complete``, ``partial`` when some texts are missing or out of date, ``missing`` when
    none is translated)."""
    original = data.get("original_language") or "en"
    other = "fr" if original == "en" else "en"
    texts = missing = stale = 0
    for node in _nodes(data):
        for name, value in node.items():
            if isinstance(value, dict) and set(value) == {"en", "fr"} and value.get(original):
                texts += 1
                state = node.get("translation", {}).get(name)
                missing += state == "missing"
                stale += state == "stale"
    if texts and missing == texts:
        status = "missing"
    elif missing or stale:
        status = "partial"
    else:
        status = "complete"
    return {"original": original, "other": other, "status": status}


def _nodes(data: dict):
    yield data
    for question in data.get("pre_post", []):
        yield from _question_nodes(question)
    for module in data.get("modules", []):
        yield module
        for question in module["quiz"]:
            yield from _question_nodes(question)
        for lesson in module["lessons"]:
            yield lesson
            for item in lesson["items"]:
                yield item
                if item.get("question"):
                    yield from _question_nodes(item["question"])


def _question_nodes(question: dict):
    yield question
    yield from question["options"]
