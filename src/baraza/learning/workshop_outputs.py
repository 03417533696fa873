"""What a workshop package's published version shows: its page, the printable agenda, the
facilitator guide and the participant workbook.

Everything is built from the frozen version (``PackageVersion.data``, see ``snapshot``), never
from the tables being edited. Linked experiences are the one live part: their titles and
summaries are read from the compendium when the page or the PDF is made, so a withdrawn or
unpublished record says so instead of showing stale text.

The PDFs are rendered with WeasyPrint inside ``translation.override(language)``: the language
is the one of the URL (``/en/`` or ``/fr/``), for the interface and for the package's texts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from baraza.compendium.diff import TEXT_LABELS
from baraza.compendium.models import Status
from baraza.core import pdf_fetcher
from baraza.learning import queries
from baraza.learning.models import Audience, Level, Licence, Method, PackageVersion, Scale, When
from baraza.learning.snapshot import pick

PRINT_STYLESHEET = "learning/workshops_print.css"
WRITTEN_IN = {"en": _("Written in English."), "fr": _("Written in French.")}
TRANSLATION_COMPLETE = {
    "en": _("The English translation is complete."),
    "fr": _("The French translation is complete."),
}
TRANSLATION_INCOMPLETE = {
    "en": _(
        "The English translation is not complete (texts missing: %(missing)d; out of date: "
        "%(stale)d); those texts show in the original language."
    ),
    "fr": _(
        "The French translation is not complete (texts missing: %(missing)d; out of date: "
        "%(stale)d); those texts show in the original language."
    ),
}
# The compendium's fields that a case-harvesting template asks for, in the submission's order.
HARVEST_FIELDS = (
    "title",
    "summary",
    "what_was_done",
    "outcomes",
    "lessons_learned",
    "facilitators",
    "barriers",
    "population_description",
)


@dataclass(frozen=True)
class Card:
    """A linked experience as it stands now in the compendium."""

    identifier: str
    title: str
    summary: str
    # "published", "withdrawn" or "unavailable" (gone back to curation, or deleted).
    state: str
    url: str


def language_of_request() -> str:
    language = (translation.get_language() or "en")[:2]
    return language if language in ("en", "fr") else "en"


def variant_of(data: dict, key: str | None) -> dict | None:
    """The variant ``key`` of a version (the first one when no key is given), else None."""
    variants = data.get("variants") or []
    if not key:
        return variants[0] if variants else None
    return next((variant for variant in variants if variant["key"] == key), None)


def _fields_needing_translation(node) -> tuple[int, int]:
    missing = stale = 0
    if isinstance(node, dict):
        for status in (node.get("translation") or {}).values():
            missing += status == "missing"
            stale += status == "stale"
        children = [value for key, value in node.items() if key != "translation"]
    elif isinstance(node, list):
        children = node
    else:
        return 0, 0
    for child in children:
        more_missing, more_stale = _fields_needing_translation(child)
        missing += more_missing
        stale += more_stale
    return missing, stale


def translation_state(data: dict) -> dict:
    """The original language, the translation's language and how many texts of the version
    still lack a translation or have one made from an older original."""
    original = data.get("original_language") or "en"
    other = "fr" if original == "en" else "en"
    missing, stale = _fields_needing_translation(data)
    complete = not missing and not stale
    return {
        "written": WRITTEN_IN[original],
        "status": TRANSLATION_COMPLETE[other]
        if complete
        else TRANSLATION_INCOMPLETE[other] % {"missing": missing, "stale": stale},
        "missing": missing,
        "stale": stale,
        "complete": complete,
    }


def cards_for(identifiers: list[str]) -> dict[str, Card]:
    """Every identifier's card, read live (one query)."""
    found = queries.experience_cards(identifiers)
    cards = {}
    for identifier in identifiers:
        experience = found.get(identifier)
        if experience is None:
            cards[identifier] = Card(identifier, "", "", "unavailable", "")
            continue
        state = "withdrawn" if experience.status == Status.WITHDRAWN else "published"
        cards[identifier] = Card(
            identifier=identifier,
            title=experience.text("title"),
            summary=experience.text("summary") if state == "published" else "",
            state=state,
            url=reverse("compendium:detail", args=[identifier]),
        )
    return cards


def _clock(start: str, minutes: int) -> str:
    hours, mins = (int(part) for part in start.split(":"))
    moment = dt.datetime(2000, 1, 1, hours, mins) + dt.timedelta(minutes=minutes)
    return moment.strftime("%H:%M")


