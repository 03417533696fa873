"""A workshop package's page and its printable agenda, as readers and facilitators see them.

Both read the latest published version; the variant is chosen with ``?variant=``; linked
experiences are read live from the compendium.
"""

from __future__ import annotations

import gzip

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from baraza.compendium import services as compendium
from baraza.learning import models as m
from baraza.learning.services.publishing import publish
from baraza.learning.workshop_outputs import translation_state
from tests.core.test_pages import BUDGET_BYTES, _assets, _get
from tests.learning.conftest import build_workshop_package

pytestmark = pytest.mark.django_db

URL = "/en/learning/workshops/outbreak-workshop/"


def _soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def _text(node) -> str:
    return " ".join(node.get_text(" ").split())


def _section(soup, heading_id: str):
    return soup.find(id=heading_id).find_parent("section")


def test_the_page_shows_the_outline_of_the_latest_version(client, workshop_package):
    soup = _soup(client.get(URL))
    assert soup.h1.get_text() == "Engaging communities in outbreak response"
    facts = _section(soup, "outline-heading").find("dl")
    pairs = {
        _text(dt): _text(dt.find_next_sibling("dd")) for dt in facts.find_all("dt", recursive=False)
    }
    assert pairs["Goal"] == "Facilitators can run community dialogues."
    assert pairs["Audience"] == "In-service training"
    assert pairs["Prerequisites"] == "Basic health promotion"
    assert pairs["Level"] == "Introductory"
    assert pairs["Notional hours"] == "12"
    assert pairs["Licence"] == "CC BY-NC-SA 3.0 IGO"
    assert pairs["Version"].startswith("1, published ")
    # Only the package, its variant and days are marked translated in the fixture.
    assert pairs["Languages"].startswith("Written in English. The French translation is not")


def test_the_agenda_has_clock_times_durations_and_flags_the_overrun(client, workshop_package):
    soup = _soup(client.get(URL))
    agenda = _section(soup, "agenda-heading")
    assert [_text(h) for h in agenda.find_all("h3")] == [
        "Day 1: listening · 09:00–12:15 (3 h 15)",
        "Day 2: acting · 08:30–10:30 (2 h)",
    ]
    rows = [[_text(td) for td in tr.find_all("td")] for tr in agenda.select("tbody tr")]
    assert rows == [
        ["09:00–10:00", "Why engage communities?", "Discussion", "60 (steps: 50)"],
        [
            "10:00–10:45",
            "Role-play: the rumour Overruns its slot by 10 min",
            "Role-play",
            "45 (steps: 55)",
        ],
        ["10:45–12:15", "Case study: committees", "Case-study group work", "90 (steps: 75)"],
        ["08:30–10:30", "Harvesting our own cases", "Case harvesting", "120 (steps: 100)"],
    ]


def test_each_session_plan_has_its_objectives_timed_steps_and_messages(client, workshop_package):
    soup = _soup(client.get(URL))
    plans = soup.select("article.session-plan")
    assert [_text(plan.h3) for plan in plans] == [
        "Why engage communities?",
        "Role-play: the rumour",
        "Case study: committees",
        "Harvesting our own cases",
    ]
    roleplay = plans[1]
    assert _text(roleplay.select_one(".session-meta")) == (
        "Day 1: listening · 10:00–10:45 · Role-play · 45 min in the agenda, steps add up to 55 min"
    )
    assert [[_text(td) for td in tr.find_all("td")] for tr in roleplay.select("tbody tr")] == [
        ["10:00–10:20", "20", "Step 1 of Role-play: the rumour"],
        ["10:20–10:40", "20", "Step 2 of Role-play: the rumour"],
        ["10:40–10:55", "15", "Step 3 of Role-play: the rumour"],
    ]
    headings = [_text(h) for h in roleplay.find_all("h4")]
    assert headings == ["Objectives", "Steps", "Materials", "Key messages", "Debrief questions"]
    assert _text(roleplay.find("h4", string="Debrief questions").find_next("ul")) == (
        "What surprised you?"
    )


