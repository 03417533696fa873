"""How to cite one version of an experience: a sentence to copy, BibTeX, RIS and CSL-JSON.

Everything comes from the version itself (its frozen ``data``, number and date), so a citation
of ``CE-2026-0042.v2`` reads the same forever. The sentence and the notes are written in the
reader's language, with the title in that language when the record has it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from baraza.compendium.models import ExperienceVersion, Label

FORMATS = {
    # format: (content type, file extension)
    "bib": ("application/x-bibtex; charset=utf-8", "bib"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
    "json": ("application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}

LICENCES = {
    "cc-by-4.0": ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "cc-by-sa-4.0": ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "cc-by-nc-4.0": ("CC BY-NC 4.0", "https://creativecommons.org/licenses/by-nc/4.0/"),
    "cc0": ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
}

# The vocabularies whose terms become keywords, in this order.
KEYWORD_FIELDS = ("phases", "approaches", "health_areas")


def _language(language: str | None) -> str:
    language = (language or translation.get_language() or "en")[:2]
    return language if language in ("en", "fr") else "en"


def version_url(identifier: str, number: int, language: str) -> str:
    """The permanent address of one version, on this site, in ``language``."""
    with translation.override(language):
        try:
            path = reverse("compendium:version", args=[identifier, number])
        except NoReverseMatch:  # the record pages live in another module of the app
            path = reverse("compendium:history", args=[identifier]) + f"#v{number}"
    return settings.SITE_URL.rstrip("/") + path


@dataclass(frozen=True)
class Citation:
    """What every format says about one version, in one language."""

    identifier: str
    number: int
    title: str
    title_language: str
    language: str  # the reader's, in which notes are written
    date: str  # YYYY-MM-DD
    year: int
    month: int
    day: int
    url: str
    compendium: str
    publisher: str
    licence: str
    licence_url: str
    label: str
    label_display: str
    summary: str
    keywords: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """``CE-2026-0042.v2``: the identifier with its version suffix."""
        return f"{self.identifier}.v{self.number}"

    @property
    def note(self) -> str:
        with translation.override(self.language):
            if self.label_display:
                return _("%(identifier)s, version %(number)s. Label: %(label)s.") % {
                    "identifier": self.identifier,
                    "number": self.number,
                    "label": self.label_display,
                }
            return _("%(identifier)s, version %(number)s.") % {
                "identifier": self.identifier,
                "number": self.number,
            }

    @property
    def text(self) -> str:
        """The "cite as" sentence."""
        title = self.title if self.title.endswith((".", "?", "!")) else f"{self.title}."
        with translation.override(self.language):
            return _(
                "%(compendium)s. %(title)s %(identifier)s, version %(number)s. "
                "Published %(date)s. %(url)s. Licence %(licence)s."
            ) % {
                "compendium": self.compendium,
                "title": title,
                "identifier": self.identifier,
                "number": self.number,
                "date": self.date,
                "url": self.url,
                "licence": self.licence,
            }


def of(version: ExperienceVersion, language: str | None = None) -> Citation:
    """The citation of ``version`` for a reader of ``language`` (default: the active one)."""
    language = _language(language)
    data = version.data
    original = data.get("original_language") or "en"
    titles = data.get("text", {}).get("title", {})
    title_language = language if titles.get(language) else original
    title = " ".join((titles.get(title_language) or titles.get(original) or "").split())
    identifier = data.get("identifier") or version.experience.identifier
    published = version.published_at.date()
    licence, licence_url = LICENCES.get(data.get("licence", ""), (data.get("licence", ""), ""))
    label = version.label or data.get("label") or ""
    with translation.override(language):
        compendium = _("%(site)s Community Engagement Compendium") % {"site": settings.SITE_NAME}
        label_display = str(Label(label).label) if label in Label.values else ""
    summaries = data.get("text", {}).get("summary", {})
    summary = summaries.get(title_language) or summaries.get(original) or ""
    keywords = [
        term[language] or term["en"]
        for name in KEYWORD_FIELDS
        for term in data.get(name) or []
        if term
    ]
    return Citation(
        identifier=identifier,
        number=version.number,
        title=title,
        title_language=title_language,
        language=language,
        date=published.isoformat(),
        year=published.year,
        month=published.month,
        day=published.day,
        url=version_url(identifier, version.number, language),
        compendium=compendium,
        publisher=settings.SITE_NAME,
        licence=licence,
        licence_url=licence_url,
        label=label,
        label_display=label_display,
        summary=" ".join(summary.split()),
        keywords=keywords,
    )


# --- BibTeX ---------------------------------------------------------------------------------

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}
_BIBTEX_RE = re.compile("|".join(re.escape(c) for c in _BIBTEX_SPECIAL))


def bibtex_escape(text: str) -> str:
    """Text safe inside a braced BibTeX field: LaTeX specials escaped, one line."""
    return _BIBTEX_RE.sub(lambda m: _BIBTEX_SPECIAL[m.group()], " ".join(text.split()))


def _bibtex_url(url: str) -> str:
    # Read verbatim by biblatex and \url; only braces and spaces could break the entry.
    return re.sub(r"[{}\s]", lambda m: f"%{ord(m.group()):02X}", url)


BIBTEX_LANGUAGES = {"en": "english", "fr": "french"}


def bibtex(citation: Citation) -> str:
    fields = [
        ("title", "{" + bibtex_escape(citation.title) + "}"),
        ("author", "{" + bibtex_escape(citation.compendium) + "}"),
        ("year", str(citation.year)),
        ("month", str(citation.month)),
        ("date", citation.date),
        ("howpublished", r"\url{" + _bibtex_url(citation.url) + "}"),
        ("url", _bibtex_url(citation.url)),
        ("version", str(citation.number)),
        ("publisher", bibtex_escape(citation.publisher)),
        ("number", bibtex_escape(citation.identifier)),
        ("language", BIBTEX_LANGUAGES[citation.title_language]),
        ("note", bibtex_escape(citation.note)),
    ]
    if citation.keywords:
        fields.append(("keywords", bibtex_escape(", ".join(citation.keywords))))
    if citation.licence:
        fields.append(("copyright", bibtex_escape(citation.licence)))
    key = re.sub(r"[^A-Za-z0-9.:_-]", "", citation.key)
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


# --- RIS ------------------------------------------------------------------------------------


def ris_value(text: str) -> str:
    """One RIS line's value: line breaks and runs of spaces become one space."""
    return " ".join(str(text).split())


