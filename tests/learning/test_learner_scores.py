"""What a learner is shown never says more than the rules grant: percentages are rounded down
(the pass mark and the visit share are compared exactly), the catalogue filters on what was
published, and a knowledge check sent to the wrong lesson is not found and writes nothing."""

from __future__ import annotations

import pytest

from baraza.learning import models as m
from baraza.learning.learner_queries import Progress
from baraza.learning.models import Attempt, Certificate
from baraza.learning.services import authoring
from baraza.learning.services.publishing import publish
from tests.learning.conftest import build_learning_package, question
from tests.learning.test_learner_pages import published, soup_of
from tests.learning.test_learner_progress import (
    _check,
    answers_to,
    data_of,
    enrol,
    lesson_keys,
    main_text,
    state,
    url,
    visit_all,
)

pytestmark = pytest.mark.django_db


# --- Rounding down ----------------------------------------------------------------------------


def test_an_attempts_percentage_is_rounded_down():
    scores = [(16, 23), (2, 3), (1, 2), (0, 0)]
    assert [Attempt(score=s, max_score=n).percent for s, n in scores] == [69, 66, 50, 0]


def test_the_share_of_lessons_visited_is_rounded_down():
    progress = Progress(
        lesson_keys=["a", "b", "c"],
        visited={"a", "b"},
        quiz_modules=[],
        best={},
        pass_mark=67,
        visit_share=67,
    )
    assert (progress.percent, progress.share_met) == (66, False)


@pytest.fixture
def thirds(author, experience) -> m.Package:
    """A package whose first module quiz has three questions, so scores fall between whole
    percentages (two right: 66.67%)."""
    package = build_learning_package(author, experience, slug="thirds")
    first = package.modules.get(position=1)
    question(
        package,
        m.Role.QUIZ,
        module=first,
        en="Quiz 1 question C",
        fr="Quiz 1 question C (fr)",
        options=[("Right", "Juste", True), ("Wrong", "Faux", False)],
    )
    publish(package=package, actor=author)
    package.refresh_from_db()
    return package


def _set_pass_mark(author, package, mark: int) -> None:
    authoring.update_package(actor=author, package=package, values={"pass_mark": mark})
    publish(package=package, actor=author, notes_en="New pass mark.")
    package.refresh_from_db()


def _two_of_three(module: dict) -> dict:
    post = answers_to(module["quiz"])
    last = module["quiz"][-1]
    post[f"q-{last['key']}"] = [o["key"] for o in last["options"] if not o["correct"]]
    return post


def test_a_score_just_under_the_pass_mark_never_shows_the_pass_mark(author, member_client, thirds):
    _set_pass_mark(author, thirds, 67)
    enrol(member_client, thirds)
    module = data_of(thirds)["modules"][0]
    quiz_url = url(thirds, "modules", module["key"], "quiz")
    page = member_client.post(quiz_url, _two_of_three(module), follow=True)
    assert [str(message) for message in page.context["messages"]] == [
        "You scored 66%; the pass mark is 67%. Try again."
    ]
    assert "You have not passed this quiz yet. Your best score is 66%." in main_text(page)
    package_page = soup_of(member_client.get(url(thirds)))
    assert " ".join(package_page.select(".lp-quiz")[0].get_text().split()) == (
        "Module quiz best score 66%, not passed yet"
    )


def test_the_certificate_score_is_rounded_down(author, member_client, thirds):
    _set_pass_mark(author, thirds, 30)
    enrol(member_client, thirds)
    visit_all(member_client, thirds)
    first, second = data_of(thirds)["modules"]
    one_of_three = answers_to(first["quiz"], right=False)
    one_of_three[f"q-{first['quiz'][0]['key']}"] = [
        o["key"] for o in first["quiz"][0]["options"] if o["correct"]
    ]
    member_client.post(url(thirds, "modules", first["key"], "quiz"), one_of_three)
    member_client.post(url(thirds, "modules", second["key"], "quiz"), answers_to(second["quiz"]))
    # The mean of 33.3% and 100% is 66.7%.
    assert list(Certificate.objects.values_list("score", flat=True)) == [66]


# --- The catalogue filters on what was published ----------------------------------------------


def test_the_catalogue_filters_on_the_published_audience_not_the_draft(
    client, author, learning_package
):
    authoring.update_package(
        actor=author, package=learning_package, values={"audience": m.Audience.STAFF}
    )

    def titles(query):
        soup = soup_of(client.get(f"/en/learning/?{query}"))
        return [card.h3.get_text() for card in soup.select("ul.grid > li.card")]

    assert titles("audience=staff") == []
    assert titles("audience=in_service") == ["Community engagement essentials"]
    publish(package=learning_package, actor=author, notes_en="For staff now.")
    assert titles("audience=staff") == ["Community engagement essentials"]
    assert titles("audience=in_service") == []


@pytest.mark.parametrize("n", [1, 3])
def test_the_filtered_catalogue_makes_the_same_queries_for_one_or_three_packages(
    client, author, experience, n, django_assert_num_queries
):
    for i in range(n):
        published(author, experience, f"package-{i}")
    with django_assert_num_queries(2):
        response = client.get("/en/learning/?audience=in_service")
    assert len(soup_of(response).select("ul.grid > li.card")) == n


# --- A knowledge check belongs to its lesson --------------------------------------------------


def test_a_check_sent_to_an_unknown_lesson_is_not_found_and_writes_nothing(
    member_client, learning_package
):
    enrol(member_client, learning_package)
    _lesson, item = _check(learning_package)
    before = state()
    response = member_client.post(
        url(learning_package, "lessons", "nosuchlesson", "checks", item["key"]),
        answers_to([item["question"]]),
    )
    assert response.status_code == 404
    assert state() == before


def test_a_check_sent_to_another_lesson_is_not_found_and_writes_nothing(
    member_client, learning_package
):
    enrol(member_client, learning_package)
    lesson, item = _check(learning_package)
    other = next(key for key in lesson_keys(learning_package) if key != lesson["key"])
    before = state()
    response = member_client.post(
        url(learning_package, "lessons", other, "checks", item["key"]),
        answers_to([item["question"]]),
    )
    assert response.status_code == 404
    assert state() == before
