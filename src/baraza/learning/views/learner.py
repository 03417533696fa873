"""The learner's pages: the catalogue, a learning package and its lessons, tests and quizzes,
the learner's dashboard and the authors' results. The certificate pages (the public check, the
PDF, the form to type a code) are in ``learning/certificates.py``; their addresses are here.

Every page reads the package's latest published version (``PackageVersion.data``). Answers go
to ``services.learners``, which checks them in full against that version before it writes:
tampered answers get a 400 page and change nothing.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, re_path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baraza.core import markdown
from baraza.core.policies import can, require
from baraza.learning import certificates, learner_queries, queries, snapshot
from baraza.learning.learner_queries import progress
from baraza.learning.models import Attempt, AttemptKind, Audience, Kind, Level, Licence
from baraza.learning.policies import Catalogue
from baraza.learning.services import learners as services

LANGUAGE_NAMES = {"en": gettext_lazy("English"), "fr": gettext_lazy("French")}
TRANSLATION_STATES = {
    "complete": gettext_lazy("translated"),
    "partial": gettext_lazy("partly translated or out of date"),
    "missing": gettext_lazy("not translated yet"),
}
RESERVED = "author|me|certificates|verify|workshops"
SLUG = rf"^learning/(?P<slug>(?!(?:{RESERVED})/)[-a-zA-Z0-9_]+)/"
KEY = r"[-\w]{1,12}"


def _label(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


# --- Reading a package ------------------------------------------------------------------------


def _learning_package(request, slug: str):
    """(package, its latest version) for a learning package the user may read, else 404."""
    package = queries.package_by_slug(slug)
    if package is None or package.kind != Kind.LEARNING:
        raise Http404
    if not can(request.user, "read", package):
        raise Http404
    version = queries.latest_version(package)
    if version is None:
        raise Http404
    return package, version


def _facts(package, version) -> dict:
    """What the catalogue and the package page say about a version, in the reader's language."""
    data = version.data
    original = data.get("original_language") or "en"
    summary = learner_queries.translation_summary(data)
    languages = [
        {"name": LANGUAGE_NAMES[summary["original"]], "note": gettext_lazy("original")},
        {"name": LANGUAGE_NAMES[summary["other"]], "note": TRANSLATION_STATES[summary["status"]]},
    ]
    if package.kind == Kind.LEARNING:
        url = reverse("learning:package", args=[package.slug])
    else:
        try:
            url = reverse("learning:workshop", args=[package.slug])
        except NoReverseMatch:
            url = ""
    return {
        "package": package,
        "version": version,
        "original": original,
        "title": snapshot.pick(data.get("title"), original=original),
        "summary": snapshot.pick(data.get("summary"), original=original),
        "kind": _label(Kind, package.kind),
        "audience": _label(Audience, data.get("audience", "")),
        "level": _label(Level, data.get("level", "")),
        "licence": _label(Licence, data.get("licence", "")),
        "hours": _decimal(data.get("notional_hours")),
        "languages": languages,
        "url": url,
    }


# --- The catalogue ----------------------------------------------------------------------------


class CatalogueFilter(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("All kinds")), *Kind.choices],
    )
    audience = forms.ChoiceField(
        label=gettext_lazy("Audience"),
        required=False,
        choices=[("", gettext_lazy("All audiences")), *Audience.choices],
    )


@require_GET
def catalogue(request):
    form = CatalogueFilter(request.GET)
    wanted = form.cleaned_data if form.is_valid() else {}
    packages = learner_queries.catalogue(
        kind=wanted.get("kind", ""), audience=wanted.get("audience", "")
    )
    return render(
        request,
        "learning/learner/catalogue.html",
        {
            "form": form,
            "cards": [_facts(package, package.version) for package in packages],
            "may_author": can(request.user, "author", Catalogue()),
        },
    )


# --- A package --------------------------------------------------------------------------------


