"""What learners see: the catalogue, a package's page, its lessons (text, experience cards read
live, downloads), the dashboard and the authors' results; in English and in French, light and
accessible, with a constant number of queries on list pages."""

from __future__ import annotations

import gzip

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation

from baraza.compendium import services as compendium
from baraza.learning import models as m
from baraza.learning.services.publishing import publish
from tests.core.test_pages import BUDGET_BYTES, _assets, _get
from tests.factories import MemberFactory
from tests.learning.conftest import build_learning_package, build_workshop_package
from tests.learning.test_learner_progress import (
    answers_to,
    data_of,
    enrol,
    lesson_keys,
    main_text,
    pass_every_quiz,
    url,
    visit_all,
)

pytestmark = pytest.mark.django_db


def published(author, experience, slug: str, *, kind=m.Kind.LEARNING, **changes) -> m.Package:
    build = build_learning_package if kind == m.Kind.LEARNING else build_workshop_package
    package = build(author, experience, slug=slug)
    if changes:
        m.Package.objects.filter(pk=package.pk).update(**changes)
    publish(package=package, actor=author)
    package.refresh_from_db()
    return package


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def facts(soup) -> dict[str, str]:
    dl = soup.find("dl", class_="facts")
    return {
        dt.get_text(): " ".join(dd.get_text().split())
        for dt, dd in zip(dl.find_all("dt"), dl.find_all("dd"), strict=True)
    }


