"""The edition as a website to read offline (zip): open ``index.html`` from ``file://``.

- ``index.html``: the choice of language; ``en/index.html``, ``fr/index.html``: the edition
  (cite text, notes), its records, and the records by country, phase and approach;
- ``en/records/<identifier>.html``: one page per record and language, each linking to the
  other language's page;
- ``assets/style.css``, ``assets/search.js`` (written for this bundle) and
  ``assets/search-index.js``, which sets the global ``BARAZA_SEARCH`` (a page opened from
  ``file://`` cannot fetch a JSON file): ``{language: [{id, title, url, text}]}``, ``text``
  being the record's words without accents, in lower case, each once.

Links are relative, nothing is fetched from elsewhere, and everything but the search works
without JavaScript. The pages come from the shared record views (``common.py``).
"""

from __future__ import annotations

import json
import re
import zipfile

from django.template.loader import render_to_string

from baraza.editions.outputs import common

LANGUAGE_NAMES = {"en": "English", "fr": "Français"}
_WORDS = re.compile(r"[0-9a-z]+")


def search_text(rv: common.RecordView) -> str:
    """The record's words, accents and case folded, each once, in order of appearance."""
    c = rv.context
    parts = [rv.identifier, c["title"], c["summary"], *(s["text"] for s in c["sections"])]
    parts += [value for _label, value in c["facts"]]
    parts += [c["engagement_level"], c["evidence_type"], c["subnational_area"]]
    words = _WORDS.findall(common.fold(" ".join(p for p in parts if p)))
    return " ".join(dict.fromkeys(words))


def build(edition, language, out, progress) -> None:
    search: dict[str, list[dict]] = {}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for position, lang in enumerate(common.LANGUAGES):
            other = "fr" if lang == "en" else "en"
            with common.override(lang):
                context = common.edition_context(edition, lang)
                context.update(root="../../", other=other, other_name=LANGUAGE_NAMES[other])
                records, entries = [], []
                for rv in common.views(edition, lang):
                    archive.writestr(
                        f"{lang}/records/{rv.identifier}.html",
                        render_to_string(
                            "editions/outputs/offline_record.html", {**context, "rv": rv}
                        ),
                    )
                    entries.append(
                        {
                            "id": rv.identifier,
                            "title": rv.title,
                            "url": f"records/{rv.identifier}.html",
                            "text": search_text(rv),
                        }
                    )
                    rv.context = {
                        k: rv.context[k] for k in ("title", "title_language", "label_display")
                    }  # the index page needs no more: keep memory small
                    records.append(rv)
                search[lang] = entries
                context.update(root="../", records=records, index=common.index(records))
                archive.writestr(
                    f"{lang}/index.html",
                    render_to_string("editions/outputs/offline_index.html", context),
                )
                if lang == "en":
                    context["root"] = ""
                    archive.writestr(
                        "index.html",
                        render_to_string("editions/outputs/offline_root.html", context),
                    )
            progress(45 * (position + 1))
        archive.writestr(
            "assets/search-index.js",
            "window.BARAZA_SEARCH = "
            + json.dumps(search, ensure_ascii=False, separators=(",", ":"))
            + ";\n",
        )
        archive.write(common.ASSETS / "offline.css", "assets/style.css")
        archive.write(common.ASSETS / "search.js", "assets/search.js")
    progress(100)
