"""Reads for the authoring pages: the packages an author edits, their rows as the editor lists
them (with timings and checks), and the translations still to do.

(``learning/queries.py`` holds the reads every area shares; these serve only the editor.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, QuerySet

from baraza.learning import models as m
from baraza.learning.services.authoring import PARTS, Part, name_of, part_of


def editable_packages(user) -> QuerySet[m.Package]:
    """The packages ``user`` may edit: staff, all of them; an author, their own."""
    packages = m.Package.objects.all() if user.is_staff else m.Package.objects.filter(authors=user)
    return packages.order_by("kind", "slug")


def has_draft_changes(package: m.Package) -> bool:
    """Whether the tables changed since the latest version (or were never published)."""
    return not package.published_at or package.updated_at > package.published_at


# --- Translations -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Todo:
    """A translation to write (``missing``) or to check again (``stale``)."""

    package_id: int
    row: object
    part: Part | None  # None: the package's own texts
    field: str
    status: str


# Each model once, with the lookup to its package and the parents worth naming.
_TRANSLATABLE_ROWS = [
    (m.Module, "package", ()),
    (m.Lesson, "module__package", ("module",)),
    (m.Item, "lesson__module__package", ("lesson",)),
    (m.Question, "package", ("module", "item")),
    (m.Option, "question__package", ("question",)),
    (m.Variant, "package", ()),
    (m.Day, "variant__package", ("variant",)),
    (m.Session, "day__variant__package", ("day",)),
    (m.Step, "session__day__variant__package", ("session",)),
    (m.ChecklistItem, "package", ()),
    (m.EvaluationQuestion, "package", ()),
]


def _todos(row, package: m.Package, part: Part | None) -> list[Todo]:
    found = []
    for name in row.TRANSLATABLE:
        status = row.translation_status(name, package.original_language)
        if status != "current":
            found.append(Todo(package.pk, row, part, name, status))
    return found


def translation_todo(packages) -> dict[int, list[Todo]]:
    """Every missing or stale translation of ``packages``, by package id, in a fixed number of
    queries (one per kind of row)."""
    packages = {p.pk: p for p in packages}
    found: dict[int, list[Todo]] = {pk: [] for pk in packages}
    for package in packages.values():
        found[package.pk] += _todos(package, package, None)
    if not packages:
        return found
    for model, path, parents in _TRANSLATABLE_ROWS:
        rows = (
            model.objects.filter(**{f"{path}__in": list(packages)})
            .annotate(package_ref=F(path))
            .select_related(*parents)
            .order_by(path, "position", "id")
        )
        for row in rows:
            package = packages[row.package_ref]
            found[package.pk] += _todos(row, package, part_of(row))
    return found


def translation_counts(todos: list[Todo]) -> dict[str, int]:
    return {
        "missing": sum(1 for t in todos if t.status == "missing"),
        "stale": sum(1 for t in todos if t.status == "stale"),
    }


# --- Rows as the editor lists them ------------------------------------------------------------


def _clock(start: dt.time, minutes: int) -> str:
    moment = dt.datetime.combine(dt.date(2000, 1, 1), start) + dt.timedelta(minutes=minutes)
    return moment.strftime("%H:%M")


def agenda(day: m.Day, sessions) -> dict:
    """Clock times of a day's sessions, their steps' sum, overruns, and the day's length."""
    elapsed = 0
    timings = {}
    for session in sessions:
        step_minutes = sum(step.minutes for step in session.steps.all())
        timings[session.pk] = {
            "starts_at": _clock(day.starts_at, elapsed),
            "ends_at": _clock(day.starts_at, elapsed + session.slot_minutes),
            "step_minutes": step_minutes,
            "overrun": step_minutes > session.slot_minutes,
        }
        elapsed += session.slot_minutes
    return {"sessions": timings, "minutes": elapsed, "ends_at": _clock(day.starts_at, elapsed)}


def question_check(question: m.Question) -> dict:
    """What is wrong with a question's options, for the editor to flag."""
    options = list(question.options.all())
    correct = sum(1 for option in options if option.correct)
    return {
        "options": len(options),
        "correct": correct,
        "no_options": not options,
        "no_correct": bool(options) and not correct,
        "too_many": correct > 1 and not question.multiple,
    }


def _rows(part: Part, parent) -> QuerySet:
    rows = part.siblings(parent)
    if part.kind == "module":
        rows = rows.annotate(n_lessons=Count("lessons", distinct=True))
    elif part.kind == "lesson":
        rows = rows.annotate(n_items=Count("items"))
    elif part.kind == "item":
        rows = rows.select_related("experience").prefetch_related("questions")
    elif part.kind in ("check", "quiz", "prepost"):
        rows = rows.prefetch_related("options")
    elif part.kind == "variant":
        sessions = m.Session.objects.only("pk", "day_id", "slot_minutes", "position")
        rows = rows.prefetch_related(Prefetch("days__sessions", queryset=sessions))
    elif part.kind == "day":
        rows = rows.prefetch_related("sessions")
    elif part.kind == "session":
        rows = rows.prefetch_related("steps", "experiences")
    return rows


def listing(part: Part, parent, package: m.Package) -> list[dict]:
    """The rows of ``part`` under ``parent`` with what the editor shows about each."""
    original = package.original_language
    rows = list(_rows(part, parent))
    timings = agenda(parent, rows)["sessions"] if part.kind == "session" else {}
    result = []
    for row in rows:
        entry = {
            "row": row,
            "name": name_of(row, original),
            "todo": sorted(
                {row.translation_status(f, original) for f in row.TRANSLATABLE} - {"current"}
            ),
        }
        if part.kind in ("check", "quiz", "prepost"):
            entry["check"] = question_check(row)
        elif part.kind == "variant":
            entry["days"] = len(row.days.all())
            entry["minutes"] = sum(s.slot_minutes for d in row.days.all() for s in d.sessions.all())
        elif part.kind == "day":
            entry["minutes"] = sum(s.slot_minutes for s in row.sessions.all())
            entry["ends_at"] = _clock(row.starts_at, entry["minutes"])
        elif part.kind == "session":
            entry["timing"] = timings[row.pk]
        elif part.kind == "item":
            entry["question"] = next(iter(row.questions.all()), None)
        result.append(entry)
    return result


def sections(package: m.Package, parent, kinds) -> list[dict]:
    """The lists a page shows: for each child kind, its part and its rows."""
    return [
        {"part": PARTS[kind], "rows": listing(PARTS[kind], parent, package)}
        for kind in kinds
        if PARTS[kind].fits(package)
        and not (kind == "check" and getattr(parent, "kind", "") != m.ItemKind.CHECK)
    ]


def trail(row) -> list:
    """The rows above ``row``, from the top (the package excluded)."""
    found = []
    current = row
    while True:
        parent = getattr(current, part_of(current).parent_field)
        if isinstance(parent, m.Package):
            return list(reversed(found))
        found.append(parent)
        current = parent


def session_steps(session: m.Session) -> dict:
    steps = sum(step.minutes for step in session.steps.all())
    return {"step_minutes": steps, "overrun": steps > session.slot_minutes}