@require_GET
def package(request, slug: str):
    package, version = _learning_package(request, slug)
    data = version.data
    original = data["original_language"]
    enrolment = learner_queries.enrolment_of(request.user, package)
    found = progress(enrolment, data)
    modules = [
        {
            "module": module,
            "lessons": [
                {"lesson": lesson, "visited": lesson["key"] in found.visited}
                for lesson in module["lessons"]
            ],
            "best": found.best_percent(module["key"]),
            "passed": module["key"] in found.passed_modules,
        }
        for module in data.get("modules", [])
    ]
    return render(
        request,
        "learning/learner/package.html",
        {
            **_facts(package, version),
            "data": data,
            "modules": modules,
            "enrolment": enrolment,
            "progress": found,
            "certificate": learner_queries.certificate_of(enrolment),
            "can_enrol": can(request.user, "enrol", package),
            "can_see_results": can(request.user, "results", package),
            "competencies": snapshot.pick(data.get("competencies"), original=original),
            "prerequisites": snapshot.pick(data.get("prerequisites"), original=original),
        },
    )


@login_required
@require_POST
def enrol(request, slug: str):
    package, _version = _learning_package(request, slug)
    services.enrol(user=request.user, package=package)
    messages.success(request, _("You are enrolled. Your progress is kept from now on."))
    return redirect("learning:package", slug=package.slug)


@require_GET
def resume(request, slug: str):
    package, version = _learning_package(request, slug)
    lessons = snapshot.lessons(version.data)
    if not lessons:
        return redirect("learning:package", slug=package.slug)
    enrolment = learner_queries.enrolment_of(request.user, package)
    keys = [lesson["key"] for lesson in lessons]
    key = enrolment.last_lesson_key if enrolment else ""
    return redirect("learning:lesson", slug=package.slug, key=key if key in keys else keys[0])


# --- Lessons ----------------------------------------------------------------------------------


def _find_lesson(data: dict, key: str) -> tuple[list[dict], int]:
    lessons = snapshot.lessons(data)
    for index, lesson in enumerate(lessons):
        if lesson["key"] == key:
            return lessons, index
    raise Http404


def _check_feedback(question: dict, graded: services.Graded, original: str) -> dict:
    chosen = set(graded.chosen)
    return {
        "correct": graded.correct,
        "explanation": snapshot.pick(question.get("feedback"), original=original),
        "options": [
            {
                "text": snapshot.pick(option["text"], original=original),
                "chosen": option["key"] in chosen,
                "correct": option["correct"],
                "feedback": snapshot.pick(option.get("feedback"), original=original),
            }
            for option in question["options"]
        ],
    }


def _lesson_page(
    request, package, version, key: str, enrolment, *, feedback=None, just_completed=False
):
    data = version.data
    original = data["original_language"]
    lessons, index = _find_lesson(data, key)
    lesson = lessons[index]
    module = next(m for m in data["modules"] if m["key"] == lesson["module_key"])
    cards = learner_queries.experience_cards(lesson)
    items = []
    for item in lesson["items"]:
        body = snapshot.pick(item.get("body"), original=original)
        entry = {"item": item, "body": markdown.render(body) if body else ""}
        if item["kind"] == "experience" and item.get("experience"):
            entry["card"] = cards[item["key"]]
        if feedback and feedback[0] == item["key"]:
            entry["feedback"] = feedback[1]
        items.append(entry)
    last_in_module = index + 1 == len(lessons) or lessons[index + 1]["module_key"] != module["key"]
    return render(
        request,
        "learning/learner/lesson.html",
        {
            **_facts(package, version),
            "lesson": lesson,
            "module": module,
            "items": items,
            "number": index + 1,
            "total": len(lessons),
            "previous": lessons[index - 1] if index else None,
            "next": lessons[index + 1] if index + 1 < len(lessons) else None,
            "quiz": module if last_in_module and module["quiz"] else None,
            "enrolment": enrolment,
            "can_enrol": can(request.user, "enrol", package),
            "untranslated": any(node["translation"] for node in (lesson, *lesson["items"])),
            "just_completed": just_completed,
            "certificate": learner_queries.certificate_of(enrolment) if just_completed else None,
        },
    )


