"""The PDF: a cover, the contents with page numbers, a chapter per record, the references and
an index by country, phase and approach, all in the reader's language."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from baraza.compendium import services
from baraza.editions.outputs import pdf

pytestmark = pytest.mark.django_db


def pages(edition, language: str) -> list[str]:
    out, steps = io.BytesIO(), []
    pdf.build(edition, language, out, steps.append)
    assert steps[-1] == 100 and len(steps) <= 20
    reader = pypdf.PdfReader(io.BytesIO(out.getvalue()))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_the_english_pdf_has_a_cover_contents_chapters_and_an_index(edition):
    text = pages(edition, "en")
    cover, contents = text[0], text[1]
    assert "Edition 2026.1" in cover
    assert "Community Engagement Compendium" in cover
    assert "Cite this edition" in cover and "edition 2026.1 [data set]" in cover
    assert "Contents" in contents
    chapters = [i for i, page in enumerate(text) if "How to cite" in page]
    assert len(chapters) == 3
    # Each title in the contents is followed by its page number, where the chapter starts.
    kenya = "Village health committees review clinic data, Kenya"
    page_number = int(re.search(re.escape(kenya) + r"\W*(\d+)", contents)[1])
    assert kenya in text[page_number - 1] and page_number - 1 in chapters
    back = " ".join(text[chapters[-1] + 1 :])
    assert "References" in back
    assert "Index by country" in back and "Index by phase" in back and "Index by approach" in back
    assert re.search(r"Kenya CE-\d{4}-\d{4} \(\d+\)", back)
    assert "Sierra Leone" in back and "Haiti" in back


def test_the_french_pdf_is_in_french(edition):
    text = " ".join(pages(edition, "fr"))
    assert "Édition 2026.1" in text
    assert "Citer cette édition" in text
    assert "Index par pays" in text and "Haïti" in text
    assert "Comment citer" in text
    # The records are written in English only: the reader is told.
    assert "ne sont pas encore traduits" in text


def test_a_record_withdrawn_since_is_marked(edition, records, curator):
    services.withdraw(experience=records[1], actor=curator, reason="Duplicate.")
    text = " ".join(pages(edition, "en"))
    assert text.count("Withdrawn from the compendium since ") == 1
    assert "(withdrawn)" in text  # in the contents


def test_the_pages_are_numbered_and_the_outline_leads_to_each_chapter(edition):
    out = io.BytesIO()
    pdf.build(edition, "en", out, lambda percent: None)
    reader = pypdf.PdfReader(io.BytesIO(out.getvalue()))
    texts = [page.extract_text() for page in reader.pages]
    # Every page but the cover ends with its number, although the book is laid out in pieces.
    assert all(text.split()[-1] == str(n) for n, text in enumerate(texts, 1) if n > 1)
    outline = {item.title: reader.get_destination_page_number(item) for item in reader.outline}
    titles = list(outline)
    assert titles[0] == "Contents" and titles[-1] == "Index by approach"
    kenya = next(title for title in outline if "Village health committees" in title)
    assert "Village health committees" in texts[outline[kenya]]


def test_a_large_edition_is_laid_out_in_worker_processes_with_the_same_result(edition, monkeypatch):
    """Above one batch of records the chapters go to two worker processes (here: a batch of
    one record, so three pieces); the book reads the same as when built in one process."""
    in_process = pages(edition, "en")
    monkeypatch.setattr(pdf, "BATCH", 1)
    in_workers = pages(edition, "en")
    assert len(in_workers) == len(in_process)
    assert [page for page in in_workers if "How to cite" in page] == [
        page for page in in_process if "How to cite" in page
    ]
