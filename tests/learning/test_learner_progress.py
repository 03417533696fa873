"""A learner's way through a learning package: enrolling, visiting lessons, resuming, knowledge
checks, the pre/post-test, module quizzes, and completion with its certificate. Tampered
answers get a 400 page and change nothing."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import translation

from baraza.core.models import AuditEntry
from baraza.learning import snapshot
from baraza.learning.models import (
    Attempt,
    AttemptKind,
    Certificate,
    Enrolment,
    LessonVisit,
    Package,
    Response,
)
from baraza.learning.services import learners
from baraza.learning.services.publishing import publish
from tests.learning.conftest import build_learning_package

pytestmark = pytest.mark.django_db


# --- Helpers (the other learner test modules use them too) -----------------------------------


def data_of(package: Package) -> dict:
    return package.versions.get(number=package.version_number).data


def url(package: Package, *parts: str, language: str = "en") -> str:
    return "/".join([f"/{language}/learning/{package.slug}", *parts, ""])


def lesson_keys(package: Package) -> list[str]:
    return [lesson["key"] for lesson in snapshot.lessons(data_of(package))]


def answers_to(questions: list[dict], *, right: bool = True) -> dict[str, list[str]]:
    """A form's POST data answering every question, all right (or all wrong)."""
    post = {}
    for question in questions:
        options = [o["key"] for o in question["options"] if o["correct"] == right]
        post[f"q-{question['key']}"] = options if right else options[:1]
    return post


def enrol(client: Client, package: Package) -> Enrolment:
    assert client.post(url(package, "enrol"), follow=True).status_code == 200
    return Enrolment.objects.get(package=package, user_id=client.session["_auth_user_id"])


def visit_all(client: Client, package: Package, keys: list[str] | None = None) -> None:
    for key in keys if keys is not None else lesson_keys(package):
        assert client.get(url(package, "lessons", key)).status_code == 200


def pass_every_quiz(client: Client, package: Package) -> None:
    for module in data_of(package)["modules"]:
        response = client.post(
            url(package, "modules", module["key"], "quiz"), answers_to(module["quiz"])
        )
        assert response.status_code == 302


def state() -> dict:
    """What a refused answer must leave untouched."""
    return {
        "attempts": Attempt.objects.count(),
        "responses": Response.objects.count(),
        "visits": LessonVisit.objects.count(),
        "certificates": Certificate.objects.count(),
        "audit": AuditEntry.objects.count(),
        "enrolments": list(
            Enrolment.objects.values_list("last_lesson_key", "last_seen_at", "completed_at")
        ),
    }


def main_text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").find("main").get_text().split())


# --- Enrolling, visiting, resuming --------------------------------------------------------------


def test_a_visitor_is_asked_to_log_in_before_enrolling(learning_package):
    page = Client().get(url(learning_package))
    soup = BeautifulSoup(page.content, "html.parser")
    link = soup.find("a", string="Log in to enrol")
    assert link["href"] == f"/en/accounts/login/?next=/en/learning/{learning_package.slug}/"
    response = Client().post(url(learning_package, "enrol"))
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert Enrolment.objects.count() == 0


def test_a_member_enrols_once(member_client, member, learning_package):
    enrol(member_client, learning_package)
    enrol(member_client, learning_package)
    assert Enrolment.objects.filter(user=member).count() == 1
    page = member_client.get(url(learning_package))
    soup = BeautifulSoup(page.content, "html.parser")
    progress = soup.find("section", attrs={"aria-labelledby": "h-progress"})
    assert [li.get_text() for li in progress.ul.find_all("li")] == [
        "Lessons visited: 0 of 4",
        "Module quizzes passed: 0 of 2",
    ]
    assert soup.find("a", string="Take the pre-test")["href"] == url(
        learning_package, "test", "pre"
    )


def test_visiting_a_lesson_is_recorded_once_and_resume_goes_back_to_it(
    member_client, member, learning_package
):
    keys = lesson_keys(learning_package)
    # Not enrolled yet: the lesson can be read, nothing is recorded, resume starts at the top.
    assert member_client.get(url(learning_package, "lessons", keys[2])).status_code == 200
    assert LessonVisit.objects.count() == 0
    assert member_client.get(url(learning_package, "resume"))["Location"] == url(
        learning_package, "lessons", keys[0]
    )
    enrolment = enrol(member_client, learning_package)
    assert member_client.get(url(learning_package, "resume"))["Location"] == url(
        learning_package, "lessons", keys[0]
    )
    visit_all(member_client, learning_package, [keys[2], keys[2], keys[1]])
    enrolment.refresh_from_db()
    assert sorted(enrolment.visits.values_list("lesson_key", flat=True)) == sorted(keys[1:3])
    assert enrolment.last_lesson_key == keys[1]
    assert member_client.get(url(learning_package, "resume"))["Location"] == url(
        learning_package, "lessons", keys[1]
    )
    soup = BeautifulSoup(member_client.get(url(learning_package)).content, "html.parser")
    ticks = [li.a.get_text() for li in soup.select("li.lp-visited")]
    assert ticks == ["Lesson 1.2", "Lesson 2.1"]


