"""schema.org descriptions (JSON-LD) of a record's version and of an edition, for search
engines and dataset catalogues, and the Open Graph tags that make shared links preview well.

Everything comes from what is already public: a version's frozen ``data`` (see
``snapshot.py``) and an edition's manifest and ready files. ``dumps`` writes JSON that is safe
inside ``<script type="application/ld+json">``: ``<``, ``>`` and ``&`` are escaped as
``\\u003c``..., so no text in a record (a title holding ``</script>``) can end the block.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from baraza.compendium import citation
from baraza.compendium.models import ExperienceVersion, Status

CONTEXT = "https://schema.org"
# The content type of each kind of edition file.
ENCODINGS = {
    "pdf": "application/pdf",
    "epub": "application/epub+zip",
    "offline": "application/zip",
    "dataset": "application/zip",
}
OG_LOCALES = {"en": "en_GB", "fr": "fr_FR"}
_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def dumps(data: dict) -> str:
    """``data`` as JSON to embed in an HTML ``<script>`` data block."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _url(name: str, *args) -> str:
    return absolute(reverse(name, args=args))


def _language(language: str | None) -> str:
    language = (language or translation.get_language() or "en")[:2]
    return language if language in ("en", "fr") else "en"


def _publisher() -> dict:
    return {"@type": "Organization", "name": settings.SITE_NAME, "url": absolute("/")}


def compendium(language: str | None = None) -> dict:
    """The compendium as a collection: what records and editions are part of."""
    with translation.override(_language(language)):
        return {
            "@type": "Collection",
            "name": _("%(site)s Community Engagement Compendium") % {"site": settings.SITE_NAME},
            "url": _url("compendium:index"),
        }


def _reference(ref: dict) -> dict:
    item = {"@type": "CreativeWork", "name": ref.get("title", "")}
    if ref.get("publisher"):
        item["publisher"] = ref["publisher"]
    if ref.get("year"):
        item["datePublished"] = str(ref["year"])
    if ref.get("doi"):
        item["identifier"] = f"https://doi.org/{ref['doi']}"
        item["url"] = item["identifier"]
    elif ref.get("url"):
        item["url"] = ref["url"]
    return item


def record(version: ExperienceVersion, language: str | None = None) -> dict | None:
    """A published record's version as a schema.org ``Article``; None unless the record is
    published (a draft, or a withdrawn record, is described nowhere)."""
    experience = version.experience
    if experience.status != Status.PUBLISHED:
        return None
    language = _language(language)
    cite = citation.of(version, language)
    data = version.data
    first = experience.published_at or version.published_at
    item = {
        "@context": CONTEXT,
        "@type": "Article",
        "@id": cite.url,
        "url": cite.url,
        "mainEntityOfPage": _url("compendium:detail", cite.identifier),
        "name": cite.title,
        "headline": cite.title[:110],
        "description": cite.summary,
        "inLanguage": cite.title_language,
        "identifier": cite.key,
        "version": str(version.number),
        "datePublished": first.date().isoformat(),
        "dateModified": version.published_at.date().isoformat(),
        "license": cite.licence_url or cite.licence,
        "keywords": cite.keywords,
        "spatialCoverage": [
            {
                "@type": "Country",
                "name": c.get(language) or c.get("en", ""),
                "identifier": c["code"],
            }
            for c in data.get("countries") or []
            if c.get("code")
        ],
        "isPartOf": compendium(language),
        "publisher": _publisher(),
        "citation": [_reference(ref) for ref in data.get("references") or []],
    }
    start, end = data.get("start_year"), data.get("end_year")
    if start:
        item["temporalCoverage"] = (
            f"{start}/.." if data.get("ongoing") else f"{start}/{end}" if end else str(start)
        )
    return {key: value for key, value in item.items() if value not in ("", [], None)}


def _file_url(edition, output) -> str:
    """Where an edition file downloads from (the editions app's ``editions:download``)."""
    return _url("editions:download", edition.number, output.filename)


def edition(edition, *, file_url: Callable | None = None, language: str | None = None) -> dict:
    """An edition as a schema.org ``Dataset``: its number, date, DOI, licences, its ready
    files as downloads and how many records it holds. Two queries (the files, the entries).

    ``file_url(output)`` gives a file's download address (default: ``editions:download`` with the
    edition number and the file's name)."""
    from baraza.editions.models import BuildState

    language = _language(language)
    part_of = compendium(language)
    with translation.override(language):
        name = _("%(compendium)s, edition %(number)s") % {
            "compendium": part_of["name"],
            "number": edition.number,
        }
        description = edition.notes or name
        records_name = _("Community engagement experiences")
    files = edition.files.filter(state=BuildState.READY).order_by("kind", "language")
    licences = sorted(
        {
            value
            for value in edition.entries.values_list("version__data__licence", flat=True)
            if isinstance(value, str)
        }
    )
    entries = edition.entries.count()
    url = _url("editions:detail", edition.number)
    item = {
        "@context": CONTEXT,
        "@type": "Dataset",
        "@id": url,
        "url": url,
        "name": name,
        "description": description,
        "version": edition.number,
        "datePublished": edition.released_at.date().isoformat(),
        "inLanguage": ["en", "fr"],
        "isPartOf": part_of,
        "publisher": _publisher(),
        "creator": _publisher(),
        "license": [citation.LICENCES.get(code, (code, code))[1] or code for code in licences],
        "distribution": [
            {
                "@type": "DataDownload",
                "name": output.filename,
                "contentUrl": (file_url or (lambda f: _file_url(edition, f)))(output),
                "encodingFormat": ENCODINGS.get(output.kind, "application/octet-stream"),
                "contentSize": f"{output.size} B" if output.size is not None else "",
                **({"inLanguage": output.language} if output.language else {}),
                **({"sha256": output.sha256} if output.sha256 else {}),
            }
            for output in files
        ],
        "hasPart": {"@type": "ItemList", "name": records_name, "numberOfItems": entries},
    }
    if edition.doi:
        doi = edition.doi.removeprefix("https://doi.org/")
        item["identifier"] = f"https://doi.org/{doi}"
        item["sameAs"] = item["identifier"]
    for download in item["distribution"]:
        for key in [k for k, v in download.items() if v in ("", None)]:
            del download[key]
    return {key: value for key, value in item.items() if value not in ("", [], None)}


# --- Open Graph -----------------------------------------------------------------------------


def open_graph(*, title: str, description: str, path: str, kind: str = "website") -> list:
    """(property, content) pairs of the Open Graph tags of the page at ``path``, in the active
    language: og:title, og:description, og:type, og:url, og:site_name, og:locale and the other
    language as og:locale:alternate."""
    language = _language(None)
    tags = [
        ("og:title", " ".join(str(title).split())),
        ("og:description", " ".join(str(description).split())[:300]),
        ("og:type", kind),
        ("og:url", absolute(path)),
        ("og:site_name", settings.SITE_NAME),
        ("og:locale", OG_LOCALES[language]),
    ]
    tags += [("og:locale:alternate", og) for code, og in OG_LOCALES.items() if code != language]
    return [(name, content) for name, content in tags if content]