def test_linked_experiences_are_read_live_and_a_withdrawn_one_says_so(
    client, workshop_package, experience, curator
):
    soup = _soup(client.get(URL))
    case_study = soup.select("article.session-plan")[2]
    link = case_study.find("h4", string="Experiences for group work").find_next("ul").a
    assert link.get_text() == "Village health committees review clinic data, Kenya"
    assert link["href"] == f"/en/compendium/{experience.identifier}/"

    compendium.withdraw(experience=experience, actor=curator, reason="Asked by the community.")
    soup = _soup(client.get(URL))
    item = soup.select("article.session-plan")[2].find("h4", string="Experiences for group work")
    assert _text(item.find_next("ul")) == (
        "Village health committees review clinic data, Kenya "
        f"{experience.identifier} — withdrawn from the compendium"
    )


def test_the_checklist_is_grouped_by_when_and_the_test_shows_no_answers(client, workshop_package):
    soup = _soup(client.get(URL))
    checklist = _section(soup, "checklist-heading")
    assert [(_text(h), _text(h.find_next("ul"))) for h in checklist.find_all("h3")] == [
        ("Two weeks before", "Book the room"),
        ("On the day", "Print the handouts"),
    ]
    test = _section(soup, "test-heading")
    assert [_text(li) for li in test.select("ul.options li")] == ["Listening", "Telling"]
    assert "correct answer" not in _text(test)
    evaluation = _section(soup, "evaluation-heading")
    assert [_text(li) for li in evaluation.find_all("li")] == [
        "How useful was the workshop? (Rating from 1 to 5)",
        "What will you do differently? (Written answer)",
    ]


def test_the_page_reads_in_french_and_links_both_languages(client, workshop_package):
    soup = _soup(client.get("/fr/learning/workshops/outbreak-workshop/"))
    assert soup.h1.get_text() == "Engager les communautés dans la riposte aux épidémies"
    assert _text(soup.select_one("article.session-plan h3")) == (
        "Pourquoi engager les communautés ?"
    )
    variant = workshop_package.versions.get().data["variants"][0]["key"]
    links = [a["href"] for a in _section(soup, "downloads-heading").find_all("a", hreflang=True)]
    assert links == [
        f"/en/learning/workshops/outbreak-workshop/guide.pdf?variant={variant}",
        f"/fr/learning/workshops/outbreak-workshop/guide.pdf?variant={variant}",
        f"/en/learning/workshops/outbreak-workshop/workbook.pdf?variant={variant}",
        f"/fr/learning/workshops/outbreak-workshop/workbook.pdf?variant={variant}",
        f"/en/learning/workshops/outbreak-workshop/agenda/?variant={variant}",
        f"/fr/learning/workshops/outbreak-workshop/agenda/?variant={variant}",
    ]


def test_a_variant_is_chosen_in_the_query_string(client, author, experience):
    package = build_workshop_package(author, experience, slug="two-variants")
    short = m.Variant.objects.create(
        package=package, position=5, name_en="Half day", name_fr="Demi-journée"
    )
    day = m.Day.objects.create(variant=short, title_en="The morning", title_fr="Le matin")
    m.Session.objects.create(
        day=day, title_en="Only session", method=m.Method.DISCUSSION, slot_minutes=30
    )
    publish(package=package, actor=author)
    key = package.versions.get().data["variants"][1]["key"]
    page = "/en/learning/workshops/two-variants/"

    first = _soup(client.get(page))
    nav = first.find("nav", attrs={"aria-label": "Variants of this workshop"})
    assert [_text(li) for li in nav.find_all("li")] == [
        "2-day (2 days, 5 h 15)",
        "Half day (1 day, 30 min)",
    ]
    assert nav.find("a")["href"] == f"?variant={key}"
    chosen = _soup(client.get(page, {"variant": key}))
    assert [_text(h) for h in chosen.select("article.session-plan h3")] == ["Only session"]
    assert client.get(page, {"variant": "nope"}).status_code == 404


def test_only_published_workshop_packages_have_a_page(
    client, author_client, author, experience, learning_package
):
    assert client.get("/en/learning/workshops/ce-essentials/").status_code == 404
    assert client.get("/en/learning/workshops/no-such-thing/").status_code == 404
    build_workshop_package(author, experience, slug="draft-workshop")
    assert client.get("/en/learning/workshops/draft-workshop/").status_code == 404
    # Its author has nothing to see either until a first version is published.
    assert author_client.get("/en/learning/workshops/draft-workshop/").status_code == 404


def test_the_page_shows_the_latest_version_not_the_tables_being_edited(
    client, workshop_package, author
):
    session = m.Session.objects.get(title_en="Why engage communities?")
    session.title_en = "A title not yet published"
    session.save()
    soup = _soup(client.get(URL))
    assert "A title not yet published" not in soup.get_text()
    publish(package=workshop_package, actor=author)
    soup = _soup(client.get(URL))
    assert _text(soup.select("article.session-plan h3")[0]) == "A title not yet published"


