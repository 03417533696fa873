"""The facilitator guide and the participant workbook: A4 PDFs in English and French, built from
the latest published version, with the session titles and their clock times."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from baraza.compendium import services as compendium
from baraza.learning import models as m
from baraza.learning.services.publishing import publish

pytestmark = pytest.mark.django_db

BASE = "/{language}/learning/workshops/outbreak-workshop/{name}"
SESSIONS = {
    "en": [
        "Why engage communities?",
        "Role-play: the rumour",
        "Case study: committees",
        "Harvesting our own cases",
    ],
    "fr": [
        "Pourquoi engager les communautés ?",
        "Jeu de rôle : la rumeur",
        "Étude de cas : les comités",
        "Recueillir nos propres expériences",
    ],
}
# Each session's slot in the agenda, as printed.
TIMES = ["09:00–10:00", "10:00–10:45", "10:45–12:15", "08:30–10:30"]


def _pdf(client, language: str, name: str) -> tuple[PdfReader, str]:
    response = client.get(BASE.format(language=language, name=name))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    return reader, text


def _a4(reader: PdfReader) -> bool:
    box = reader.pages[0].mediabox
    return (round(float(box.width)), round(float(box.height))) == (595, 842)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_facilitator_guide_has_every_session_with_its_times_and_steps(
    client, workshop_package, language
):
    reader, text = _pdf(client, language, "guide.pdf")
    assert _a4(reader)
    for title in SESSIONS[language]:
        assert title in text
    for slot in TIMES:
        assert slot in text
    # The role-play's timed steps, with their clock times and minutes.
    assert "10:00–10:20 20" in text and "10:40–10:55 15" in text
    step = "Step 3 of Role-play: the rumour" if language == "en" else "Étape 3 : Jeu de rôle"
    assert step in text
    # The checklist, the pre/post-test and the evaluation form are there too.
    checklist = "Book the room" if language == "en" else "Réserver la salle"
    question = "What comes first?" if language == "en" else "Qu'est-ce qui vient d'abord ?"
    evaluation = "How useful was the workshop?" if language == "en" else "L'atelier vous a-t-il"
    assert checklist in text and question in text and evaluation in text
    # Page numbers in the running footer.
    pages = len(reader.pages)
    assert pages > 3
    assert f"{pages} / {pages}" in text


def test_the_guide_carries_the_answer_key_and_the_workbook_does_not(client, workshop_package):
    _reader, guide = _pdf(client, "en", "guide.pdf")
    assert "Listening — correct answer" in guide
    assert "Explanation: Because: What comes first?" in guide
    _reader, workbook = _pdf(client, "en", "workbook.pdf")
    assert "What comes first?" in workbook
    assert "correct answer" not in workbook and "Because:" not in workbook


def test_the_guide_names_the_linked_experiences_live(client, workshop_package, experience, curator):
    _reader, text = _pdf(client, "en", "guide.pdf")
    assert f"Village health committees review clinic data, Kenya ({experience.identifier})" in text
    compendium.withdraw(experience=experience, actor=curator, reason="Asked by the community.")
    _reader, text = _pdf(client, "en", "guide.pdf")
    assert f"({experience.identifier}) — withdrawn from the compendium" in text


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_workbook_has_the_agenda_the_case_studies_and_a_submission_template(
    client, workshop_package, experience, language
):
    reader, text = _pdf(client, language, "workbook.pdf")
    assert _a4(reader)
    for title in SESSIONS[language]:
        assert title in text
    for slot in TIMES:
        assert slot in text
    # The case study's record, with its summary, for group work.
    assert experience.identifier in text
    assert " ".join(experience.summary_en.split()[:6]) in text
    # The case-harvesting session brings the compendium's fields as a template.
    if language == "en":
        for label in ("Participant workbook", "Pre-test", "Post-test", "What was done"):
            assert label in text
        assert "Lessons learned" in text and "Who shared it (name and organisation)" in text


def test_the_pdfs_are_built_from_the_published_version(client, workshop_package, author):
    session = m.Session.objects.get(title_en="Case study: committees")
    session.title_en = "Edited but not published"
    session.save()
    _reader, text = _pdf(client, "en", "guide.pdf")
    assert "Case study: committees" in text and "Edited but not published" not in text
    publish(package=workshop_package, actor=author)
    _reader, text = _pdf(client, "en", "guide.pdf")
    assert "Edited but not published" in text


def test_an_unknown_variant_or_a_learning_package_has_no_pdf(
    client, workshop_package, learning_package
):
    assert client.get(BASE.format(language="en", name="guide.pdf?variant=nope")).status_code == 404
    assert client.get("/en/learning/workshops/ce-essentials/guide.pdf").status_code == 404
    assert client.get("/en/learning/workshops/ce-essentials/workbook.pdf").status_code == 404