def day(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")


def french(text: str) -> str:
    with translation.override("fr"):
        return translation.gettext(text)


# --- The catalogue ------------------------------------------------------------------------------


def test_the_catalogue_lists_published_packages_of_both_kinds(
    client, author, experience, learning_package, workshop_package
):
    build_learning_package(author, experience, slug="draft-only")  # never published
    soup = soup_of(client.get("/en/learning/"))
    cards = soup.select("ul.grid > li.card")
    titles = sorted(card.h3.get_text() for card in cards)
    assert titles == [
        "Community engagement essentials",
        "Engaging communities in outbreak response",
    ]
    learning = next(c for c in cards if c.h3.get_text() == "Community engagement essentials")
    assert learning.h3.a["href"] == "/en/learning/ce-essentials/"
    assert facts(learning) == {
        "Audience": "In-service training",
        "Level": "Introductory",
        "Notional hours": "3",
        "Languages": "English (original), French (partly translated or out of date)",
    }
    workshop = next(c for c in cards if c.h3.get_text() != "Community engagement essentials")
    try:
        expected = reverse("learning:workshop", args=[workshop_package.slug])
    except NoReverseMatch:
        expected = None
    assert (workshop.h3.a["href"] if workshop.h3.a else None) == expected


def test_the_catalogue_filters_by_kind_and_audience_without_javascript(
    client, author, experience, learning_package, workshop_package
):
    published(author, experience, "for-students", audience=m.Audience.PRE_SERVICE)

    def titles(query):
        soup = soup_of(client.get(f"/en/learning/?{query}"))
        return sorted(card.h3.get_text() for card in soup.select("ul.grid > li.card"))

    assert titles("kind=workshop") == ["Engaging communities in outbreak response"]
    assert titles("kind=learning&audience=in_service") == ["Community engagement essentials"]
    assert titles("audience=pre_service") == ["Community engagement essentials"]
    soup = soup_of(client.get("/en/learning/?audience=pre_service"))
    assert soup.select_one("ul.grid a")["href"] == "/en/learning/for-students/"
    # A made-up value is an error on the form, not a crash; the list is then unfiltered.
    response = client.get("/en/learning/?kind=everything")
    assert response.status_code == 200
    assert len(soup_of(response).select("ul.grid > li.card")) == 3


def test_the_catalogue_is_in_french_at_its_french_address(client, learning_package):
    soup = soup_of(client.get("/fr/learning/"))
    assert soup.h1.get_text() == french("Learning and workshop packages")
    assert soup.select_one("ul.grid h3").get_text() == "L'essentiel de l'engagement communautaire"
    assert soup.select_one("ul.grid h3 a")["href"] == "/fr/learning/ce-essentials/"


@pytest.mark.parametrize("n", [1, 3])
def test_the_catalogue_makes_the_same_queries_for_one_or_three_packages(
    client, author, experience, n, django_assert_num_queries
):
    for i in range(n):
        published(author, experience, f"package-{i}")
    with django_assert_num_queries(2):
        response = client.get("/en/learning/")
    assert len(soup_of(response).select("ul.grid > li.card")) == n


# --- A package's page ----------------------------------------------------------------------------


def test_a_package_page_shows_its_metadata_and_contents(client, learning_package):
    soup = soup_of(client.get(url(learning_package)))
    assert soup.h1.get_text() == "Community engagement essentials"
    version = learning_package.versions.get()
    about = soup.find("section", attrs={"aria-labelledby": "h-about"})
    assert facts(about) == {
        "Audience": "In-service training",
        "Level": "Introductory",
        "Notional hours": "3",
        "Languages": "English (original), French (partly translated or out of date)",
        "Licence": "CC BY-NC-SA 3.0 IGO",
        "Version": f"Version 1, published on {day(version.published_at)}",
    }
    assert [li.get_text() for li in about.find_all("ul")[0].find_all("li")] == [
        "Plan engagement",
        "Review community data",
    ]
    contents = soup.find("section", attrs={"aria-labelledby": "h-contents"})
    assert [h3.get_text() for h3 in contents.find_all("h3")] == [
        "Module 1: Module 1",
        "Module 2: Module 2",
    ]
    assert [a.get_text() for a in contents.select("ol.lp-lessons a")] == [
        "Lesson 1.1",
        "Lesson 1.2",
        "Lesson 2.1",
        "Lesson 2.2",
    ]
    assert [a["href"] for a in contents.select(".lp-quiz a")] == [
        url(learning_package, "modules", module["key"], "quiz")
        for module in data_of(learning_package)["modules"]
    ]


def test_a_package_page_is_in_french_at_its_french_address(member_client, learning_package):
    enrol(member_client, learning_package)
    soup = soup_of(member_client.get(url(learning_package, language="fr")))
    assert soup.h1.get_text() == "L'essentiel de l'engagement communautaire"
    assert soup.html["lang"] == "fr"
    assert [a.get_text() for a in soup.select("ol.lp-lessons a")][:2] == ["Leçon 1.1", "Leçon 1.2"]
    assert soup.find("h2", id="h-progress").get_text() == french("Your progress")
    about = facts(soup.find("section", attrs={"aria-labelledby": "h-about"}))
    assert about[french("Audience")] == french("In-service training")


def test_workshop_unpublished_and_unknown_packages_have_no_learning_page(
    client, author_client, author, experience, workshop_package
):
    draft = build_learning_package(author, experience, slug="draft")
    assert client.get(url(workshop_package)).status_code == 404
    assert client.get(url(draft)).status_code == 404
    assert author_client.get(url(draft)).status_code == 404  # no version to show yet
    assert client.get("/en/learning/no-such-package/").status_code == 404
    assert client.get(url(draft, "lessons", "abc")).status_code == 404


def test_the_authors_can_see_the_results_link_and_learners_cannot(
    author_client, member_client, learning_package
):
    def links(client):
        return [a.get_text() for a in soup_of(client.get(url(learning_package))).select("main a")]

    assert "Learners' results" in links(author_client)
    assert "Learners' results" not in links(member_client)


# --- Lessons ----------------------------------------------------------------------------------


def test_a_lesson_shows_its_text_experience_card_and_knowledge_check(client, learning_package):
    first, second = lesson_keys(learning_package)[:2]
    soup = soup_of(client.get(url(learning_package, "lessons", first)))
    assert soup.h1.get_text() == "Lesson 1.1"
    items = soup.select("section.lp-item")
    assert [section["class"][1] for section in items] == ["lp-text", "lp-experience", "lp-check"]
    assert items[0].select_one(".prose").decode_contents().strip() == "<p>Text of lesson 1.1.</p>"
    card = items[1].select_one(".card")
    experience = learning_package.versions.get().data["modules"][0]["lessons"][0]["items"][1]
    assert card.h3.a["href"] == f"/en/compendium/{experience['experience']}/"
    assert card.h3.get_text() == "Village health committees review clinic data, Kenya"
    assert items[1].select_one("h3 + .prose").get_text().strip() == "What would you do differently?"
    assert items[2].legend.get_text() == "Who reviews the data?"
    assert [label.get_text() for label in items[2].find_all("label")] == ["The committee", "Nobody"]
    nav = soup.find("nav", attrs={"aria-label": "Lessons"})
    assert [(a.get_text(), a["href"]) for a in nav.find_all("a")] == [
        ("All lessons", url(learning_package)),
        ("Lesson 1.2 →", url(learning_package, "lessons", second)),
    ]


def test_the_last_lesson_of_a_module_leads_to_its_quiz(client, learning_package):
    keys = lesson_keys(learning_package)
    soup = soup_of(client.get(url(learning_package, "lessons", keys[1])))
    module = data_of(learning_package)["modules"][0]
    link = soup.find("a", string="Take the module quiz")
    assert link["href"] == url(learning_package, "modules", module["key"], "quiz")
    nav = soup.find("nav", attrs={"aria-label": "Lessons"})
    assert [a.get_text() for a in nav.find_all("a")] == [
        "← Lesson 1.1",
        "All lessons",
        "Lesson 2.1 →",
    ]


def test_an_experience_card_reads_the_record_live(client, curator, experience, learning_package):
    key = lesson_keys(learning_package)[0]
    experience.title_en = "Village health committees, renamed"
    experience.save(update_fields=["title_en"])
    soup = soup_of(client.get(url(learning_package, "lessons", key)))
    assert soup.select_one(".lp-experience h3").get_text() == "Village health committees, renamed"
    compendium.withdraw(experience=experience, actor=curator, reason="The community asked.")
    soup = soup_of(client.get(url(learning_package, "lessons", key)))
    card = soup.select_one(".lp-experience")
    assert " ".join(card.select_one(".lp-wrong").get_text().split()) == (
        "This experience was withdrawn from the compendium. Read why it was withdrawn"
    )
    tombstone = card.find("a", string="Read why it was withdrawn")["href"]
    assert tombstone == f"/en/compendium/{experience.identifier}/"
    assert client.get(tombstone).status_code == 410


def test_a_lesson_is_in_french_at_its_french_address(client, learning_package):
    key = lesson_keys(learning_package)[0]
    soup = soup_of(client.get(url(learning_package, "lessons", key, language="fr")))
    assert soup.h1.get_text() == "Leçon 1.1"
    assert soup.select_one(".lp-text .prose").get_text().strip() == "Texte de la leçon 1.1."
    assert soup.select_one(".lp-check legend").get_text() == "Qui examine les données ?"
    assert soup.select_one(".lp-experience .small.muted").get_text() == french(
        "Experience from the compendium"
    )


@pytest.fixture
def with_download(author, experience):
    package = build_learning_package(author, experience, slug="with-file")
    lesson = m.Lesson.objects.filter(module__package=package).first()
    m.Item.objects.create(
        lesson=lesson,
        kind=m.ItemKind.DOWNLOAD,
        position=9,
        title_en="Meeting template",
        body_en="Print it for the meeting.",
        file=SimpleUploadedFile("template.txt", b"Date, place, people present"),
    )
    publish(package=package, actor=author)
    package.refresh_from_db()
    return package


def test_a_download_is_served_to_whoever_may_read_the_package(client, author, with_download):
    key = lesson_keys(with_download)[0]
    soup = soup_of(client.get(url(with_download, "lessons", key)))
    section = soup.select_one("section.lp-download")
    assert section.h2.get_text() == "Meeting template"
    link = section.find("a", string="Download the file")
    item = next(i for i in data_of(with_download)["modules"][0]["lessons"][0]["items"] if i["file"])
    assert link["href"] == url(with_download, "lessons", key, "files", item["key"])
    assert section.select_one(".small.muted").get_text() == "(27\xa0bytes)"
    response = client.get(link["href"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Date, place, people present"
    assert response["Content-Disposition"].startswith("attachment")
    assert client.get(url(with_download, "lessons", key, "files", "nosuchitem")).status_code == 404


def test_a_download_of_an_unpublished_package_is_not_found(client, author, experience):
    package = build_learning_package(author, experience, slug="hidden-file")
    assert client.get(url(package, "lessons", "abc", "files", "def")).status_code == 404


# --- The dashboard ----------------------------------------------------------------------------


def test_the_dashboard_shows_progress_resume_and_certificates(member_client, author, experience):
    finished = published(author, experience, "finished")
    started = published(author, experience, "started")
    enrol(member_client, finished)
    visit_all(member_client, finished)
    pass_every_quiz(member_client, finished)
    enrol(member_client, started)
    visit_all(member_client, started, lesson_keys(started)[:1])
    code = m.Certificate.objects.get().display_code
    soup = soup_of(member_client.get("/en/learning/me/"))
    rows = [
        [" ".join(td.get_text().split()) for td in tr.find_all("td")]
        for tr in soup.select("tbody tr")
    ]
    assert rows == [
        ["Community engagement essentials", "25% (1 of 4)", "Resume"],
        [
            "Community engagement essentials",
            "100% (4 of 4)",
            f"Completed on {day(m.Enrolment.objects.get(package=finished).completed_at)}: "
            "certificate · PDF",
        ],
    ]
    links = [a["href"] for a in soup.select("tbody a")]
    assert links == [
        "/en/learning/started/",
        "/en/learning/started/resume/",
        "/en/learning/finished/",
        f"/en/learning/certificates/{code}/",
        f"/en/learning/certificates/{code}.pdf",
    ]


def test_the_dashboard_needs_a_login(client):
    assert client.get("/en/learning/me/")["Location"].startswith("/en/accounts/login/")


@pytest.mark.parametrize("n", [1, 3])
def test_the_dashboard_makes_the_same_queries_for_one_or_three_enrolments(
    member_client, author, experience, n, django_assert_num_queries
):
    for i in range(n):
        package = published(author, experience, f"package-{i}")
        enrol(member_client, package)
        visit_all(member_client, package, lesson_keys(package)[:2])
    with django_assert_num_queries(6):
        response = member_client.get("/en/learning/me/")
    assert len(soup_of(response).select("tbody tr")) == n


# --- Results for authors ------------------------------------------------------------------------


def learner(package, *, pre_right: bool, post_right: bool | None, quizzes: bool = True) -> None:
    client = Client()
    client.force_login(MemberFactory())
    enrol(client, package)
    questions = data_of(package)["pre_post"]
    client.post(url(package, "test", "pre"), answers_to(questions, right=pre_right))
    visit_all(client, package)
    if quizzes:
        pass_every_quiz(client, package)
    if post_right is not None:
        client.post(url(package, "test", "post"), answers_to(questions, right=post_right))


def test_the_results_show_completions_quiz_scores_and_the_gain_per_question(
    author_client, learning_package
):
    learner(learning_package, pre_right=False, post_right=True)
    learner(learning_package, pre_right=False, post_right=False)
    learner(learning_package, pre_right=True, post_right=True, quizzes=False)
    learner(learning_package, pre_right=True, post_right=None)  # not paired: left out
    # One more learner fails the first quiz once, then passes it.
    client = Client()
    client.force_login(MemberFactory())
    enrol(client, learning_package)
    module = data_of(learning_package)["modules"][0]
    quiz_url = url(learning_package, "modules", module["key"], "quiz")
    client.post(quiz_url, answers_to(module["quiz"], right=False))
    client.post(quiz_url, answers_to(module["quiz"]))
    soup = soup_of(author_client.get(url(learning_package, "results")))
    assert soup.h1.get_text() == "Learners' results"
    assert facts(soup) == {"Enrolled": "5", "Completed": "3"}
    quizzes, tests = soup.find_all("table")
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in quizzes.select("tbody tr")]
    assert rows == [["Module 1", "4", "4", "100%"], ["Module 2", "3", "3", "100%"]]
    assert "3 learners took both tests; the shares below are theirs." in main_text(
        author_client.get(url(learning_package, "results"))
    )
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in tests.select("tbody tr")]
    assert rows == [["Pre/post A", "33%", "67%", "+33"], ["Pre/post B", "33%", "67%", "+33"]]


def test_learners_cannot_see_the_results(member_client, client, learning_package):
    assert member_client.get(url(learning_package, "results")).status_code == 403
    assert client.get(url(learning_package, "results"))["Location"].startswith(
        "/en/accounts/login/"
    )


@pytest.mark.parametrize("n", [1, 3])
def test_the_results_make_the_same_queries_for_one_or_three_learners(
    author_client, learning_package, n, django_assert_num_queries
):
    for _ in range(n):
        learner(learning_package, pre_right=False, post_right=True)
    with django_assert_num_queries(8):
        response = author_client.get(url(learning_package, "results"))
    assert soup_of(response).find("dd").get_text() == str(n)


# --- Every learner page: light, self-contained, one heading, labelled controls ----------------


def test_every_learner_page_is_light_self_contained_and_labelled(
    member_client, author_client, learning_package
):
    enrol(member_client, learning_package)
    visit_all(member_client, learning_package)
    pass_every_quiz(member_client, learning_package)
    code = m.Certificate.objects.get().display_code
    keys = lesson_keys(learning_package)
    module = data_of(learning_package)["modules"][0]["key"]
    pages = [
        (Client(), "/en/learning/"),
        (Client(), "/fr/learning/?kind=learning"),
        (Client(), url(learning_package)),
        (Client(), url(learning_package, "lessons", keys[0], language="fr")),
        (member_client, url(learning_package)),
        (member_client, url(learning_package, "lessons", keys[0])),
        (member_client, url(learning_package, "modules", module, "quiz", language="fr")),
        (member_client, url(learning_package, "test", "pre")),
        (member_client, url(learning_package, "test", "post", language="fr")),
        (member_client, "/fr/learning/me/"),
        (author_client, url(learning_package, "results")),
        (Client(), f"/en/learning/certificates/{code}/"),
        (Client(), f"/fr/learning/certificates/{code}/"),
        (Client(), "/en/learning/verify/"),
        (Client(), "/fr/learning/certificates/AAAA-BBBB-CCCC-DDDD/"),
    ]
    for client, path in pages:
        _response, soup, total = _get(client, path)
        for asset in _assets(soup):
            found = Client().get(asset)
            assert found.status_code == 200, (path, asset)
            content = b"".join(found.streaming_content) if found.streaming else found.content
            total += len(gzip.compress(content, 9))
        assert total <= BUDGET_BYTES, (path, total)
        assert soup.html["lang"] == path.split("/")[1], path
        assert len(soup.find_all("h1")) == 1, path
        assert soup.find_all("style") == [] and soup.find_all("script") == [], path
        for tag in soup.find_all(True):
            assert "style" not in tag.attrs, (path, str(tag)[:120])
            assert not [name for name in tag.attrs if name.startswith("on")], path
        assert all(nav.get("aria-label") for nav in soup.find_all("nav")), path
        labelled = {label.get("for") for label in soup.find_all("label")}
        for control in soup.find_all(["input", "select", "textarea"]):
            if control.get("type") not in ("hidden", "submit", "button"):
                assert control.get("id") in labelled, (path, str(control)[:120])
