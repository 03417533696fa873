"""What every edition output shows of a record, in one language: built once, from the edition.

``views(edition, language)`` turns the edition's records (``queries.records``) into
``RecordView``s: the printable record of the single-record PDF (``printable``: texts in the
reader's language, else in the original, with the language they are in), plus what an edition
adds: whether the record was withdrawn since, the note on untranslated texts, and the terms
the index lists it under. The PDF, the EPUB and the offline bundle render the same views with
the same template (``editions/outputs/_record.html``); the dataset writes the same records.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baraza.compendium.views.outputs import printable
from baraza.core.xmltext import xml_safe, xml_text
from baraza.editions import queries
from baraza.editions.citation import cite_text, edition_url
from baraza.editions.models import Edition
from baraza.editions.queries import Record

LANGUAGES = ("en", "fr")
# The stylesheets and script of the outputs (shipped with the package's static files).
ASSETS = Path(__file__).resolve().parent.parent / "static" / "editions" / "outputs"
# A language inside a sentence: "shown in French", "names in English".
IN_LANGUAGE = {"en": gettext_lazy("in English"), "fr": gettext_lazy("in French")}
# The index of the PDF (and the offline index's filters): snapshot field -> its heading.
INDEX_FIELDS = ("countries", "phases", "approaches")


def index_headings() -> dict[str, str]:
    return {
        "countries": _("Index by country"),
        "phases": _("Index by phase"),
        "approaches": _("Index by approach"),
    }


@dataclass
class RecordView:
    record: Record
    language: str
    anchor: str  # an HTML id: "r-CE-2026-0042"
    context: dict  # printable(): title, summary, sections, facts, references, cite...
    withdrawn_note: str = ""
    translation_note: str = ""
    terms: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # field -> (key, name)

    @property
    def title(self) -> str:
        return self.context["title"]

    @property
    def identifier(self) -> str:
        return self.record.identifier


def _names(terms, language: str, key: str) -> list[tuple[str, str]]:
    return [(t[key], t.get(language) or t.get("en") or t[key]) for t in terms or [] if t]


def date_text(value) -> str:
    """The day of ``value`` (a moment) in the site's time zone, as the language writes it."""
    return formats.date_format(timezone.localdate(value), "DATE_FORMAT") if value else ""


def view(record: Record, language: str) -> RecordView:
    """One record as the outputs show it in ``language`` (call under translation.override)."""
    # Characters that XML cannot hold (pasted control characters) would break the EPUB's and
    # the offline website's XHTML: they are left out of every output.
    record = dataclasses.replace(record, data=xml_safe(record.data))
    context = printable(record, language)
    untranslated = {context["title_language"], context["summary_language"]} | {
        s["language"] for s in context["sections"]
    }
    untranslated.discard(language)
    note = ""
    if untranslated:
        original = untranslated.pop()
        note = _("Some texts of this record are not translated yet: they are shown %(in)s.") % {
            "in": IN_LANGUAGE.get(original, original)
        }
    withdrawn = ""
    if record.withdrawn_at:
        withdrawn = _("Withdrawn from the compendium since %(date)s.") % {
            "date": date_text(record.withdrawn_at)
        }
    data = record.data
    terms = {
        "countries": _names(data.get("countries"), language, "code"),
        "phases": _names(data.get("phases"), language, "slug"),
        "approaches": _names(data.get("approaches"), language, "slug"),
    }
    for section in context["sections"]:
        section["foreign"] = section["language"] != language
    context["published"] = date_text(record.published_at)
    context["title_foreign"] = context["title_language"] != language
    return RecordView(
        record=record,
        language=language,
        anchor=f"r-{record.identifier}",
        context=context,
        withdrawn_note=withdrawn,
        translation_note=note,
        terms=terms,
    )


def views(
    edition: Edition, language: str, progress: Callable[[int], None] | None = None, share=30
) -> Iterator[RecordView]:
    """The edition's records as views, in identifier order; reports up to ``share`` percent
    of progress on the way (about ten times)."""
    total = edition.entries.count() or 1
    step = max(1, total // 10)
    for i, record in enumerate(queries.records(edition), start=1):
        yield view(record, language)
        if progress and i % step == 0:
            progress(share * i // total)


def index(record_views: list[RecordView]) -> list[dict]:
    """The index: [{"name", "heading", "entries": [{"key", "name", "records"}]}], one part per
    field of ``INDEX_FIELDS``, its terms sorted by name (accents ignored)."""
    headings = index_headings()
    parts = []
    for name in INDEX_FIELDS:
        entries: dict[str, dict] = {}
        for rv in record_views:
            for key, label in rv.terms[name]:
                entries.setdefault(key, {"key": key, "name": label, "records": []})
                entries[key]["records"].append(rv)
        ordered = sorted(entries.values(), key=lambda e: fold(e["name"]))
        parts.append({"name": name, "heading": headings[name], "entries": ordered})
    return parts


# Letters that lose no accent but are written as two in plain Latin ("cœur" -> "coeur").
# search.js folds queries the same way, so both sides must agree.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})


def fold(text: str) -> str:
    """Lower case without accents: "Côte d’Ivoire" -> "cote d’ivoire", "Cœur" -> "coeur"
    (sorting, searching)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return plain.translate(_LIGATURES)


def edition_context(edition: Edition, language: str) -> dict:
    """What the cover, the title page and the metadata say, in ``language``."""
    return {
        "edition": edition,
        "language": language,
        "title": _("Community Engagement Compendium"),
        "compendium": _("%(site)s Community Engagement Compendium") % {"site": settings.SITE_NAME},
        "edition_title": _("Edition %(number)s") % {"number": edition.number},
        "released": date_text(edition.released_at),
        "cite": cite_text(edition, language),
        "url": edition_url(edition, language),
        "doi_url": f"https://doi.org/{edition.doi}" if edition.doi else "",
        "notes": xml_text(
            (edition.notes_fr if language == "fr" else edition.notes_en)
            or edition.notes_en
            or edition.notes_fr
        ),
        "publisher": settings.SITE_NAME,
        "index_headings": index_headings(),
    }


def override(language: str):
    return translation.override(language or "en")
