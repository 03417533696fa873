"""What a record gives out: its version history with readable diffs, its citation in three
formats, a PDF of any version, and the world map of published experiences.

Citations and PDFs come from a version's frozen snapshot, so they read the same forever. Only
published records have them; a withdrawn record's address shows its tombstone elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.http import require_GET

from baraza.compendium import citation, diff, queries, worldmap
from baraza.compendium.models import (
    TEXT_FIELDS,
    Experience,
    ExperienceVersion,
    Label,
    RelationKind,
    Status,
)
from baraza.core.pdf_fetcher import render_pdf
from baraza.core.policies import can

PDF_CACHE_SECONDS = 24 * 3600

# --- Reads ----------------------------------------------------------------------------------


def _language() -> str:
    language = (translation.get_language() or "en")[:2]
    return language if language in ("en", "fr") else "en"


def readable_experience(user, identifier: str) -> Experience:
    """A record whose history ``user`` may read: any published or withdrawn one, others only
    for the people who follow them in curation. Anything else is a 404, never a 403, so that
    drafts don't reveal that they exist."""
    experience = Experience.objects.filter(identifier=identifier).first()
    if experience is None:
        raise Http404
    if not can(user, "read_history", experience):
        raise Http404
    return experience


def public_version(identifier: str, number: str | None) -> ExperienceVersion:
    """A version of a published record: ``number`` (from the query string), or the current."""
    experience = Experience.objects.filter(identifier=identifier, status=Status.PUBLISHED).first()
    if experience is None:
        raise Http404
    if number is None:
        wanted = experience.version_number
    elif number.isdigit() and len(number) < 7:
        wanted = int(number)
    else:
        raise Http404
    version = ExperienceVersion.objects.filter(experience=experience, number=wanted).first()
    if version is None:
        raise Http404
    version.experience = experience
    return version


# --- History --------------------------------------------------------------------------------


@dataclass
class HistoryEntry:
    version: ExperienceVersion
    diff: diff.Diff
    label_display: str
    is_first: bool


@require_GET
def history(request, identifier: str):
    experience = readable_experience(request.user, identifier)
    language = _language()
    versions = list(
        ExperienceVersion.objects.filter(experience=experience)
        .defer("criteria_set", "published_by")
        .order_by("number")
    )
    # The history is public for a published record: relations to records that are not
    # public stay out of the differences (the loaded versions are never saved).
    for version, data in zip(
        versions, queries.public_data([v.data for v in versions]), strict=True
    ):
        version.data = data
    entries = []
    previous = None
    for version in versions:
        version.experience = experience
        entries.append(
            HistoryEntry(
                version=version,
                diff=diff.compare(previous.data if previous else None, version.data, language),
                label_display=(
                    str(Label(version.label).label) if version.label in Label.values else ""
                ),
                is_first=previous is None,
            )
        )
        previous = version
    entries.reverse()
    return render(
        request,
        "compendium/outputs/history.html",
        {
            "experience": experience,
            "title": experience.text("title", language),
            "entries": entries,
            "is_public": experience.status == Status.PUBLISHED,
        },
    )


# --- Citation -------------------------------------------------------------------------------


@require_GET
def cite(request, identifier: str, fmt: str):
    if fmt not in citation.FORMATS:
        raise Http404
    version = public_version(identifier, request.GET.get("version"))
    found = citation.of(version, _language())
    content_type, extension = citation.FORMATS[fmt]
    response = HttpResponse(citation.render(found, fmt), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{found.key}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- PDF ------------------------------------------------------------------------------------


def _text(data: dict, name: str, language: str) -> tuple[str, str]:
    """A text field in ``language``, else in the original: (text, the language it is in)."""
    texts = data.get("text", {}).get(name) or {}
    original = data.get("original_language") or "en"
    if texts.get(language):
        return texts[language], language
    return texts.get(original) or "", original


def _names(terms: list | None, language: str) -> str:
    return ", ".join(t.get(language) or t.get("en") or "" for t in terms or [] if t)


def printable(version: ExperienceVersion, language: str) -> dict:
    """The template context of a version's printed record, from its snapshot alone."""
    data = version.data
    title, title_language = _text(data, "title", language)
    summary, summary_language = _text(data, "summary", language)
    sections = []
    for name in TEXT_FIELDS:
        if name in ("title", "summary"):
            continue
        text, text_language = _text(data, name, language)
        if text:
            sections.append(
                {"label": diff.TEXT_LABELS[name], "text": text, "language": text_language}
            )
    facts = [(label, _names(data.get(name), language)) for name, label in diff.TERM_LABELS.items()]
    facts = [(label, value) for label, value in facts if value]
    return {
        "version": version,
        "data": data,
        "language": language,
        "title": title,
        "title_language": title_language,
        "summary": summary,
        "summary_language": summary_language,
        "sections": sections,
        "facts": facts,
        "subnational_area": data.get("subnational_area") or "",
        "engagement_level": _names([data.get("engagement_level")], language),
        "evidence_type": _names([data.get("evidence_type")], language),
        "period": diff.period_text(data),
        "cost": diff.cost_text(data),
        "contact": data.get("contact"),
        "references": [
            {**ref, "link": f"https://doi.org/{ref['doi']}" if ref.get("doi") else ref.get("url")}
            for ref in data.get("references") or []
        ],
        "relations": [
            {
                "kind": str(RelationKind(r["kind"]).label)
                if r.get("kind") in RelationKind.values
                else r.get("kind", ""),
                "identifier": r.get("identifier", ""),
            }
            for r in data.get("relations") or []
        ],
        "label_display": str(Label(version.label).label) if version.label in Label.values else "",
        "cite": citation.of(version, language),
    }


def _stylesheet() -> Path:
    found = finders.find("compendium/print.css")
    if not found:  # pragma: no cover - the file ships with the package
        raise FileNotFoundError("compendium/print.css")
    return Path(found)


def pdf_bytes(html: str) -> bytes:
    stylesheet = _stylesheet()
    return render_pdf(html, root=stylesheet.parent, stylesheet=stylesheet)


@require_GET
def pdf(request, identifier: str):
    version = public_version(identifier, request.GET.get("version"))
    language = _language()
    key = f"compendium:pdf:{version.pk}:{version.number}:{language}:{settings.SITE_URL}"
    content = cache.get(key)
    if content is None:
        version.data = queries.public_data([version.data])[0]  # never saved
        html = render_to_string(
            "compendium/outputs/record_pdf.html", printable(version, language), request=request
        )
        content = pdf_bytes(html)
        cache.set(key, content, PDF_CACHE_SECONDS)
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"{version.data.get('identifier', identifier)}.v{version.number}-{language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- The world map --------------------------------------------------------------------------


@require_GET
def world_map(request):
    return render(
        request,
        "compendium/outputs/map.html",
        {"world_map": worldmap.published_map(_language())},
    )
