"""The dataset's table schema: every column of ``experiences.csv`` (the compendium export's
columns, ``exporter.COLUMNS``, plus the edition and the withdrawal), with its Table Schema
type, its constraints and its meaning, which the data dictionary gives in both languages."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from baraza.compendium import exporter
from baraza.compendium.citation import LICENCES
from baraza.compendium.diff import TERM_LABELS, TEXT_LABELS
from baraza.compendium.models import TEXT_FIELDS, Label
from baraza.editions.outputs.common import IN_LANGUAGE
from baraza.taxonomy.models import WHORegion

COLUMNS = (*exporter.COLUMNS, "edition", "withdrawn_since")
SINGLE_TERM_LABELS = {
    "engagement_level": _("Level of engagement"),
    "evidence_type": _("Type of evidence"),
}


@dataclass
class Column:
    name: str
    type: str
    description: str | Promise
    constraints: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    def descriptor(self) -> dict:
        result = {"name": self.name, "type": self.type, "description": str(self.description)}
        if self.constraints:
            result["constraints"] = self.constraints
        return result | self.extra


def _fmt(message, **values) -> str:
    return str(message) % {k: str(v) for k, v in values.items()}


def columns() -> list[Column]:
    """Every column, its description in the active language."""
    boolean = {"trueValues": ["true"], "falseValues": ["false"]}
    found: dict[str, Column] = {
        "external_key": Column(
            "external_key",
            "string",
            _("The key that matches the record again when this file is imported into a site."),
        ),
        "identifier": Column(
            "identifier",
            "string",
            _("The record's permanent identifier, e.g. CE-2026-0042."),
            {"required": True, "unique": True, "pattern": r"CE-[0-9]{4}-[0-9]{4,}"},
        ),
        "version": Column(
            "version",
            "integer",
            _("The number of the record's version in this edition."),
            {"required": True, "minimum": 1},
        ),
        "label": Column(
            "label",
            "string",
            _("The record's label (empty when it has none)."),
            {"enum": list(Label.values)},
        ),
        "criteria_set_version": Column(
            "criteria_set_version",
            "integer",
            _("The version of the criteria set the record was assessed with."),
        ),
        "original_language": Column(
            "original_language",
            "string",
            _("The language the record was written in: en or fr."),
            {"required": True, "enum": ["en", "fr"]},
        ),
        "who_region": Column(
            "who_region",
            "string",
            _("The WHO region of the record's countries."),
            {"enum": list(WHORegion.values)},
        ),
        "subnational_area": Column("subnational_area", "string", _("The subnational area.")),
        "start_year": Column("start_year", "integer", _("The year the experience started.")),
        "end_year": Column(
            "end_year", "integer", _("The year the experience ended (empty when ongoing).")
        ),
        "ongoing": Column(
            "ongoing", "boolean", _("Whether the experience is still going on."), extra=boolean
        ),
        "cost_amount": Column("cost_amount", "number", _("The cost of the experience.")),
        "cost_currency": Column(
            "cost_currency", "string", _("The currency of the cost (ISO 4217 code).")
        ),
        "cost_notes": Column("cost_notes", "string", _("Notes on the cost.")),
        "licence": Column(
            "licence",
            "string",
            _("The licence of the record's text."),
            {"enum": list(LICENCES)},
        ),
        "contact_name": Column(
            "contact_name", "string", _("The contact person, when they agreed to be shown.")
        ),
        "contact_email": Column(
            "contact_email", "string", _("The contact's email, when they agreed to be shown.")
        ),
        "contact_organisation": Column(
            "contact_organisation", "string", _("The contact's organisation.")
        ),
        "contact_consent": Column(
            "contact_consent",
            "boolean",
            _("Whether the contact agreed to be shown."),
            extra=boolean,
        ),
        "references": Column(
            "references",
            "array",
            _("The references: a JSON array of objects with title, publisher, year, doi, url."),
        ),
        "relations": Column(
            "relations",
            "array",
            _("Related records: a JSON array of objects with kind and identifier."),
        ),
        "edition": Column("edition", "string", _("The edition's number."), {"required": True}),
        "withdrawn_since": Column(
            "withdrawn_since",
            "date",
            _("The day the record was withdrawn, after this edition (empty if it was not)."),
        ),
    }
    for name in TEXT_FIELDS:
        for language in ("en", "fr"):
            found[f"{name}_{language}"] = Column(
                f"{name}_{language}",
                "string",
                _fmt(
                    _("%(field)s, %(in_language)s (empty when not written)."),
                    field=TEXT_LABELS[name],
                    in_language=IN_LANGUAGE[language],
                ),
            )
    term_labels = {**TERM_LABELS, **SINGLE_TERM_LABELS}
    for name, label in term_labels.items():
        code = _("codes") if name == "countries" else _("slugs")
        found[name] = Column(
            name,
            "string",
            _fmt(_('%(field)s: their %(what)s, separated by " | ".'), field=label, what=code),
        )
        for language in ("en", "fr"):
            found[f"{name}_{language}"] = Column(
                f"{name}_{language}",
                "string",
                _fmt(
                    _('%(field)s: their names %(in_language)s, separated by " | ".'),
                    field=label,
                    in_language=IN_LANGUAGE[language],
                ),
            )
    return [found[name] for name in COLUMNS]
