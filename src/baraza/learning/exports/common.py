"""The one renderer: a version's data as a static website in one language.

The site's files, by path::

    index.html                  the package: summary, competencies, contents
    pre-test.html, post-test.html   the paired test (if the package has one)
    lesson-<key>.html           one page per lesson: its text, experience cards, downloads and
                                knowledge checks
    quiz-<module key>.html      one page per module quiz
    files/<item key>/<name>     the downloads
    assets/package.css, assets/package.js, assets/messages.js

Every link between them is relative and no page fetches anything: the pages work from
``file://``, inside a learning platform's frame, and without JavaScript (the answers then wait
in ``<details>``). Experience cards link to the record on ``settings.SITE_URL``; that address is
the only one outside the package, and only as a link.

``assets/package.js`` scores quizzes and checks in the browser and, when the page sits inside the
SCORM launch page (``scorm.py``), tells it which lesson was visited and what a quiz scored.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from baraza.core.markdown import render as markdown
from baraza.learning import queries
from baraza.learning.models import Audience, Level, Licence, PackageVersion
from baraza.learning.snapshot import experience_identifiers, pick

LANGUAGES = ("en", "fr")
ASSETS = Path(__file__).resolve().parent.parent / "static" / "learning" / "export"
TEMPLATES = "learning/exports/package/"
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_KEY = re.compile(r"^[A-Za-z0-9]{1,40}$")
_SITE_PATH = re.compile(r'href="/(?![/\\])')


class ExportRefused(Exception):
    """The version cannot become a complete package: it links to experiences that are not
    published now (``unavailable``), or files of its downloads are gone (``missing``)."""

    def __init__(self, *, unavailable: list[str] | None = None, missing: list[str] | None = None):
        self.unavailable = list(unavailable or [])
        self.missing = list(missing or [])
        super().__init__(f"unavailable={self.unavailable} missing={self.missing}")


@dataclass(eq=False)
class Page:
    """One page of the site, in the learner's reading order."""

    path: str
    kind: str  # index, pre, lesson, quiz, post
    key: str
    title: str
    module: str = ""  # the module's title, for lessons and quizzes
    source: dict | None = None  # the lesson, the module (quiz) or the package (pre/post-test)
    previous: Page | None = field(default=None, repr=False)
    next: Page | None = field(default=None, repr=False)


@dataclass
class Site:
    """The rendered site: its files in order, and what the SCORM launch page tracks."""

    title: str
    language: str
    files: dict[str, bytes] = field(default_factory=dict)
    # Lesson keys, module quizzes ({key, total}), pass mark and visit share.
    course: dict = field(default_factory=dict)


# --- Checks ---------------------------------------------------------------------------------


def download_items(data: dict) -> list[dict]:
    """Every download item of a version that has a file, in order."""
    return [
        item
        for module in data.get("modules", [])
        for lesson in module["lessons"]
        for item in lesson["items"]
        if item.get("kind") == "download" and item.get("file")
    ]


def check(data: dict) -> None:
    """Raise ``ExportRefused`` unless every experience is published and every file is there."""
    unavailable = queries.unavailable_experiences(data)
    missing = [
        item["file"]["name"]
        for item in download_items(data)
        if not default_storage.exists(item["file"]["name"])
    ]
    if unavailable or missing:
        raise ExportRefused(unavailable=unavailable, missing=missing)


# --- Rendering ------------------------------------------------------------------------------


def safe_key(key: str, fallback: str) -> str:
    """A key as it may appear in a file name (keys are hex; anything else gets ``fallback``)."""
    return key if isinstance(key, str) and _KEY.match(key) else fallback


def file_name(name: str) -> str:
    """The last part of a storage name, reduced to letters, digits, dots, dashes, underscores."""
    base = _UNSAFE_NAME.sub("-", name.rsplit("/", 1)[-1]).strip(".-") or "file"
    return base[-100:]


def rich(text: str) -> str:
    """Markdown to safe HTML, with links to paths of the site made absolute (the page is not on
    the site any more)."""
    html = markdown(text or "")
    # Only the start of an href attribute that nh3 wrote is changed: still safe.
    return mark_safe(_SITE_PATH.sub(f'href="{settings.SITE_URL.rstrip("/")}/', html))  # noqa: S308


