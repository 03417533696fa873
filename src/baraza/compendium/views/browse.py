"""Browsing the compendium: the faceted list, a record's page (any version) and its files.

A record's page is rendered from the published version's frozen copy (``ExperienceVersion
.data``, see ``snapshot.py``), so an old version reads the same as the day it was published,
through the same template. A withdrawn record shows only its tombstone (410); a record that
is not public is not found (404), except for the people following its curation, who are sent
to its curation page.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from baraza.compendium import queries
from baraza.compendium.models import Label, Licence, RelationKind, Status
from baraza.core.policies import can
from baraza.taxonomy.models import WHORegion

CITE_BOX = "compendium/outputs/cite_box.html"
EXPORT_FORMATS = (("csv", "CSV"), ("json", "JSON"), ("xlsx", "Excel (XLSX)"))

TEXT_HEADINGS = {
    "summary": _("Summary"),
    "what_was_done": _("What was done"),
    "outcomes": _("Outcomes"),
    "lessons_learned": _("Lessons learned"),
    "facilitators": _("Facilitators"),
    "barriers": _("Barriers"),
    "challenges": _("Challenges"),
    "evidence_description": _("Evidence"),
    "population_description": _("People reached"),
}
# Keyed by (the original language, the translation's status).
TRANSLATION_NOTICES = {
    ("en", "missing"): _("Shown in English: the French translation is missing."),
    ("en", "stale"): _("Shown in English: the French translation is out of date."),
    ("fr", "missing"): _("Shown in French: the English translation is missing."),
    ("fr", "stale"): _("Shown in French: the English translation is out of date."),
}
OLDER_TRANSLATION = {
    "en": _("Read the out-of-date French translation"),
    "fr": _("Read the out-of-date English translation"),
}
RELATION_LABELS = {
    RelationKind.ADAPTS: _("Adapts"),
    RelationKind.REPLICATES: _("Replicates"),
    RelationKind.SCALES_UP: _("Scales up"),
    RelationKind.TRANSLATION_OF: _("Translation of"),
}
LICENCE_URLS = {
    "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "cc-by-sa-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "cc-by-nc-4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
    "cc0": "https://creativecommons.org/publicdomain/zero/1.0/",
}


def _optional_url(name: str, *args) -> str:
    """The URL of a page another part of the compendium provides, or "" until it exists."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _template_exists(name: str) -> bool:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


# --- The list -------------------------------------------------------------------------------


@require_GET
def index(request):
    found = queries.browse(request.GET)
    selection = found.selection
    page = Paginator(found.records, queries.PAGE_SIZE).get_page(request.GET.get("page"))
    query = selection.querydict().urlencode()
    chips = [
        {
            "facet": group.label,
            "name": value.name,
            "query": selection.querydict(without=(group.key, value.value)).urlencode(),
        }
        for group in found.facets
        for value in group.values
        if value.selected
    ]
    if selection.q:
        chips.append(
            {
                "facet": _("Words"),
                "name": selection.q,
                "query": selection.querydict(without=("q", selection.q)).urlencode(),
            }
        )
    exports = [
        (name, f"{url}?{query}" if query else url)
        for fmt, name in EXPORT_FORMATS
        if (url := _optional_url("compendium:export", fmt))
    ]
    return render(
        request,
        "compendium/browse/index.html",
        {
            "page": page,
            "cards": [_card(experience) for experience in page.object_list],
            "facets": [group for group in found.facets if group.values],
            "selection": selection,
            "problems": selection.problems,
            "chips": chips,
            "query": query,
            "sorts": list(queries.SORTS.items()),
            "exports": exports,
        },
    )


def _card(experience) -> dict:
    language = queries.reader_language()
    original = experience.original_language

    def text(field):
        translated = getattr(experience, f"{field}_{language}")
        return (translated, language) if translated else (experience.text(field), original)

    title, title_lang = text("title")
    summary, summary_lang = text("summary")
    level = experience.engagement_level
    return {
        "identifier": experience.identifier,
        "title": title,
        "title_lang": title_lang,
        "summary": summary,
        "summary_lang": summary_lang,
        "label": experience.label,
        "label_name": experience.get_label_display() if experience.label else "",
        "countries": [country.name for country in experience.countries.all()],
        "phases": [phase.name for phase in experience.phases.all()],
        "level": level.name if level else "",
    }


# --- A record -------------------------------------------------------------------------------


def _public(request, identifier: str, view_name: str, *args):
    """(the record, None) if it can be shown, else (None, the response to give instead)."""
    experience = queries.experience_by_identifier(identifier)
    if experience is None:
        raise Http404
    if experience.identifier != identifier:
        return None, redirect(view_name, experience.identifier, *args, permanent=True)
    if experience.status == Status.WITHDRAWN:
        return None, _tombstone(request, experience)
    if experience.status != Status.PUBLISHED:
        follow = can(request.user, "read", experience) and _optional_url(
            "compendium:follow", experience.identifier
        )
        if follow:
            return None, redirect(follow)
        raise Http404
    return experience, None


def _tombstone(request, experience):
    return render(
        request,
        "compendium/browse/tombstone.html",
        {
            "experience": experience,
            "title": experience.title,
            "cite_identifiers": queries.cite_identifiers(experience),
        },
        status=410,
    )


@require_GET
def detail(request, identifier: str):
    experience, response = _public(request, identifier, "compendium:detail")
    if response is not None:
        return response
    version = queries.version_of(experience, experience.version_number)
    if version is None:
        raise Http404
    return _record_page(request, experience, version)


@require_GET
def version(request, identifier: str, number: int):
    experience, response = _public(request, identifier, "compendium:version", number)
    if response is not None:
        return response
    found = queries.version_of(experience, number)
    if found is None:
        raise Http404
    return _record_page(request, experience, found)