def test_the_pages_show_the_published_title_not_the_draft_one(
    client, member_client, workshop_package
):
    workshop_package.title_en = "A draft title not yet published"
    workshop_package.save()
    published = "Engaging communities in outbreak response"
    cascade = _soup(client.get(f"{URL}cascade/"))
    assert _text(cascade.h1) == f"Training cascade: {published}"
    assert _text(cascade.title).startswith(f"Training cascade: {published}")
    new_run = _soup(member_client.get(f"{URL}runs/new/"))
    assert _text(new_run.find("a", href=URL)) == f"← {published}"
    assert f"this run of “{published}” (version 1)" in _text(new_run.find("main") or new_run)
    for soup in (cascade, new_run, _soup(client.get(URL))):
        assert "A draft title not yet published" not in soup.get_text()


def test_a_member_is_offered_to_record_a_run_and_a_visitor_to_log_in(
    client, member_client, workshop_package
):
    variant = workshop_package.versions.get().data["variants"][0]["key"]
    member_links = _section(_soup(member_client.get(URL)), "downloads-heading")
    assert member_links.find("a", string="Record a workshop you ran")["href"] == (
        f"/en/learning/workshops/outbreak-workshop/runs/new/?variant={variant}"
    )
    visitor_links = _section(_soup(client.get(URL)), "downloads-heading")
    assert visitor_links.find("a", string="Log in to record a workshop you ran")


def test_the_printable_agenda_has_a_print_stylesheet(client, workshop_package):
    variant = workshop_package.versions.get().data["variants"][0]["key"]
    soup = _soup(client.get(f"{URL}agenda/", {"variant": variant}))
    assert soup.h1.get_text() == "Agenda: Engaging communities in outbreak response"
    sheet = soup.find("link", rel="stylesheet", media="print")
    assert sheet["href"].endswith("learning/workshops_print.css")
    assert [_text(td) for td in soup.select("tbody tr td.time")] == [
        "09:00–10:00",
        "10:00–10:45",
        "10:45–12:15",
        "08:30–10:30",
    ]
    french = _soup(client.get("/fr/learning/workshops/outbreak-workshop/agenda/"))
    assert french.html["lang"] == "fr"
    assert french.h1.get_text().endswith("Engager les communautés dans la riposte aux épidémies")
    assert [_text(h) for h in french.find_all("h3")] == [
        "Jour 1 : écouter · 09:00–12:15 (3 h 15)",
        "Jour 2 : agir · 08:30–10:30 (2 h)",
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/en/learning/workshops/outbreak-workshop/",
        "/fr/learning/workshops/outbreak-workshop/",
        "/en/learning/workshops/outbreak-workshop/agenda/",
        "/fr/learning/workshops/outbreak-workshop/cascade/",
    ],
)
def test_workshop_pages_are_light_self_contained_and_well_formed(workshop_package, path):
    response, soup, wire = _get(Client(), path)
    assert response.status_code == 200
    total = wire
    for url in _assets(soup):
        asset = Client().get(url)
        content = b"".join(asset.streaming_content) if asset.streaming else asset.content
        total += len(gzip.compress(content, 9))
    assert total <= BUDGET_BYTES
    assert len(soup.find_all("h1")) == 1
    assert soup.find_all("style") == []
    assert [s for s in soup.find_all("script") if not s.get("src")] == []
    assert [t for t in soup.find_all(True) if "style" in t.attrs] == []
    assert all(nav.get("aria-label") for nav in soup.find_all("nav"))


def test_the_translation_state_counts_missing_and_stale_texts():
    data = {
        "original_language": "fr",
        "translation": {"title": "missing"},
        "variants": [
            {"translation": {"name": "stale"}, "days": [{"translation": {"title": "stale"}}]}
        ],
        "checklist": [{"translation": {}}],
    }
    state = translation_state(data)
    assert (state["missing"], state["stale"], state["complete"]) == (1, 2, False)
    assert str(state["written"]) == "Written in French."
    assert state["status"] == (
        "The English translation is not complete (texts missing: 1; out of date: 2); those "
        "texts show in the original language."
    )
    assert str(translation_state({"original_language": "en"})["status"]) == (
        "The French translation is complete."
    )