def test_an_unknown_lesson_is_not_found(member_client, learning_package):
    enrol(member_client, learning_package)
    assert member_client.get(url(learning_package, "lessons", "nosuchlesson")).status_code == 404
    assert LessonVisit.objects.count() == 0


# --- Knowledge checks ---------------------------------------------------------------------------


def _check(package):
    lesson = snapshot.lessons(data_of(package))[0]
    item = next(item for item in lesson["items"] if item["kind"] == "check")
    return lesson, item


def test_a_knowledge_check_gives_feedback_on_each_option_and_the_explanation(
    member_client, learning_package
):
    enrolment = enrol(member_client, learning_package)
    lesson, item = _check(learning_package)
    question = item["question"]
    wrong = next(o for o in question["options"] if not o["correct"])
    page = member_client.post(
        url(learning_package, "lessons", lesson["key"], "checks", item["key"]),
        {f"q-{question['key']}": [wrong["key"]]},
    )
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    section = soup.find(id=f"item-{item['key']}")
    assert [" ".join(li.get_text().split()) for li in section.select(".lp-feedback li")] == [
        "The committee This is a right answer.",
        "Nobody You chose this, but it is not right.",
    ]
    assert section.find(class_="lp-wrong").get_text() == "Not quite."
    assert "Explanation: Because: Who reviews the data?" in " ".join(section.get_text().split())
    attempt = Attempt.objects.get(enrolment=enrolment)
    assert (attempt.kind, attempt.scope_key, attempt.score, attempt.max_score) == (
        AttemptKind.CHECK,
        item["key"],
        0,
        1,
    )


def test_a_visitor_gets_the_feedback_without_anything_recorded(learning_package):
    lesson, item = _check(learning_package)
    question = item["question"]
    right = next(o for o in question["options"] if o["correct"])
    page = Client().post(
        url(learning_package, "lessons", lesson["key"], "checks", item["key"]),
        {f"q-{question['key']}": [right["key"]]},
    )
    soup = BeautifulSoup(page.content, "html.parser")
    section = soup.find(id=f"item-{item['key']}")
    assert section.find(class_="lp-right").get_text() == "Right!"
    assert Attempt.objects.count() == 0


# --- Tests and quizzes --------------------------------------------------------------------------


def test_a_quiz_is_graded_against_the_pass_mark_and_the_best_attempt_counts(
    member_client, learning_package
):
    enrolment = enrol(member_client, learning_package)
    module = data_of(learning_package)["modules"][0]
    quiz_url = url(learning_package, "modules", module["key"], "quiz")
    first, second = module["quiz"]
    # One right (single choice), one half right (a subset of the right options is wrong).
    half = {
        f"q-{first['key']}": [o["key"] for o in first["options"] if o["correct"]],
        f"q-{second['key']}": [second["options"][0]["key"]],
    }
    page = member_client.post(quiz_url, half, follow=True)
    assert [str(m) for m in page.context["messages"]] == ["You scored 50%: you passed."]
    page = member_client.post(quiz_url, answers_to(module["quiz"], right=False), follow=True)
    assert [str(m) for m in page.context["messages"]] == [
        "You scored 0%; the pass mark is 50%. Try again."
    ]
    assert "You passed this quiz. Your best score is 50%." in main_text(page)
    attempts = list(enrolment.attempts.order_by("id").values_list("score", "max_score", "passed"))
    assert attempts == [(1, 2, True), (0, 2, False)]
    first_responses = Response.objects.filter(attempt__score=1).order_by("id")
    assert [(r.question_key, r.correct) for r in first_responses] == [
        (first["key"], True),
        (second["key"], False),
    ]
    soup = BeautifulSoup(member_client.get(url(learning_package)).content, "html.parser")
    assert " ".join(soup.select(".lp-quiz")[0].get_text().split()) == (
        "Module quiz ✓ passed, best score 50%"
    )