def ris(citation: Citation) -> str:
    lines = [
        ("TY", "DATA"),
        ("ID", citation.key),
        ("TI", citation.title),
        ("AU", citation.compendium),
        ("PY", str(citation.year)),
        ("DA", f"{citation.year:04d}/{citation.month:02d}/{citation.day:02d}"),
        ("ET", str(citation.number)),
        ("PB", citation.publisher),
        ("T2", citation.compendium),
        ("M1", citation.identifier),
        ("UR", citation.url),
        ("LA", citation.title_language),
        *(("KW", keyword) for keyword in citation.keywords),
        ("AB", citation.summary),
        ("N1", citation.note),
        ("C1", citation.licence),
    ]
    text = "".join(f"{tag}  - {ris_value(value)}\r\n" for tag, value in lines if value)
    return text + "ER  - \r\n"


# --- CSL-JSON -------------------------------------------------------------------------------


def csl(citation: Citation) -> list[dict]:
    item = {
        "id": citation.key,
        "type": "dataset",
        "title": citation.title,
        "author": [{"literal": citation.compendium}],
        "container-title": citation.compendium,
        "issued": {"date-parts": [[citation.year, citation.month, citation.day]]},
        "URL": citation.url,
        "version": str(citation.number),
        "number": citation.identifier,
        "publisher": citation.publisher,
        "language": citation.title_language,
        "note": citation.note,
        "abstract": citation.summary,
        "keyword": ", ".join(citation.keywords),
        "license": citation.licence_url or citation.licence,
    }
    return [{k: v for k, v in item.items() if v not in ("", None)}]


def csl_json(citation: Citation) -> str:
    return json.dumps(csl(citation), ensure_ascii=False, indent=2) + "\n"


def render(citation: Citation, fmt: str) -> str:
    """The citation in ``fmt`` (a key of ``FORMATS``)."""
    return {"bib": bibtex, "ris": ris, "json": csl_json}[fmt](citation)
