"""The whole record as one plain dict: what a version freezes, and what exports write.

Vocabulary terms are stored with their slug and both names, countries with their code and
both names, so that an old version reads the same after the vocabularies change.
"""

from __future__ import annotations

from baraza.compendium.models import TEXT_FIELDS, Experience

SCHEMA = 1

TERM_FIELDS = (
    "settings",
    "phases",
    "health_areas",
    "approaches",
    "population_groups",
    "partner_types",
)


def _term(term) -> dict | None:
    if term is None:
        return None
    return {"slug": term.slug, "en": term.name_en, "fr": term.name_fr}


def snapshot(experience: Experience) -> dict:
    data: dict = {
        "schema": SCHEMA,
        "identifier": experience.identifier,
        "original_language": experience.original_language,
        "text": {
            field: {
                "en": getattr(experience, f"{field}_en"),
                "fr": getattr(experience, f"{field}_fr"),
            }
            for field in TEXT_FIELDS
        },
        "translation_status": {
            field: experience.translation_status(field) for field in TEXT_FIELDS
        },
        "countries": [
            {"code": c.code, "en": c.name_en, "fr": c.name_fr}
            for c in experience.countries.order_by("code")
        ],
        "who_region": experience.who_region,
        "subnational_area": experience.subnational_area,
        "engagement_level": _term(experience.engagement_level),
        "evidence_type": _term(experience.evidence_type),
        "start_year": experience.start_year,
        "end_year": experience.end_year,
        "ongoing": experience.ongoing,
        "cost": (
            {
                "amount": str(experience.cost_amount),
                "currency": experience.cost_currency,
                "notes": experience.cost_notes,
            }
            if experience.cost_amount is not None
            else None
        ),
        "licence": experience.licence,
        "contact": (
            {
                "name": experience.contact_name,
                "email": experience.contact_email,
                "organisation": experience.contact_organisation,
            }
            if experience.contact_consent
            else None
        ),
        "references": [
            {
                "title": r.title,
                "publisher": r.publisher,
                "year": r.year,
                "doi": r.doi,
                "url": r.url,
            }
            for r in experience.references.all()
        ],
        "relations": [
            {"kind": rel.kind, "identifier": rel.target.identifier}
            for rel in experience.relations.select_related("target").order_by("kind", "target")
        ],
        "attachments": [
            {"id": a.pk, "name": a.name, "size": a.size, "content_type": a.content_type}
            for a in experience.attachments.all()
        ],
        "label": experience.label,
        "criteria_set_version": (
            experience.criteria_set.version if experience.criteria_set_id else None
        ),
    }
    for field in TERM_FIELDS:
        data[field] = [_term(t) for t in getattr(experience, field).order_by("position", "slug")]
    return data