@require_GET
def lesson(request, slug: str, key: str):
    package, version = _learning_package(request, slug)
    _find_lesson(version.data, key)
    enrolment = learner_queries.enrolment_of(request.user, package)
    just_completed = False
    if enrolment is not None and can(request.user, "learn", enrolment):
        was_complete = enrolment.completed_at is not None
        enrolment = services.visit_lesson(user=request.user, enrolment=enrolment, lesson_key=key)
        just_completed = not was_complete and enrolment.completed_at is not None
    return _lesson_page(request, package, version, key, enrolment, just_completed=just_completed)


@require_POST
def check(request, slug: str, key: str, item: str):
    """A knowledge check: ungraded; the lesson comes back with feedback on each option."""
    package, version = _learning_package(request, slug)
    # The lesson must hold the check before anything is graded or written.
    lessons, index = _find_lesson(version.data, key)
    if not any(i["key"] == item and i.get("question") for i in lessons[index]["items"]):
        raise Http404
    questions = services.questions_for(version.data, AttemptKind.CHECK, item)
    if questions is None:
        raise Http404
    answers = _answers(request.POST)
    enrolment = learner_queries.enrolment_of(request.user, package)
    try:
        graded = services.grade(questions, answers)
        if enrolment is not None and can(request.user, "learn", enrolment):
            services.answer(
                user=request.user,
                enrolment=enrolment,
                kind=AttemptKind.CHECK,
                scope_key=item,
                answers=answers,
            )
    except services.BadAnswers as bad:
        return _bad_answers(request, bad, reverse("learning:lesson", args=[package.slug, key]))
    feedback = _check_feedback(questions[0], graded[0], version.data["original_language"])
    return _lesson_page(request, package, version, key, enrolment, feedback=(item, feedback))


@require_GET
def lesson_file(request, slug: str, key: str, item: str):
    """A lesson's download, for whoever may read the package."""
    _package, version = _learning_package(request, slug)
    lessons, index = _find_lesson(version.data, key)
    found = next((i for i in lessons[index]["items"] if i["key"] == item and i.get("file")), None)
    if found is None:
        raise Http404
    name = found["file"]["name"]
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=name.rsplit("/", 1)[-1])
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Answers: tests and quizzes ----------------------------------------------------------------


def _answers(post) -> dict[str, list[str]]:
    """The answers a form sent: each ``q-<question key>`` with the chosen option keys. Whether
    they fit the version's questions is ``services.learners.grade``'s to judge."""
    return {name[2:]: post.getlist(name) for name in post if name.startswith("q-")}


def _bad_answers(request, bad: services.BadAnswers, back: str):
    return render(
        request,
        "learning/learner/bad_answers.html",
        {"message": bad.message, "back": back},
        status=400,
    )


def _learner(request, package):
    """The user's enrolment, or None after telling them to enrol first."""
    enrolment = learner_queries.enrolment_of(request.user, package)
    if enrolment is None:
        messages.info(request, services.NOT_ENROLLED)
    return enrolment


def _rows(questions: list[dict], attempt: Attempt | None) -> list[dict]:
    """The questions, each with whether the attempt got it right (None: not answered)."""
    right = {r.question_key: r.correct for r in attempt.responses.all()} if attempt else {}
    return [{"question": q, "result": right.get(q["key"])} for q in questions]


