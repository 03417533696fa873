"""Editing a package's contents in the web interface: modules, lessons, items, questions and
options; variants, days, sessions and steps; adding, editing, moving and deleting rows, and every
bad input refused with a message and nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from baraza.compendium import services as compendium
from baraza.core.models import AuditEntry
from baraza.learning import models as m
from tests.learning.test_authoring_packages import errors, soup

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def row_url(package, kind, row) -> str:
    return reverse("learning:author_row", args=[package.slug, kind, row.pk])


def add_url(package, kind, parent=None) -> str:
    if parent is None:
        return reverse("learning:author_add", args=[package.slug, kind])
    return reverse("learning:author_add_to", args=[package.slug, kind, parent.pk])


def names(response, kind) -> list[str]:
    section = soup(response).find(id=f"{kind}-list").find_parent("section")
    return [a.get_text() for a in section.select(".rows .name > a")]


def facts(response, kind) -> list[str]:
    section = soup(response).find(id=f"{kind}-list").find_parent("section")
    return [span.get_text(" ", strip=True) for span in section.select(".rows .facts")]


# --- Learning content --------------------------------------------------------------------------


def test_the_package_page_lists_modules_and_the_pre_post_test(author_client, learning_package):
    response = author_client.get(reverse("learning:author_package", args=[learning_package.slug]))
    assert names(response, "module") == ["Module 1", "Module 2"]
    assert facts(response, "module") == ["2 lessons", "2 lessons"]
    assert names(response, "prepost") == ["Pre/post A", "Pre/post B"]
    assert facts(response, "prepost") == ["One answer · 2 options"] * 2


def test_an_author_adds_a_module_then_a_lesson_in_it(author_client, learning_package):
    response = author_client.post(
        add_url(learning_package, "module"),
        {"title_en": "Module 3", "title_fr": "", "objectives_en": "Listen\nAct"},
    )
    module = learning_package.modules.get(title_en="Module 3")
    assert response.status_code == 302 and response["Location"] == row_url(
        learning_package, "module", module
    )
    assert (module.position, module.objectives_en) == (3, "Listen\nAct")
    page = author_client.get(response["Location"])
    assert soup(page).h1.get_text() == "Module 3"
    assert [h.get_text() for h in soup(page).select("section h2")] == ["Lessons", "Module quiz"]
    response = author_client.post(
        add_url(learning_package, "lesson", module),
        {"title_en": "Why listen?", "title_fr": "Pourquoi écouter ?", "minutes": "20"},
    )
    lesson = module.lessons.get()
    assert (lesson.title_fr, lesson.minutes, lesson.position) == ("Pourquoi écouter ?", 20, 0)
    # Written in both languages at once: the translation is up to date.
    assert lesson.translation_status("title", "en") == "current"
    assert response["Location"] == row_url(learning_package, "lesson", lesson)
    learning_package.refresh_from_db()
    assert learning_package.updated_at > learning_package.published_at
    actions = ["package.module.add", "package.lesson.add"]
    assert AuditEntry.objects.filter(action__in=actions).count() == 2


def test_a_row_needs_its_name_in_the_original_language(author_client, learning_package):
    response = author_client.post(
        add_url(learning_package, "module"), {"title_en": "", "title_fr": "Module trois"}
    )
    assert response.status_code == 400
    assert errors(response) == ["Write this in English: it is the original language."]
    assert learning_package.modules.count() == 2


def test_numbers_out_of_range_are_refused(author_client, learning_package):
    module = learning_package.modules.first()
    response = author_client.post(
        add_url(learning_package, "lesson", module), {"title_en": "Long", "minutes": "100000"}
    )
    assert response.status_code == 400
    assert errors(response) == ["Ensure this value is less than or equal to 1440."]
    assert module.lessons.count() == 2


def test_the_lesson_page_offers_each_kind_of_item(author_client, learning_package):
    lesson = m.Lesson.objects.get(title_en="Lesson 1.1")
    response = author_client.get(row_url(learning_package, "lesson", lesson))
    # Items without a title go by the start of their text, else by their kind.
    assert names(response, "item") == [
        "Text of lesson 1.1.",
        "What would you do differently?",
        "Knowledge check",
    ]
    assert facts(response, "item")[1].startswith("Experience card · CE-2026-0001")
    assert [a.get_text() for a in soup(response).select(".adds a")] == [
        "Add text",
        "Add an experience card",
        "Add a download",
        "Add a knowledge check",
    ]


def test_a_text_item_needs_its_text(author_client, learning_package):
    lesson = m.Lesson.objects.get(title_en="Lesson 1.2")
    url = add_url(learning_package, "item", lesson) + "?kind=text"
    response = author_client.post(url, {"body_en": "", "body_fr": "Du texte"})
    assert response.status_code == 400
    assert errors(response) == ["Write this in English: it is the original language."]
    response = author_client.post(url, {"body_en": "Some **text**.", "title_en": "Intro"})
    item = lesson.items.get(title_en="Intro")
    assert (item.kind, item.body_en, item.position) == ("text", "Some **text**.", 1)


def test_an_experience_card_names_a_published_record(
    author_client, learning_package, experience, curator
):
    lesson = m.Lesson.objects.get(title_en="Lesson 1.2")
    url = add_url(learning_package, "item", lesson) + "?kind=experience"
    for identifier, message in [
        ("", "This field is required."),
        ("CE-1999-9999", "CE-1999-9999 is not a published record of the compendium."),
    ]:
        response = author_client.post(url, {"experience": identifier})
        assert response.status_code == 400
        assert errors(response) == [message]
    draft = compendium.create_experience(
        actor=curator, values={"title_en": "A draft", "original_language": "en"}
    )
    response = author_client.post(url, {"experience": draft.identifier})
    assert errors(response) == [f"{draft.identifier} is not a published record of the compendium."]
    assert lesson.items.count() == 1
    response = author_client.post(
        url, {"experience": experience.identifier.lower(), "body_en": "What would you change?"}
    )
    assert response.status_code == 302
    card = lesson.items.get(kind="experience")
    assert (card.experience, card.body_en) == (experience, "What would you change?")
    page = author_client.get(row_url(learning_package, "item", card))
    assert soup(page).find(id="id_experience")["value"] == experience.identifier
    assert soup(page).find("label", attrs={"for": "id_body_en"}).get_text() == (
        "reflection prompts (English):"
    )


def test_a_download_is_checked_by_its_content(author_client, learning_package):
    lesson = m.Lesson.objects.get(title_en="Lesson 2.1")
    url = add_url(learning_package, "item", lesson) + "?kind=download"
    fake = SimpleUploadedFile("guide.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = author_client.post(url, {"title_en": "Guide", "file": fake})
    assert response.status_code == 400
    assert errors(response) == [
        "“guide.pdf” is not a file type we accept. Accepted: Excel, GIF, "
        "JPEG, Office 97–2003, OpenDocument, PDF, PNG, PowerPoint, WebP, "
        "Word."
    ]
    response = author_client.post(url, {"title_en": "Guide"})
    assert errors(response) == ["This field is required."]
    assert lesson.items.count() == 1
    good = SimpleUploadedFile("Facilitator guide?.pdf", PDF, content_type="application/pdf")
    response = author_client.post(url, {"title_en": "Guide", "file": good})
    assert response.status_code == 302
    item = lesson.items.get(kind="download")
    assert item.file.name == "learning/downloads/Facilitator_guide.pdf"
    with item.file.open("rb") as stored:
        assert stored.read() == PDF
    # Editing it later keeps the file when no new one is given.
    response = author_client.post(
        row_url(learning_package, "item", item), {"title_en": "The guide", "body_en": "Read it."}
    )
    item.refresh_from_db()
    assert (item.title_en, item.file.name) == (
        "The guide",
        "learning/downloads/Facilitator_guide.pdf",
    )


def test_a_knowledge_check_leads_to_its_question_and_options(author_client, learning_package):
    lesson = m.Lesson.objects.get(title_en="Lesson 2.2")
    response = author_client.post(
        add_url(learning_package, "item", lesson) + "?kind=check", {"title_en": "Check yourself"}
    )
    item = lesson.items.get(kind="check")
    assert response["Location"] == add_url(learning_package, "check", item)
    page = author_client.get(response["Location"])
    assert soup(page).h1.get_text() == "Write the question"
    response = author_client.post(
        response["Location"],
        {"prompt_en": "Who decides?", "feedback_en": "The community does.", "multiple": ""},
    )
    question = item.questions.get()
    assert (question.role, question.package, question.module) == ("check", learning_package, None)
    assert response["Location"] == row_url(learning_package, "check", question)
    page = author_client.get(response["Location"])
    assert soup(page).select_one("p.overrun").get_text() == (
        "This question has no answer options yet: add at least two below."
    )
    # A check has one question: a second is refused.
    assert author_client.get(add_url(learning_package, "check", item)).status_code == 400
    for text, correct in [("The community", "on"), ("The ministry", "")]:
        author_client.post(
            add_url(learning_package, "option", question),
            {"text_en": text, "correct": correct, "feedback_en": f"{text}: see lesson 1."},
        )
    page = author_client.get(row_url(learning_package, "check", question))
    assert names(page, "option") == ["The community", "The ministry"]
    assert facts(page, "option") == ["Correct answer", "Wrong answer"]
    assert soup(page).select("p.overrun") == []


def test_a_question_can_only_be_added_to_a_knowledge_check(author_client, learning_package):
    text_item = m.Item.objects.filter(kind="text").first()
    response = author_client.post(
        add_url(learning_package, "check", text_item), {"prompt_en": "Sneaky?"}
    )
    assert response.status_code == 400
    assert soup(response).select_one("main p").get_text() == "This item can't take a question."
    assert not text_item.questions.exists()


def test_a_single_choice_question_with_two_right_answers_is_flagged(
    author_client, learning_package
):
    question = m.Question.objects.get(prompt_en="Quiz 1 question A")
    wrong = question.options.get(text_en="Wrong")
    author_client.post(
        row_url(learning_package, "option", wrong),
        {"text_en": "Wrong", "text_fr": "Faux", "correct": "on"},
    )
    page = author_client.get(row_url(learning_package, "quiz", question))
    assert soup(page).select_one("p.overrun").get_text(" ", strip=True) == (
        "2 answers are marked correct but the question takes one answer: mark one, or let "
        "several answers be right."
    )
    module_page = author_client.get(row_url(learning_package, "module", question.module))
    assert facts(module_page, "quiz")[0] == (
        "One answer · 2 options · Several answers marked correct"
    )


def test_an_unknown_item_kind_is_a_bad_request(author_client, learning_package):
    lesson = m.Lesson.objects.first()
    response = author_client.get(add_url(learning_package, "item", lesson) + "?kind=video")
    assert response.status_code == 400


def test_rows_of_another_package_or_kind_are_not_found(
    author_client, learning_package, workshop_package
):
    module = learning_package.modules.first()
    # A module through the workshop's address, a workshop row kind in a learning package…
    assert author_client.get(row_url(workshop_package, "module", module)).status_code == 404
    assert author_client.get(add_url(learning_package, "variant")).status_code == 404
    assert author_client.get(add_url(learning_package, "lesson")).status_code == 404
    assert author_client.get(add_url(learning_package, "module", module)).status_code == 404
    assert author_client.get(add_url(learning_package, "nonsense")).status_code == 404
    variant = workshop_package.variants.first()
    assert author_client.get(add_url(learning_package, "day", variant)).status_code == 404


# --- Moving and deleting ----------------------------------------------------------------------


def test_rows_move_up_and_down(author_client, learning_package):
    second = learning_package.modules.last()
    move = reverse("learning:author_move", args=[learning_package.slug, "module", second.pk])
    response = author_client.post(move, {"direction": "up"})
    assert response["Location"] == (
        reverse("learning:author_package", args=[learning_package.slug]) + "#module-list"
    )
    assert [mod.title_en for mod in learning_package.modules.all()] == ["Module 2", "Module 1"]
    # Already first: nothing moves.
    author_client.post(move, {"direction": "up"})
    assert [mod.title_en for mod in learning_package.modules.all()] == ["Module 2", "Module 1"]
    author_client.post(move, {"direction": "down"})
    assert [mod.title_en for mod in learning_package.modules.all()] == ["Module 1", "Module 2"]


def test_a_tampered_move_is_a_bad_request(author_client, learning_package):
    module = learning_package.modules.first()
    move = reverse("learning:author_move", args=[learning_package.slug, "module", module.pk])
    response = author_client.post(move, {"direction": "sideways"})
    assert response.status_code == 400
    assert soup(response).select_one("main p").get_text() == "A row moves one place up or down."
    assert author_client.get(move).status_code == 405


def test_deleting_a_module_asks_first_and_keeps_the_published_version(
    author_client, learning_package
):
    module = learning_package.modules.first()
    url = reverse("learning:author_delete", args=[learning_package.slug, "module", module.pk])
    page = author_client.get(url)
    assert soup(page).h1.get_text() == "Delete “Module 1” (module)?"
    assert learning_package.modules.count() == 2
    response = author_client.post(url)
    assert response["Location"] == reverse("learning:author_package", args=[learning_package.slug])
    assert [mod.title_en for mod in learning_package.modules.all()] == ["Module 2"]
    assert not m.Lesson.objects.filter(title_en="Lesson 1.1").exists()
    version = learning_package.versions.get()
    assert [mod["title"]["en"] for mod in version.data["modules"]] == ["Module 1", "Module 2"]


# --- Workshop content -------------------------------------------------------------------------


def test_long_names_are_cut_in_lists(author_client, workshop_package):
    session = m.Session.objects.get(title_en="Why engage communities?")
    step = session.steps.first()
    step.instructions_en = "Ask each group to list who decides about health in the village, " * 3
    step.save()
    response = author_client.get(row_url(workshop_package, "session", session))
    assert names(response, "step")[0] == (
        "Ask each group to list who decides about health in the village, Ask each group…"
    )


def test_the_day_page_shows_clock_times_sums_and_overruns(author_client, workshop_package):
    day = m.Day.objects.get(title_en="Day 1: listening")
    response = author_client.get(row_url(workshop_package, "day", day))
    assert names(response, "session") == [
        "Why engage communities?",
        "Role-play: the rumour",
        "Case study: committees",
    ]
    assert facts(response, "session") == [
        "09:00–10:00 · Discussion · 1 h in the agenda, steps 50 min",
        "10:00–10:45 · Role-play · 45 min in the agenda, steps 55 min · Overrun",
        "10:45–12:15 · Case-study group work · 1 h 30 in the agenda, steps 1 h 15",
    ]
    assert soup(response).find(id="session-list").find_next("p").get_text(" ", strip=True) == (
        "The day starts at 09:00 and ends at 12:15: 3 h 15 of sessions."
    )
    variant_page = author_client.get(row_url(workshop_package, "variant", day.variant))
    assert facts(variant_page, "day") == ["09:00–12:15 (3 h 15)", "08:30–10:30 (2 h)"]


def test_the_session_page_flags_steps_that_overrun(author_client, workshop_package):
    session = m.Session.objects.get(title_en="Role-play: the rumour")
    response = author_client.get(row_url(workshop_package, "session", session))
    assert soup(response).select_one("p.overrun").get_text(" ", strip=True) == (
        "The steps take 55 min; the agenda gives the session 45 min. The steps overrun the "
        "session's time: shorten them or give the session more time."
    )
    last = session.steps.last()
    author_client.post(
        row_url(workshop_package, "step", last),
        {"instructions_en": last.instructions_en, "minutes": "5"},
    )
    response = author_client.get(row_url(workshop_package, "session", session))
    assert soup(response).select("p.overrun") == []


def session_data(**changes) -> dict:
    return {
        "title_en": "Mapping who decides",
        "method": "discussion",
        "slot_minutes": "30",
        "objectives_en": "See who decides",
        "experiences": "",
        **changes,
    }


def test_an_author_adds_a_session_with_linked_experiences(
    author_client, workshop_package, experience
):
    day = m.Day.objects.get(title_en="Day 2: acting")
    url = add_url(workshop_package, "session", day)
    response = author_client.post(url, session_data(experiences="CE-1999-0001, nonsense"))
    assert response.status_code == 400
    assert errors(response) == [
        "These are not published records of the compendium: CE-1999-0001, NONSENSE."
    ]
    response = author_client.post(url, session_data(method="lecture"))
    assert errors(response)[0].startswith("Select a valid choice.")
    assert day.sessions.count() == 1
    response = author_client.post(
        url, session_data(experiences=f"{experience.identifier}\n{experience.identifier}")
    )
    session = day.sessions.get(title_en="Mapping who decides")
    assert list(session.experiences.all()) == [experience]
    assert response["Location"] == row_url(workshop_package, "session", session)
    page = author_client.get(response["Location"])
    assert soup(page).find(id="id_experiences").get_text() == f"\n{experience.identifier}"
    # Taking the experience away.
    author_client.post(response["Location"], session_data(experiences=""))
    assert list(session.experiences.all()) == []


def test_a_day_starts_at_a_valid_time(author_client, workshop_package):
    variant = workshop_package.variants.first()
    url = add_url(workshop_package, "day", variant)
    response = author_client.post(url, {"title_en": "Day 3", "starts_at": "25:99"})
    assert errors(response) == ["Enter a valid time."]
    author_client.post(url, {"title_en": "Day 3", "starts_at": "13:30"})
    day = variant.days.get(title_en="Day 3")
    assert (day.starts_at, day.position) == (dt.time(13, 30), 3)


def test_the_workshop_checklist_and_evaluation_form(author_client, workshop_package):
    response = author_client.post(
        add_url(workshop_package, "checklist"),
        {"when": "one_week", "text_en": "Send the agenda", "text_fr": "Envoyer l'ordre du jour"},
    )
    assert response["Location"] == reverse("learning:author_package", args=[workshop_package.slug])
    author_client.post(
        add_url(workshop_package, "evaluation"), {"scale": "text", "text_en": "What was missing?"}
    )
    page = author_client.get(response["Location"])
    assert names(page, "checklist") == ["Book the room", "Print the handouts", "Send the agenda"]
    assert facts(page, "checklist") == ["Two weeks before", "On the day", "One week before"]
    assert facts(page, "evaluation") == ["Rating from 1 to 5", "Written answer", "Written answer"]
    response = author_client.post(
        add_url(workshop_package, "checklist"), {"when": "yesterday", "text_en": "Too late"}
    )
    assert response.status_code == 400
    assert workshop_package.checklist.count() == 3


def test_a_download_upload_is_multipart_in_the_page(author_client, learning_package):
    lesson = m.Lesson.objects.first()
    page = author_client.get(add_url(learning_package, "item", lesson) + "?kind=download")
    assert soup(page).select_one("main form")["enctype"] == "multipart/form-data"
