"""The metadata formats: Dublin Core (``oai_dc``) and Baraza's own ``baraza`` format.

Both are built from a version's frozen ``data`` (compendium/snapshot.py), so a version reads
the same in every harvest. The ``baraza`` format is documented in docs/oai-pmh.md; its XML
Schema is ``static/oai/baraza-experience-v1.xsd``, served at ``/oai/schema/...``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from baraza.compendium.citation import LICENCES, version_url
from baraza.compendium.models import TEXT_FIELDS, ExperienceVersion
from baraza.core.xmltext import xml_text
from baraza.oai.protocol import XSI, datestamp

OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
BARAZA = "urn:baraza:oai:experience:1"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_FILE = Path(__file__).parent / "static" / "oai" / "baraza-experience-v1.xsd"

ET.register_namespace("oai_dc", OAI_DC)
ET.register_namespace("dc", DC)
ET.register_namespace("baraza", BARAZA)
ET.register_namespace("xsi", XSI)

SUBJECT_FIELDS = ("phases", "approaches", "health_areas")
# Vocabularies of the baraza format: lists of terms, then single terms.
TERM_LISTS = ("settings", "phases", "health_areas", "approaches", "population_groups",
              "partner_types")  # fmt: skip
SINGLE_TERMS = ("engagement_level", "evidence_type")


def record_url(identifier: str) -> str:
    with translation.override("en"):
        path = reverse("compendium:detail", args=[identifier])
    return settings.SITE_URL.rstrip("/") + path


# Characters XML 1.0 cannot hold at all: ElementTree would write them, and break the document.
clean = xml_text


def _sub(parent: ET.Element, tag: str, text=None, **attrib) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: clean(v) for k, v in attrib.items() if v is not None})
    if text is not None:
        element.text = clean(text)
    return element


def _text(data: dict, field: str) -> dict[str, str]:
    return {
        lang: " ".join((value or "").split())
        for lang, value in (data.get("text", {}).get(field) or {}).items()
        if lang in ("en", "fr") and (value or "").strip()
    }


def _years(data: dict) -> str:
    start, end = data.get("start_year"), data.get("end_year")
    if start and end:
        return f"{start}/{end}"
    if start:
        return f"{start}/.." if data.get("ongoing") else str(start)
    return ""


def _reference_link(reference: dict) -> str:
    return f"https://doi.org/{reference['doi']}" if reference.get("doi") else reference.get("url")


def oai_dc(identifier: str, version: ExperienceVersion) -> ET.Element:
    data = version.data
    root = ET.Element(f"{{{OAI_DC}}}dc")
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")

    def dc(tag: str, text, lang: str | None = None) -> None:
        if text:
            element = _sub(root, f"{{{DC}}}{tag}", text)
            if lang:
                element.set(XML_LANG, lang)

    for lang, title in _text(data, "title").items():
        dc("title", title, lang)
    contact = data.get("contact") or {}
    dc("contributor", contact.get("organisation"))
    for name in SUBJECT_FIELDS:
        for term in data.get(name) or []:
            if term:
                dc("subject", term.get("en"), "en")
                dc("subject", term.get("fr"), "fr")
    for lang, summary in _text(data, "summary").items():
        dc("description", summary, lang)
    dc("publisher", settings.SITE_NAME)
    dc("date", datestamp(version.published_at)[:10])
    dc("type", "Text")
    dc("type", "case study", "en")
    dc("format", "text/html")
    dc("identifier", record_url(identifier))
    dc("identifier", f"{identifier}.v{version.number}")
    dc("identifier", version_url(identifier, version.number, "en"))
    languages = {lang for lang in ("en", "fr") if _text(data, "title").get(lang)}
    for lang in sorted(languages or {data.get("original_language") or "en"}):
        dc("language", lang)
    for reference in data.get("references") or []:
        dc("relation", _reference_link(reference))
    for country in data.get("countries") or []:
        dc("coverage", country.get("en"), "en")
        dc("coverage", country.get("fr"), "fr")
    dc("coverage", data.get("who_region"))
    dc("coverage", _years(data))
    licence = LICENCES.get(data.get("licence") or "")
    dc("rights", licence[1] if licence else data.get("licence"))
    return root


def _names(parent: ET.Element, term: dict) -> None:
    for lang in ("en", "fr"):
        if term.get(lang):
            _sub(parent, f"{{{BARAZA}}}name", term[lang]).set(XML_LANG, lang)


def baraza(identifier: str, version: ExperienceVersion) -> ET.Element:
    data = version.data
    b = f"{{{BARAZA}}}"
    root = ET.Element(
        f"{b}experience",
        {"identifier": identifier, "version": str(version.number)},
    )
    root.set(f"{{{XSI}}}schemaLocation", f"{BARAZA} {schema_url()}")
    _sub(root, f"{b}versionIdentifier", f"{identifier}.v{version.number}")
    _sub(root, f"{b}url", version_url(identifier, version.number, "en"))
    _sub(root, f"{b}published", datestamp(version.published_at))
    if version.label or data.get("label"):
        _sub(root, f"{b}label", version.label or data.get("label"))
    _sub(root, f"{b}originalLanguage", data.get("original_language") or "en")
    licence = data.get("licence") or ""
    _sub(root, f"{b}licence", licence, uri=LICENCES.get(licence, ("", None))[1])
    status = data.get("translation_status") or {}
    for field in TEXT_FIELDS:
        texts = _text(data, field)
        if not texts:
            continue
        element = _sub(root, f"{b}text", field=field, translation=status.get(field))
        for lang, value in texts.items():
            _sub(element, f"{b}value", value).set(XML_LANG, lang)
    countries = _sub(root, f"{b}countries")
    for country in data.get("countries") or []:
        _names(_sub(countries, f"{b}country", code=country.get("code")), country)
    if data.get("who_region"):
        _sub(root, f"{b}whoRegion", data["who_region"])
    if data.get("subnational_area"):
        _sub(root, f"{b}subnationalArea", data["subnational_area"])
    for name in TERM_LISTS + SINGLE_TERMS:
        terms = data.get(name) if name in TERM_LISTS else [data.get(name)]
        terms = [t for t in terms or [] if t]
        if terms:
            vocabulary = _sub(root, f"{b}terms", vocabulary=name)
            for term in terms:
                _names(_sub(vocabulary, f"{b}term", slug=term.get("slug")), term)
    if data.get("start_year") or data.get("end_year") or data.get("ongoing"):
        _sub(
            root,
            f"{b}period",
            start=data.get("start_year"),
            end=data.get("end_year"),
            ongoing="true" if data.get("ongoing") else "false",
        )
    cost = data.get("cost")
    if cost:
        _sub(root, f"{b}cost", cost.get("notes") or None, amount=cost.get("amount"),
             currency=cost.get("currency") or None)  # fmt: skip
    contact = data.get("contact")
    if contact and (contact.get("name") or contact.get("organisation")):
        element = _sub(root, f"{b}contact")
        if contact.get("name"):
            _sub(element, f"{b}name", contact["name"])
        if contact.get("organisation"):
            _sub(element, f"{b}organisation", contact["organisation"])
    for reference in data.get("references") or []:
        element = _sub(
            root,
            f"{b}reference",
            year=reference.get("year") or None,
            doi=reference.get("doi") or None,
            url=reference.get("url") or None,
        )
        _sub(element, f"{b}title", reference.get("title") or "")
        if reference.get("publisher"):
            _sub(element, f"{b}publisher", reference["publisher"])
    for relation in data.get("relations") or []:
        _sub(root, f"{b}relation", kind=relation.get("kind"), identifier=relation.get("identifier"))
    if data.get("criteria_set_version"):
        _sub(root, f"{b}criteriaSetVersion", data["criteria_set_version"])
    return root


def schema_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("oai:schema")


@dataclass(frozen=True)
class Format:
    prefix: str
    namespace: str
    schema: Callable[[], str]
    build: Callable[[str, ExperienceVersion], ET.Element]


FORMATS = {
    "oai_dc": Format(
        "oai_dc", OAI_DC, lambda: "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", oai_dc
    ),
    "baraza": Format("baraza", BARAZA, schema_url, baraza),
}