def _session(session: dict, cards: dict[str, Card]) -> dict:
    elapsed = 0
    steps = []
    for step in session["steps"]:
        steps.append(
            {
                **step,
                "starts_at": _clock(session["starts_at"], elapsed),
                "ends_at": _clock(session["starts_at"], elapsed + step["minutes"]),
            }
        )
        elapsed += step["minutes"]
    overrun_by = session["step_minutes"] - session["slot_minutes"]
    return {
        **session,
        "steps": steps,
        "method_label": Method(session["method"]).label
        if session["method"] in Method.values
        else session["method"],
        "overrun_by": overrun_by if overrun_by > 0 else 0,
        "cards": [cards[identifier] for identifier in session["experiences"]],
    }


def agenda(variant: dict, cards: dict[str, Card] | None = None) -> list[dict]:
    """The variant's days, each session with its method's name, its overrun in minutes, its
    steps' clock times and its linked experiences' cards."""
    cards = cards or {}
    return [
        {**day, "sessions": [_session(session, cards) for session in day["sessions"]]}
        for day in variant["days"]
    ]


EMPTY_VARIANT = {"key": "", "name": {}, "minutes": 0, "days": [], "translation": {}}


def variant_identifiers(variant: dict) -> list[str]:
    seen: dict[str, None] = {}
    for day in variant["days"]:
        for session in day["sessions"]:
            for identifier in session["experiences"]:
                seen[identifier] = None
    return list(seen)


def checklist_by_when(data: dict) -> list[dict]:
    """The preparation checklist in groups, from two weeks before to after the workshop."""
    groups = []
    for when in When:
        tasks = [task for task in data.get("checklist") or [] if task["when"] == when.value]
        if tasks:
            groups.append({"label": when.label, "tasks": tasks})
    return groups


def evaluation_form(data: dict) -> list[dict]:
    """The evaluation questions with their position number (the upload's column names)."""
    return [
        {
            **question,
            "number": number,
            "rating": question["scale"] == Scale.RATING,
            "scale_label": Scale(question["scale"]).label
            if question["scale"] in Scale.values
            else question["scale"],
        }
        for number, question in enumerate(data.get("evaluation") or [], start=1)
    ]


def _label(choices, value: str) -> str:
    return choices(value).label if value in choices.values else value


def outline(data: dict) -> dict:
    """The package's facts, with the labels of its coded values."""
    return {
        "audience": _label(Audience, data.get("audience", "")),
        "level": _label(Level, data.get("level", "")),
        "licence": _label(Licence, data.get("licence", "")),
        "hours": data.get("notional_hours", ""),
        "translation": translation_state(data),
    }


def harvesting_sessions(variant: dict) -> list[dict]:
    return [
        session
        for day in variant["days"]
        for session in day["sessions"]
        if session.get("harvests_cases")
    ]


def context(version: PackageVersion, variant: dict | None) -> dict:
    """What the workshop page, the agenda and both PDFs show of a version's variant (a
    version without variants shows its outline only)."""
    data = version.data
    variant = variant or EMPTY_VARIANT
    cards = cards_for(variant_identifiers(variant))
    return {
        "version": version,
        "data": data,
        "variant": variant,
        "variants": data.get("variants") or [],
        "days": agenda(variant, cards),
        "outline": outline(data),
        "checklist": checklist_by_when(data),
        "evaluation": evaluation_form(data),
        "pre_post": data.get("pre_post") or [],
        "cards": list(cards.values()),
        "harvests_cases": bool(harvesting_sessions(variant)),
        "harvest_labels": [TEXT_LABELS[name] for name in HARVEST_FIELDS],
        "language": language_of_request(),
        "title": pick(data.get("title")),
    }


# --- PDFs -------------------------------------------------------------------------------------


def _stylesheet() -> Path:
    found = finders.find(PRINT_STYLESHEET)
    if not found:  # pragma: no cover - the file ships with the package
        raise FileNotFoundError(PRINT_STYLESHEET)
    return Path(found)


def pdf_bytes(html: str) -> bytes:
    stylesheet = _stylesheet()
    return pdf_fetcher.render_pdf(html, root=stylesheet.parent, stylesheet=stylesheet)


TEMPLATES = {
    "guide": "learning/workshops/guide_pdf.html",
    "workbook": "learning/workshops/workbook_pdf.html",
}


def render_pdf(kind: str, version: PackageVersion, variant: dict, language: str) -> bytes:
    """The facilitator guide (``guide``) or the participant workbook (``workbook``) of a
    version's variant, in ``language``."""
    with translation.override(language):
        html = render_to_string(TEMPLATES[kind], context(version, variant))
    return pdf_bytes(html)


def filename(kind: str, version: PackageVersion, variant: dict, language: str) -> str:
    names = {"guide": "facilitator-guide", "workbook": "participant-workbook"}
    return f"{version.data['slug']}-v{version.number}-{variant['key']}-{names[kind]}-{language}.pdf"
