"""A package frozen as data: what ``PackageVersion.data`` holds.

Every editorial text is a dict ``{"en": ..., "fr": ...}`` (read it with the ``tr`` template
filter or ``pick``); each object lists in ``"translation"`` the fields whose translation is
``missing`` or ``stale`` (current ones are left out). Experiences are kept as identifiers and
read live from the compendium when the version is shown.

Learning package::

    {"kind": "learning", "slug", "version", "original_language", "title", "summary",
     "competencies", "prerequisites", "audience", "level", "notional_hours", "licence",
     "visit_share", "pass_mark", "translation",
     "modules": [{"key", "title", "objectives", "translation",
                  "lessons": [{"key", "title", "minutes", "translation",
                               "items": [{"key", "kind", "title", "body", "experience",
                                          "file", "question", "translation"}]}],
                  "quiz": [question, ...]}],
     "pre_post": [question, ...]}

    question = {"key", "prompt", "multiple", "feedback", "translation",
                "options": [{"key", "text", "correct", "feedback", "translation"}]}
    file = {"name": storage name, "size": bytes} or None

Workshop package::

    {"kind": "workshop", ... the same metadata ..., "goal",
     "variants": [{"key", "name", "minutes", "translation",
                   "days": [{"key", "title", "starts_at": "09:00", "ends_at", "minutes",
                             "translation",
                             "sessions": [{"key", "title", "method", "slot_minutes",
                                           "step_minutes", "overrun", "starts_at", "ends_at",
                                           "objectives", "materials", "key_messages",
                                           "debrief_questions", "handouts", "experiences",
                                           "harvests_cases", "translation",
                                           "steps": [{"key", "instructions", "minutes",
                                                      "translation"}]}]}]}],
     "checklist": [{"key", "when", "text", "translation"}],
     "evaluation": [{"key", "scale", "text", "translation"}],
     "pre_post": [question, ...]}
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch

from baraza.compendium.models import reader_language
from baraza.learning.models import (
    Item,
    Kind,
    Method,
    Module,
    Package,
    Question,
    Role,
    Session,
    Translatable,
)


def pick(text: dict | None, language: str | None = None, original: str = "en") -> str:
    """The text in ``language`` (default: the reader's), else in the other language."""
    if not text:
        return ""
    language = language if language in ("en", "fr") else reader_language()
    other = "fr" if language == "en" else "en"
    return text.get(language) or text.get(original) or text.get(other) or ""


def _texts(row: Translatable, original: str, **extra) -> dict:
    data = {}
    translation = {}
    for field in row.TRANSLATABLE:
        data[field] = {"en": getattr(row, f"{field}_en"), "fr": getattr(row, f"{field}_fr")}
        status = row.translation_status(field, original)
        if status != "current":
            translation[field] = status
    key = getattr(row, "key", None)
    return {**({"key": key} if key else {}), **data, **extra, "translation": translation}


def _question(question: Question, original: str) -> dict:
    return _texts(
        question,
        original,
        multiple=question.multiple,
        options=[
            _texts(option, original, correct=option.correct) for option in question.options.all()
        ],
    )


def build(package: Package, *, version: int) -> dict:
    """The package as it stands in its tables, frozen for version ``version``."""
    original = package.original_language
    data = _texts(
        package,
        original,
        kind=package.kind,
        slug=package.slug,
        version=version,
        original_language=original,
        audience=package.audience,
        level=package.level,
        notional_hours=str(package.notional_hours),
        licence=package.licence,
        visit_share=package.visit_share,
        pass_mark=package.pass_mark,
    )
    pre_post = package.questions.filter(role=Role.PRE_POST).prefetch_related("options")
    data["pre_post"] = [_question(q, original) for q in pre_post]
    if package.kind == Kind.LEARNING:
        data["modules"] = _modules(package, original)
    else:
        data.update(_workshop(package, original))
    return data


def _modules(package: Package, original: str) -> list[dict]:
    modules = Module.objects.filter(package=package).prefetch_related(
        "lessons",
        Prefetch(
            "lessons__items",
            queryset=Item.objects.select_related("experience").prefetch_related(
                "questions__options"
            ),
        ),
        Prefetch(
            "questions",
            queryset=Question.objects.filter(role=Role.QUIZ).prefetch_related("options"),
            to_attr="quiz",
        ),
    )
    result = []
    for module in modules:
        lessons = []
        for lesson in module.lessons.all():
            items = []
            for item in lesson.items.all():
                question = next(iter(item.questions.all()), None)
                items.append(
                    _texts(
                        item,
                        original,
                        kind=item.kind,
                        experience=item.experience.identifier if item.experience else None,
                        file=_file(item),
                        question=_question(question, original) if question else None,
                    )
                )
            lessons.append(_texts(lesson, original, minutes=lesson.minutes, items=items))
        quiz = [_question(q, original) for q in module.quiz]
        result.append(_texts(module, original, lessons=lessons, quiz=quiz))
    return result


def _file(item: Item) -> dict | None:
    if not item.file:
        return None
    try:
        size = item.file.size
    except OSError:
        size = None
    return {"name": item.file.name, "size": size}


def _clock(start: dt.time, minutes: int) -> str:
    moment = dt.datetime.combine(dt.date(2000, 1, 1), start) + dt.timedelta(minutes=minutes)
    return moment.strftime("%H:%M")


def _workshop(package: Package, original: str) -> dict:
    sessions = Session.objects.prefetch_related("steps", "experiences")
    variants = package.variants.prefetch_related(Prefetch("days__sessions", queryset=sessions))
    result = []
    for variant in variants:
        days = []
        for day in variant.days.all():
            elapsed = 0
            items = []
            for session in day.sessions.all():
                steps = [
                    _texts(step, original, minutes=step.minutes) for step in session.steps.all()
                ]
                step_minutes = sum(step["minutes"] for step in steps)
                items.append(
                    _texts(
                        session,
                        original,
                        method=session.method,
                        slot_minutes=session.slot_minutes,
                        step_minutes=step_minutes,
                        overrun=step_minutes > session.slot_minutes,
                        starts_at=_clock(day.starts_at, elapsed),
                        ends_at=_clock(day.starts_at, elapsed + session.slot_minutes),
                        experiences=sorted(e.identifier for e in session.experiences.all()),
                        harvests_cases=session.method == Method.CASE_HARVESTING,
                        steps=steps,
                    )
                )
                elapsed += session.slot_minutes
            days.append(
                _texts(
                    day,
                    original,
                    starts_at=day.starts_at.strftime("%H:%M"),
                    ends_at=_clock(day.starts_at, elapsed),
                    minutes=elapsed,
                    sessions=items,
                )
            )
        result.append(_texts(variant, original, minutes=sum(d["minutes"] for d in days), days=days))
    checklist = [_texts(task, original, when=task.when) for task in package.checklist.all()]
    evaluation = [
        _texts(question, original, scale=question.scale)
        for question in package.evaluation_questions.all()
    ]
    return {"variants": result, "checklist": checklist, "evaluation": evaluation}


def lessons(data: dict) -> list[dict]:
    """Every lesson of a learning package's version, in order, with its module's key."""
    return [
        {**lesson, "module_key": module["key"]}
        for module in data.get("modules", [])
        for lesson in module["lessons"]
    ]


def questions_by_key(data: dict) -> dict[str, dict]:
    """Every question of a version (checks, quizzes, pre/post-test) by its key."""
    found: dict[str, dict] = {q["key"]: q for q in data.get("pre_post", [])}
    for module in data.get("modules", []):
        found.update((q["key"], q) for q in module["quiz"])
        for lesson in module["lessons"]:
            for item in lesson["items"]:
                if item.get("question"):
                    found[item["question"]["key"]] = item["question"]
    return found


def experience_identifiers(data: dict) -> list[str]:
    """Every compendium record a version links to, in order of first appearance."""
    seen: dict[str, None] = {}
    for module in data.get("modules", []):
        for lesson in module["lessons"]:
            for item in lesson["items"]:
                if item.get("experience"):
                    seen[item["experience"]] = None
    for variant in data.get("variants", []):
        for day in variant["days"]:
            for session in day["sessions"]:
                for identifier in session["experiences"]:
                    seen[identifier] = None
    return list(seen)