def test_the_pre_test_is_taken_once_and_the_post_test_after_every_lesson(
    member_client, learning_package
):
    enrol(member_client, learning_package)
    questions = data_of(learning_package)["pre_post"]
    pre, post = url(learning_package, "test", "pre"), url(learning_package, "test", "post")
    assert member_client.post(pre, answers_to(questions, right=False)).status_code == 302
    again = member_client.post(pre, answers_to(questions))
    assert again.status_code == 403
    assert "You have already taken the pre-test." in main_text(again)
    too_early = member_client.post(post, answers_to(questions))
    assert too_early.status_code == 403
    assert "The post-test opens once you have visited every lesson." in main_text(too_early)
    assert "The post-test opens once you have visited every lesson." in main_text(
        member_client.get(post)
    )
    visit_all(member_client, learning_package)
    assert member_client.post(post, answers_to(questions)).status_code == 302
    page = member_client.get(post)
    assert "Right answers: 2 of 2." in main_text(page)
    assert "Right answers in the pre-test, before the lessons: 0 of 2." in main_text(page)
    kinds = Attempt.objects.order_by("id").values_list("kind", "score")
    assert list(kinds) == [(AttemptKind.PRE, 0), (AttemptKind.POST, 2)]
    assert Response.objects.filter(attempt__kind=AttemptKind.POST, correct=True).count() == 2


def test_tests_and_quizzes_need_an_enrolment(member_client, learning_package):
    module = data_of(learning_package)["modules"][0]
    response = member_client.post(
        url(learning_package, "modules", module["key"], "quiz"), answers_to(module["quiz"])
    )
    assert response["Location"] == url(learning_package)
    assert Attempt.objects.count() == 0


# --- Tampering ----------------------------------------------------------------------------------


def _tamper(kind: str, questions: list[dict], other: dict) -> dict:
    post = answers_to(questions)
    first = questions[0]
    name = f"q-{first['key']}"
    if kind == "unknown option":
        post[name] = ["notanoption"]
    elif kind == "option of another question":
        post[name] = [other["options"][0]["key"]]
    elif kind == "several options on a single choice":
        post[name] = [o["key"] for o in first["options"]]
    elif kind == "the same option twice":
        post[name] = [post[name][0], post[name][0]]
    elif kind == "a question of another page":
        post[f"q-{other['key']}"] = [other["options"][0]["key"]]
    elif kind == "a missing answer":
        del post[name]
    return post


TAMPERING = [
    ("unknown option", learners.TAMPERED),
    ("option of another question", learners.TAMPERED),
    ("several options on a single choice", learners.TAMPERED),
    ("the same option twice", learners.TAMPERED),
    ("a question of another page", learners.TAMPERED),
    ("a missing answer", learners.MISSING),
]


@pytest.mark.parametrize(("kind", "message"), TAMPERING)
def test_tampered_quiz_answers_get_a_400_and_change_nothing(
    member_client, learning_package, kind, message
):
    enrol(member_client, learning_package)
    visit_all(member_client, learning_package)
    data = data_of(learning_package)
    module, other_module = data["modules"]
    before = state()
    response = member_client.post(
        url(learning_package, "modules", module["key"], "quiz"),
        _tamper(kind, module["quiz"], other_module["quiz"][0]),
    )
    assert response.status_code == 400
    assert main_text(response) == (
        f"These answers could not be used {message} Nothing was recorded: your progress is as "
        "it was. Back to the questions"
    )
    assert state() == before


@pytest.mark.parametrize(("kind", "message"), TAMPERING)
def test_tampered_test_answers_get_a_400_and_change_nothing(
    member_client, learning_package, kind, message
):
    enrol(member_client, learning_package)
    data = data_of(learning_package)
    before = state()
    response = member_client.post(
        url(learning_package, "test", "pre"),
        _tamper(kind, data["pre_post"], data["modules"][0]["quiz"][0]),
    )
    assert response.status_code == 400
    assert str(message) in main_text(response)
    assert state() == before


@pytest.mark.parametrize(("kind", "message"), TAMPERING)
def test_tampered_check_answers_get_a_400_and_change_nothing(
    member_client, learning_package, kind, message
):
    enrol(member_client, learning_package)
    lesson, item = _check(learning_package)
    before = state()
    response = member_client.post(
        url(learning_package, "lessons", lesson["key"], "checks", item["key"]),
        _tamper(kind, [item["question"]], data_of(learning_package)["pre_post"][0]),
    )
    assert response.status_code == 400
    assert str(message) in main_text(response)
    assert state() == before


