"""The edition as an EPUB 3 e-book in one language (ebooklib): a title page with the "cite
this edition" text, one XHTML document per record, the index by country, phase and approach,
a navigation document and an NCX (for older readers), and the edition's metadata. It passes
``epubcheck``; the record documents are rendered from the shared record views
(``common.py``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.template.loader import render_to_string
from ebooklib import epub

from baraza.editions.outputs import common

STYLESHEET = common.ASSETS / "epub.css"


def book(edition, language: str, progress) -> epub.EpubBook:
    with common.override(language):
        context = common.edition_context(edition, language)
        result = epub.EpubBook()
        result.set_identifier(context["doi_url"] or context["url"])
        result.set_title(f"{context['compendium']} – {context['edition_title']}")
        result.set_language(language)
        result.add_author(context["publisher"])
        result.add_metadata("DC", "publisher", context["publisher"])
        result.add_metadata("DC", "date", edition.released_at.date().isoformat())
        result.add_metadata("DC", "rights", context["cite"])
        style = epub.EpubItem(
            uid="style",
            file_name="style/edition.css",
            media_type="text/css",
            content=STYLESHEET.read_bytes(),
        )
        result.add_item(style)

        def page(uid: str, name: str, title: str, html: str) -> epub.EpubHtml:
            item = epub.EpubHtml(uid=uid, file_name=name, title=title, lang=language)
            item.content = html
            item.add_item(style)
            result.add_item(item)
            return item

        title_page = page(
            "title",
            "title.xhtml",
            context["title"],
            render_to_string("editions/outputs/epub_title.html", context),
        )
        chapters, records = [], []
        for rv in common.views(edition, language, progress, share=70):
            records.append(rv)
            chapters.append(
                page(
                    rv.anchor,
                    f"{rv.anchor}.xhtml",
                    f"{rv.identifier} {rv.title}",
                    render_to_string("editions/outputs/epub_chapter.html", {"rv": rv}),
                )
            )
        indexes = [
            page(
                f"index-{part['name']}",
                f"index-{part['name']}.xhtml",
                part["heading"],
                render_to_string(
                    "editions/outputs/epub_index.html", {"part": part, "language": language}
                ),
            )
            for part in common.index(records)
        ]
        records.clear()
        result.toc = [title_page, *chapters, *indexes]
        result.add_item(epub.EpubNcx())
        result.add_item(epub.EpubNav())
        result.spine = ["nav", title_page, *chapters, *indexes]
    return result


def build(edition, language, out, progress) -> None:
    result = book(edition, language, progress)
    progress(80)
    # ebooklib writes to a path; the file is copied to ``out`` in blocks.
    with tempfile.TemporaryDirectory(prefix="baraza-epub-") as folder:
        path = Path(folder) / "edition.epub"
        epub.write_epub(str(path), result, {"epub3_pages": False})
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                out.write(block)
    progress(100)