def _record_page(request, experience, version):
    user = request.user
    record = _record(version.data, experience)
    topic = experience.topic if experience.topic_id else None
    return render(
        request,
        "compendium/browse/detail.html",
        {
            "experience": experience,
            "version": version,
            "record": record,
            "is_current": version.number == experience.version_number,
            "current_url": reverse("compendium:detail", args=[experience.identifier]),
            "label": (
                {"code": version.label, "name": Label(version.label).label}
                if version.label in Label.values
                else None
            ),
            "resources": queries.related_resources(user, experience),
            "topic": topic if topic is not None and can(user, "read", topic) else None,
            **_cite_box(version),
            "criteria_url": _optional_url("compendium:criteria"),
            "history_url": _optional_url("compendium:history", experience.identifier),
            "pdf_url": _optional_url("compendium:pdf", experience.identifier),
            "edit_url": can(user, "edit", experience)
            and _optional_url("compendium:edit", experience.identifier),
        },
    )


def _cite_box(version) -> dict:
    """The "how to cite" box's template and context, once the outputs area provides them."""
    try:
        from baraza.compendium import citation
    except ImportError:
        return {"cite_box": ""}
    if not _template_exists(CITE_BOX):
        return {"cite_box": ""}
    return {"cite_box": CITE_BOX, "cite": citation.of(version)}


def _reader_text(data: dict, field: str, language: str) -> dict | None:
    """A text field as the reader gets it: in their language if its translation is current,
    else in the original language with a notice (and the out-of-date translation, folded)."""
    texts = data.get("text", {}).get(field) or {}
    original = data.get("original_language", "en")
    original_text, translated = texts.get(original, ""), texts.get(language, "")
    status = data.get("translation_status", {}).get(field, "current")
    block = {"field": field, "heading": TEXT_HEADINGS.get(field, ""), "notice": "", "older": ""}
    if language == original or not original_text or (status == "current" and translated):
        text, lang = (translated, language) if translated else (original_text, original)
    else:
        text, lang = original_text, original
        block["notice"] = TRANSLATION_NOTICES.get((original, status), "")
        if status == "stale" and translated:
            block.update(older=translated, older_lang=language)
            block["older_label"] = OLDER_TRANSLATION.get(original, "")
    if not text:
        return None
    block.update(text=text, lang=lang)
    return block


def _names(items, language: str) -> list[str]:
    return [item.get(language) or item.get("en") or item.get("slug", "") for item in items or []]


def _record(data: dict, experience) -> dict:
    """The frozen copy of a version, ready for the template, in the reader's language."""
    language = queries.reader_language()
    texts = [_reader_text(data, field, language) for field in TEXT_HEADINGS]
    level = data.get("engagement_level")
    evidence = data.get("evidence_type")
    cost = data.get("cost")
    if cost:
        try:
            cost = {**cost, "amount": Decimal(cost.get("amount") or "")}
        except InvalidOperation:
            cost = None
    relations = data.get("relations") or []
    related = queries.related_records([r["identifier"] for r in relations])
    files = {a.pk: a for a in queries.attachments_of(experience)}
    by_name = {(a.name, a.size): a for a in files.values()}
    attachments = []
    for item in data.get("attachments") or []:
        current = files.get(item.get("id")) or by_name.get((item.get("name"), item.get("size")))
        attachments.append({**item, "pk": current.pk if current else None})
    return {
        "identifier": data.get("identifier", experience.identifier),
        "title": _reader_text(data, "title", language)
        or {"text": experience.identifier, "lang": language},
        "texts": [block for block in texts if block],
        "countries": _names(data.get("countries"), language),
        "region": (
            WHORegion(data["who_region"]).label
            if data.get("who_region") in WHORegion.values
            else ""
        ),
        "subnational_area": data.get("subnational_area", ""),
        "settings": _names(data.get("settings"), language),
        "phases": _names(data.get("phases"), language),
        "health_areas": _names(data.get("health_areas"), language),
        "approaches": _names(data.get("approaches"), language),
        "level": _names([level], language)[0] if level else "",
        "level_description": queries.level_description(level["slug"]) if level else "",
        "population_groups": _names(data.get("population_groups"), language),
        "partner_types": _names(data.get("partner_types"), language),
        "evidence_type": _names([evidence], language)[0] if evidence else "",
        "start_year": data.get("start_year"),
        "end_year": data.get("end_year"),
        "ongoing": data.get("ongoing", False),
        "cost": cost,
        "licence": (
            Licence(data["licence"]).label if data.get("licence") in Licence.values else ""
        ),
        "licence_url": LICENCE_URLS.get(data.get("licence", ""), ""),
        "contact": data.get("contact"),
        "references": [
            {**ref, "link": f"https://doi.org/{ref['doi']}" if ref.get("doi") else ref.get("url")}
            for ref in data.get("references") or []
        ],
        "relations": [
            {
                "kind": RELATION_LABELS.get(rel["kind"], rel["kind"]),
                "identifier": rel["identifier"],
                "title": related[rel["identifier"]].title,
                "withdrawn": related[rel["identifier"]].status == Status.WITHDRAWN,
            }
            for rel in relations
            if rel.get("identifier") in related
        ],
        "attachments": attachments,
    }


@require_GET
def attachment(request, identifier: str, pk: int):
    """A record's file, for whoever may read the record: drafts' files stay private."""
    experience = queries.experience_by_identifier(identifier)
    if experience is None or not can(request.user, "read", experience):
        raise Http404
    found = queries.attachment(experience, pk)
    if found is None:
        raise Http404
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.name,
        content_type=found.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