@login_required
@require_http_methods(["GET", "POST"])
def test(request, slug: str, phase: str):
    package, version = _learning_package(request, slug)
    data = version.data
    if not data.get("pre_post"):
        raise Http404
    enrolment = _learner(request, package)
    if enrolment is None:
        return redirect("learning:package", slug=package.slug)
    if request.method == "POST":
        try:
            attempt = services.answer(
                user=request.user, enrolment=enrolment, kind=phase, answers=_answers(request.POST)
            )
        except services.BadAnswers as bad:
            return _bad_answers(request, bad, request.path)
        messages.success(
            request,
            _("Thank you. Right answers: %(score)s of %(total)s.")
            % {"score": attempt.score, "total": attempt.max_score},
        )
        return redirect("learning:test", slug=package.slug, phase=phase)
    found = progress(enrolment, data)
    taken = learner_queries.latest_attempt(enrolment, phase)
    return render(
        request,
        "learning/learner/test.html",
        {
            **_facts(package, version),
            "phase": phase,
            "rows": _rows(data["pre_post"], taken),
            "progress": found,
            "taken": taken,
            "open": taken is None
            and (found.post is None if phase == AttemptKind.PRE else found.all_visited),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def quiz(request, slug: str, key: str):
    package, version = _learning_package(request, slug)
    data = version.data
    module = next((m for m in data["modules"] if m["key"] == key and m["quiz"]), None)
    if module is None:
        raise Http404
    enrolment = _learner(request, package)
    if enrolment is None:
        return redirect("learning:package", slug=package.slug)
    if request.method == "POST":
        try:
            attempt = services.answer(
                user=request.user,
                enrolment=enrolment,
                kind=AttemptKind.QUIZ,
                scope_key=key,
                answers=_answers(request.POST),
            )
        except services.BadAnswers as bad:
            return _bad_answers(request, bad, request.path)
        values = {"percent": attempt.percent, "mark": data["pass_mark"]}
        if attempt.passed:
            messages.success(request, _("You scored %(percent)s%%: you passed.") % values)
        else:
            messages.info(
                request,
                _("You scored %(percent)s%%; the pass mark is %(mark)s%%. Try again.") % values,
            )
        enrolment.refresh_from_db(fields=["completed_at"])
        if enrolment.completed_at is not None:
            return redirect("learning:package", slug=package.slug)
        return redirect("learning:quiz", slug=package.slug, key=key)
    found = progress(enrolment, data)
    last = learner_queries.latest_attempt(enrolment, AttemptKind.QUIZ, key)
    return render(
        request,
        "learning/learner/quiz.html",
        {
            **_facts(package, version),
            "module": module,
            "rows": _rows(module["quiz"], last),
            "pass_mark": data["pass_mark"],
            "best": found.best_percent(key),
            "passed": key in found.passed_modules,
            "last": last,
        },
    )


# --- The learner's dashboard and the authors' results ----------------------------------------


@login_required
@require_GET
def dashboard(request):
    rows = []
    for enrolment, found, data in learner_queries.dashboard(request.user):
        original = data.get("original_language") or "en"
        rows.append(
            {
                "enrolment": enrolment,
                "progress": found,
                "title": snapshot.pick(data.get("title"), original=original),
                "certificate": getattr(enrolment, "certificate", None)
                if enrolment.completed_at
                else None,
            }
        )
    return render(request, "learning/learner/dashboard.html", {"rows": rows})


@login_required
@require_GET
def results(request, slug: str):
    package, version = _learning_package(request, slug)
    require(request.user, "results", package)
    return render(
        request,
        "learning/learner/results.html",
        {**_facts(package, version), "results": learner_queries.results(package, version.data)},
    )


urlpatterns = [
    path("learning/", catalogue, name="catalogue"),
    path("learning/me/", dashboard, name="dashboard"),
    path("learning/verify/", certificates.verify, name="verify"),
    re_path(
        r"^learning/certificates/(?P<code>[-A-Za-z0-9]{1,40})\.pdf$",
        certificates.certificate_pdf,
        name="certificate_pdf",
    ),
    re_path(
        r"^learning/certificates/(?P<code>[-A-Za-z0-9]{1,40})/$",
        certificates.certificate,
        name="certificate",
    ),
    re_path(SLUG + r"$", package, name="package"),
    re_path(SLUG + r"enrol/$", enrol, name="enrol"),
    re_path(SLUG + r"resume/$", resume, name="resume"),
    re_path(SLUG + r"results/$", results, name="results"),
    re_path(SLUG + r"test/(?P<phase>pre|post)/$", test, name="test"),
    re_path(SLUG + rf"modules/(?P<key>{KEY})/quiz/$", quiz, name="quiz"),
    re_path(SLUG + rf"lessons/(?P<key>{KEY})/$", lesson, name="lesson"),
    re_path(SLUG + rf"lessons/(?P<key>{KEY})/checks/(?P<item>{KEY})/$", check, name="check"),
    re_path(
        SLUG + rf"lessons/(?P<key>{KEY})/files/(?P<item>{KEY})/$", lesson_file, name="lesson_file"
    ),
]