def test_the_tampering_message_is_translated(member_client, learning_package):
    enrol(member_client, learning_package)
    module = data_of(learning_package)["modules"][0]
    response = member_client.post(
        f"/fr/learning/{learning_package.slug}/modules/{module['key']}/quiz/", {}
    )
    assert response.status_code == 400
    with translation.override("fr"):
        expected = str(learners.MISSING)
    assert expected in main_text(response)


def test_the_service_checks_answers_before_writing(member, learning_package):
    enrolment = learners.enrol(user=member, package=learning_package)
    module = data_of(learning_package)["modules"][0]
    before = state()
    with pytest.raises(learners.BadAnswers):
        learners.answer(
            user=member,
            enrolment=enrolment,
            kind=AttemptKind.QUIZ,
            scope_key="nosuchmodule",
            answers={q["key"]: [] for q in module["quiz"]},
        )
    assert state() == before


# --- Completion and the certificate ------------------------------------------------------------


def test_completion_needs_the_share_of_lessons_and_every_quiz(author, experience, member):
    package = build_learning_package(author, experience, slug="half")
    Package.objects.filter(pk=package.pk).update(visit_share=50)
    package.refresh_from_db()
    publish(package=package, actor=author)
    package.refresh_from_db()
    client = Client()
    client.force_login(member)
    enrolment = enrol(client, package)
    keys = lesson_keys(package)
    visit_all(client, package, keys[:1])
    pass_every_quiz(client, package)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None  # 1 lesson of 4 is 25%: not enough
    page = client.get(url(package, "lessons", keys[3]))
    assert "You have completed this package. Congratulations!" in main_text(page)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert (
        certificate.holder_name,
        certificate.title_en,
        certificate.title_fr,
        certificate.version_number,
        certificate.notional_hours,
        certificate.score,
    ) == (
        "Aminata Member",
        "Community engagement essentials",
        "L'essentiel de l'engagement communautaire",
        1,
        3,
        100,
    )


def test_a_failed_quiz_keeps_the_package_incomplete(member_client, learning_package):
    enrolment = enrol(member_client, learning_package)
    visit_all(member_client, learning_package)
    first, second = data_of(learning_package)["modules"]
    member_client.post(
        url(learning_package, "modules", first["key"], "quiz"), answers_to(first["quiz"])
    )
    member_client.post(
        url(learning_package, "modules", second["key"], "quiz"),
        answers_to(second["quiz"], right=False),
    )
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None
    assert Certificate.objects.count() == 0


def test_the_certificate_is_issued_once_with_the_mean_of_the_best_scores(
    member_client, learning_package
):
    enrolment = enrol(member_client, learning_package)
    visit_all(member_client, learning_package)
    first, second = data_of(learning_package)["modules"]
    member_client.post(
        url(learning_package, "modules", first["key"], "quiz"), answers_to(first["quiz"])
    )
    a, b = second["quiz"]
    half = {
        f"q-{a['key']}": [o["key"] for o in a["options"] if o["correct"]],
        f"q-{b['key']}": [b["options"][2]["key"]],
    }
    page = member_client.post(url(learning_package, "modules", second["key"], "quiz"), half)
    assert page["Location"] == url(learning_package)  # completed: back to the package
    certificate = Certificate.objects.get()
    assert certificate.score == 75  # the mean of 100% and 50%
    # More visits and retakes later change nothing.
    visit_all(member_client, learning_package)
    pass_every_quiz(member_client, learning_package)
    assert list(Certificate.objects.values_list("code", "score")) == [(certificate.code, 75)]
    enrolment.refresh_from_db()
    assert enrolment.certificate == certificate
    soup = BeautifulSoup(member_client.get(url(learning_package)).content, "html.parser")
    assert soup.find("a", string="See your certificate")["href"] == (
        f"/en/learning/certificates/{certificate.display_code}/"
    )


def test_the_certificate_takes_the_version_current_at_completion(
    author, member_client, learning_package
):
    enrol(member_client, learning_package)
    visit_all(member_client, learning_package)
    Package.objects.filter(pk=learning_package.pk).update(
        title_en="Community engagement: the essentials", notional_hours=4
    )
    learning_package.refresh_from_db()
    publish(package=learning_package, actor=author)
    pass_every_quiz(member_client, learning_package)
    certificate = Certificate.objects.get()
    assert (certificate.title_en, certificate.version_number, certificate.notional_hours) == (
        "Community engagement: the essentials",
        2,
        4,
    )