def plain(text: str) -> str:
    """Plain text (a question, a piece of feedback) as paragraphs."""
    return mark_safe(linebreaks(text or "", autoescape=True))  # noqa: S308  (escaped)


def record_url(identifier: str, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL.rstrip("/") + reverse("compendium:detail", args=[identifier])


def question(q: dict, language: str, original: str, number: int) -> dict:
    return {
        "key": safe_key(q.get("key", ""), f"q{number}"),
        "number": number,
        "prompt": pick(q.get("prompt"), language, original),
        "multiple": bool(q.get("multiple")),
        "feedback": plain(pick(q.get("feedback"), language, original)),
        "options": [
            {
                "key": safe_key(o.get("key", ""), f"o{position}"),
                "text": pick(o.get("text"), language, original),
                "correct": bool(o.get("correct")),
                "feedback": pick(o.get("feedback"), language, original),
            }
            for position, o in enumerate(q.get("options", []))
        ],
    }


def _pages(data: dict, language: str, original: str) -> tuple[list[Page], list[dict]]:
    """Every page in reading order, and the modules with their objectives and pages."""
    pages = [Page("index.html", "index", "", pick(data.get("title"), language, original))]
    if data.get("pre_post"):
        pages.append(Page("pre-test.html", "pre", "pre", _("Pre-test"), source=data))
    modules = []
    for m, module in enumerate(data.get("modules", []), start=1):
        module_title = pick(module.get("title"), language, original)
        own = []
        for n, lesson in enumerate(module["lessons"], start=1):
            key = safe_key(lesson.get("key", ""), f"m{m}l{n}")
            title = pick(lesson.get("title"), language, original)
            own.append(Page(f"lesson-{key}.html", "lesson", key, title, module_title, lesson))
        if module.get("quiz"):
            key = safe_key(module.get("key", ""), f"m{m}")
            title = _("Quiz: %(module)s") % {"module": module_title}
            own.append(Page(f"quiz-{key}.html", "quiz", key, title, module_title, module))
        pages.extend(own)
        modules.append(
            {
                "title": module_title,
                "objectives": lines(pick(module.get("objectives"), language, original)),
                "pages": own,
            }
        )
    if data.get("pre_post"):
        pages.append(Page("post-test.html", "post", "post", _("Post-test"), source=data))
    for before, after in itertools.pairwise(pages):
        before.next, after.previous = after, before
    return pages, modules


def _items(lesson: dict, language: str, original: str, cards: dict, downloads: dict) -> list:
    items = []
    for item in lesson["items"]:
        entry = {
            "kind": item.get("kind"),
            "title": pick(item.get("title"), language, original),
            "body": rich(pick(item.get("body"), language, original)),
        }
        identifier = item.get("experience")
        if identifier and identifier in cards:
            record = cards[identifier]
            entry["card"] = {
                "identifier": identifier,
                "title": record.text("title", language),
                "summary": record.text("summary", language),
                "url": record_url(identifier, language),
            }
        if item.get("kind") == "download" and item.get("file"):
            entry["file"] = downloads[item["file"]["name"]]
        if item.get("question"):
            entry["question"] = question(item["question"], language, original, 0)
        items.append(entry)
    return items


def messages() -> str:
    """The interface texts ``package.js`` shows, in the active language, as a script."""
    values = {"correct": "{correct}", "total": "{total}", "percent": "{percent}", "mark": "{mark}"}
    texts = {
        "score": _("You answered %(correct)s of %(total)s questions right (%(percent)s%%).")
        % values,
        "passed": _("You passed: the pass mark is %(mark)s%%.") % values,
        "failed": _(
            "You have not passed yet: the pass mark is %(mark)s%%. Read the lessons again, "
            "then try again."
        )
        % values,
        "right": _("Right."),
        "wrong": _("Not quite."),
        "unanswered": _("Answer every question first."),
    }
    body = json.dumps(texts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"window.BARAZA_MESSAGES = {body};\n"


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def facts(data: dict) -> list[tuple[str, str]]:
    """What the index page says about the package (in the active language)."""
    found = [
        (_("Version"), str(data.get("version", ""))),
        (_("Audience"), _label(Audience, data.get("audience"))),
        (_("Level"), _label(Level, data.get("level"))),
        (_("Notional hours"), _hours(data.get("notional_hours"))),
        (_("Licence"), _label(Licence, data.get("licence"))),
    ]
    return [(label, value) for label, value in found if value]


def _hours(value) -> str:
    try:
        hours = Decimal(str(value or 0))
    except ArithmeticError:
        return ""
    return formats.localize(hours.quantize(Decimal(1)) if hours == hours.to_integral() else hours)


def _label(choices, value) -> str:
    return str(choices(value).label) if value in choices.values else ""


def render_site(version: PackageVersion, language: str) -> Site:
    """The version as a static site in ``language``; raises ``ExportRefused`` first if it
    cannot be complete."""
    data = version.data
    check(data)
    original = data.get("original_language") or "en"
    cards = queries.experience_cards(experience_identifiers(data))
    downloads: dict[str, dict] = {}
    for item in download_items(data):
        name = item["file"]["name"]
        path = f"files/{safe_key(item.get('key', ''), 'item')}/{file_name(name)}"
        if name not in downloads:
            with default_storage.open(name, "rb") as handle:
                content = handle.read()
            downloads[name] = {
                "href": path,
                "name": file_name(name),
                "size": len(content),
                "content": content,
            }

    def tr(text: dict | None) -> str:
        return pick(text, language, original)

    with translation.override(language):
        pages, modules = _pages(data, language, original)
        site = Site(title=tr(data.get("title")), language=language)
        common = {"language": language, "title": site.title, "pages": pages}
        lessons, quizzes = [], []
        for page in pages:
            context = {**common, "page": page}
            if page.kind == "index":
                template = "index.html"
                context.update(
                    summary=rich(tr(data.get("summary"))),
                    competencies=lines(tr(data.get("competencies"))),
                    prerequisites=lines(tr(data.get("prerequisites"))),
                    modules=modules,
                    facts=facts(data),
                    pass_mark=int(data.get("pass_mark") or 0),
                    visit_share=int(data.get("visit_share") or 0),
                )
            elif page.kind == "lesson":
                template = "lesson.html"
                lessons.append(page.key)
                context.update(
                    items=_items(page.source, language, original, cards, downloads),
                    minutes=page.source.get("minutes"),
                )
            else:
                template = "questions.html"
                asked = page.source["pre_post" if page.kind in ("pre", "post") else "quiz"]
                context["questions"] = [
                    question(q, language, original, n) for n, q in enumerate(asked, start=1)
                ]
                if page.kind == "quiz":
                    quizzes.append({"key": page.key, "total": len(asked)})
                    context["pass_mark"] = int(data.get("pass_mark") or 0)
            site.files[page.path] = render_to_string(TEMPLATES + template, context).encode()
        site.files["assets/package.css"] = (ASSETS / "package.css").read_bytes()
        site.files["assets/package.js"] = (ASSETS / "package.js").read_bytes()
        site.files["assets/messages.js"] = messages().encode()
    for download in downloads.values():
        site.files[download["href"]] = download["content"]
    site.course = {
        "lessons": lessons,
        "quizzes": quizzes,
        "passMark": int(data.get("pass_mark") or 0),
        "visitShare": int(data.get("visit_share") or 0),
    }
    return site


# --- Zips -----------------------------------------------------------------------------------


def moment(version: PackageVersion) -> tuple[int, int, int, int, int, int]:
    """The zip timestamp of every file: when the version was published (so the same version
    always gives the same bytes)."""
    when = version.published_at.astimezone(dt.UTC) if version.published_at else None
    if when is None or when.year < 1980:
        return (1980, 1, 1, 0, 0, 0)
    return (when.year, when.month, when.day, when.hour, when.minute, when.second - when.second % 2)


def zip_bytes(files: dict[str, bytes], date_time: tuple) -> bytes:
    """A zip of ``files`` (in the given order) that depends on nothing but its arguments."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for path, content in files.items():
            info = zipfile.ZipInfo(path, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so that the permissions below mean the same everywhere
            info.external_attr = 0o644 << 16
            archive.writestr(info, content, compresslevel=9)
    return out.getvalue()
