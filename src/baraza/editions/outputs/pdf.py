"""The edition as one PDF book in one language (WeasyPrint): a cover with the "cite this
edition" text, the contents with page numbers, one chapter per record, the references and an
index by country, phase and approach (its entries link to the chapters, with their pages).

An edition of 500 records makes a book of about 1,000 pages, too long to lay out as one
WeasyPrint document in time and memory. So the book is laid out in pieces, two at a time in
worker processes (``pdf_pieces``): the chapters in batches of ``BATCH`` records, then, once
their pages are known, the front matter (cover and contents, numbered) and the back matter
(references and index, numbered). The pieces are joined with pypdf, which then adds what
spans pieces: the page numbers in the footer, the links of the contents and the index, and
the outline (bookmarks).

The HTML comes from the shared record views (``common.py``), laid out with
``static/editions/outputs/pdf.css``; nothing is fetched from the network, and only the
system's fonts are used (the page numbers use the PDF's standard Helvetica).
"""

from __future__ import annotations

import io
import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from baraza.editions.outputs import common, pdf_pieces

ASSETS = common.ASSETS
BATCH = 30  # records a chapters piece holds (about 60 pages)
WORKERS = 2
TEMPLATE = "editions/outputs/pdf.html"


class Progress:
    """Reports at most once every 5 percent (20 calls at most), never going back."""

    def __init__(self, report):
        self.report, self.last = report, 0

    def __call__(self, percent: int) -> None:
        percent = min(100, percent)
        if percent // 5 > self.last // 5:
            self.last = percent
            self.report(percent)


def build(edition, language, out, progress) -> None:
    progress = Progress(progress)
    with common.override(language):
        records = list(common.views(edition, language, progress, share=15))
        context = common.edition_context(edition, language)
        index = common.index(records)
        context.update(records=records, index=index)
        # The contents as they will be, but with the widest page numbers: how long they are.
        _number(context, widest=10 ** len(str(3 * len(records) + 100)) - 1)
        front_html = _html(context, "front")
        batches = [records[i : i + BATCH] for i in range(0, len(records), BATCH)]
        with _pool(len(records)) as pool:
            front_job = _render(pool, front_html)
            jobs = [_render(pool, _html(context, "chapters", records=batch)) for batch in batches]
            chapters = []
            for job in jobs:
                chapters.append(job.result())
                progress(15 + 70 * len(chapters) // len(jobs))
            front = front_job.result()
            for _attempt in range(3):
                first = _number(context, front=front.pages, chapters=chapters)
                references_job = _render(pool, _html(context, "references"))
                index_job = _render(pool, _html(context, "index"))
                references, back = references_job.result(), index_job.result()
                first += references.pages
                for part in index:
                    part["page"] = first + back.anchors[f"index-{part['name']}"]
                numbered = _render(pool, _html(context, "front")).result()
                if numbered.pages == front.pages:
                    break
                front = numbered
        progress(90)
        _join([numbered, *chapters, references, back], context, records, index, out)
    progress(100)


def _pool(records: int) -> Executor:
    """Two worker processes, each a fresh interpreter (no copy of the parent's database
    connections; memory given back when the build ends). In this process instead for a small
    edition (starting interpreters would cost more than it saves), and inside a daemon process
    such as a Celery prefork worker, which may not start children."""
    if records <= BATCH or multiprocessing.current_process().daemon:
        return ThreadPoolExecutor(max_workers=1)
    return ProcessPoolExecutor(max_workers=WORKERS, mp_context=multiprocessing.get_context("spawn"))


def _render(pool, html: str):
    return pool.submit(pdf_pieces.render, html, str(ASSETS))


def _html(context: dict, piece: str, **extra) -> str:
    return render_to_string(TEMPLATE, {**context, "piece": piece, **extra})


def _number(context, *, front=0, chapters=(), widest=0) -> int:
    """Give each record, the references and each part of the index its page number (counting
    from 1, the cover), or ``widest`` to all; returns the first page after the chapters."""
    first = front + 1
    pages = {}
    for piece in chapters:
        pages.update({name: first + page for name, page in piece.anchors.items()})
        first += piece.pages
    for rv in context["records"]:
        rv.page = widest or pages[rv.anchor]
    context["references_page"] = widest or first
    for part in context["index"]:
        part["page"] = widest or part.get("page", 0)
    return first


def _join(pieces, context, records, index, out) -> None:
    import pypdf
    from pypdf.annotations import Link
    from pypdf.generic import NameObject, TextStringObject

    writer = pypdf.PdfWriter()
    anchors: dict[str, int] = {}
    links = []
    first = 0
    for piece in pieces:
        writer.append(pypdf.PdfReader(io.BytesIO(piece.pdf)), import_outline=False)
        for name, page in piece.anchors.items():
            anchors.setdefault(name, first + page)
        links += [(first + page, target, rect) for page, target, rect in piece.links]
        first += piece.pages
    cover_pages = anchors.get("contents", 1)
    _stamp_page_numbers(writer, start=cover_pages)
    for page, target, rect in links:
        if target in anchors:
            writer.add_annotation(page, Link(rect=rect, target_page_index=anchors[target]))
    writer.add_outline_item(title=_("Contents"), page_number=cover_pages)
    for rv in records:
        writer.add_outline_item(title=f"{rv.identifier} {rv.title}", page_number=anchors[rv.anchor])
    writer.add_outline_item(title=_("References"), page_number=anchors["references"])
    for part in index:
        writer.add_outline_item(title=part["heading"], page_number=anchors[f"index-{part['name']}"])
    writer.add_metadata(
        {
            "/Title": f"{context['compendium']} – {context['edition_title']}",
            "/Author": context["publisher"],
            "/Creator": context["publisher"],
        }
    )
    writer._root_object[NameObject("/Lang")] = TextStringObject(context["language"])
    writer.page_mode = "/UseOutlines"
    writer.write(out)


def _stamp_page_numbers(writer, *, start: int) -> None:
    """Print each page's number in the bottom right corner, from page ``start`` (0-based) on:
    the pieces were laid out apart, so their own numbering would restart."""
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
    )

    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    save = DecodedStreamObject()
    save.set_data(b"q\n")
    save = writer._add_object(save)
    size, digit = 8, 0.556  # Helvetica's digits are 556/1000 em wide
    for number, page in enumerate(writer.pages):
        if number < start:
            continue
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else DictionaryObject()
        fonts = resources.get("/Font")
        fonts = fonts.get_object() if fonts is not None else DictionaryObject()
        fonts[NameObject("/BarazaPageNumber")] = font
        resources[NameObject("/Font")] = fonts
        page[NameObject("/Resources")] = resources
        label = str(number + 1)
        box = page.mediabox
        x = float(box.right) - 51 - size * digit * len(label)  # the right margin: 18 mm
        y = float(box.bottom) + 28
        stamp = DecodedStreamObject()
        text = f"BT /BarazaPageNumber {size} Tf 0.333 g {x:.2f} {y:.2f} Td ({label}) Tj ET"
        stamp.set_data(f"Q q {text} Q\n".encode())
        contents = page.get("/Contents")
        parts = [save]
        if contents is not None:
            contents = contents.get_object()
            if isinstance(contents, ArrayObject):
                parts += list(contents)
            else:
                parts.append(page.raw_get("/Contents"))
        parts.append(writer._add_object(stamp))
        page[NameObject("/Contents")] = ArrayObject(parts)
