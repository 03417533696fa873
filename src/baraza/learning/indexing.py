"""Learning and workshop packages in the search index: one entry ("package") per published
package, made from its latest published version's frozen data (``PackageVersion.data``), the
version its public page shows. What authors change afterwards is found only once they publish
it. A package never published has no entry.

``publishing.publish`` calls ``search.index("package", package)`` after each new version.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from baraza.learning.models import Audience, Kind, Package, PackageVersion
from baraza.search import registry
from baraza.search.documents import Access, Entry, Text, path_of

KIND = "package"
LANGUAGES = ("en", "fr")
PAGES = {Kind.LEARNING: "learning:package", Kind.WORKSHOP: "learning:workshop"}


def _latest_versions():
    """The latest version of every published package, with its package's few columns."""
    return (
        PackageVersion.objects.filter(number=F("package__version_number"), number__gt=0)
        .select_related("package")
        .only("pk", "number", "data", "published_at", "package__slug", "package__kind")
    )


def _in(text, language: str) -> str:
    return ((text or {}).get(language) or "").strip() if isinstance(text, dict) else ""


def _outline(data: dict, language: str) -> list[str]:
    """Module and lesson titles and the modules' objectives (learning), or day and session
    titles and the sessions' objectives and key messages (workshop), in ``language``."""
    parts = []
    for module in data.get("modules") or []:
        parts += [_in(module.get("title"), language), _in(module.get("objectives"), language)]
        parts += [_in(lesson.get("title"), language) for lesson in module.get("lessons") or []]
    for variant in data.get("variants") or []:
        parts.append(_in(variant.get("name"), language))
        for day in variant.get("days") or []:
            parts.append(_in(day.get("title"), language))
            for session in day.get("sessions") or []:
                parts += [
                    _in(session.get(name), language)
                    for name in ("title", "objectives", "key_messages")
                ]
    return parts


def _text(data: dict, language: str) -> Text | None:
    """The package's text in ``language``, or None if it has no title in it."""
    title = _in(data.get("title"), language)
    if not title:
        return None
    summary = _in(data.get("summary"), language) or _in(data.get("goal"), language)
    parts = [
        _in(data.get(name), language)
        for name in ("summary", "goal", "competencies", "prerequisites")
    ]
    audience = data.get("audience")
    if audience in Audience.values:
        with translation.override(language):
            parts.append(str(Audience(audience).label))
    parts += _outline(data, language)
    body = "\n".join(dict.fromkeys(part for part in parts if part))
    return Text(title=title, body=body, summary=summary)


def _entry(version: PackageVersion, package: Package) -> Entry | None:
    data = version.data
    texts = {}
    for language in LANGUAGES:
        text = _text(data, language)
        if text is not None:
            texts[language] = text
    page = PAGES.get(package.kind)
    if not texts or page is None:
        return None
    return Entry(
        kind=KIND,
        object_id=str(package.pk),
        texts=texts,
        original_language=data.get("original_language") or "en",
        path=path_of(page, package.slug),
        date=version.published_at,
        access=Access.PUBLIC,
        meta={"package_kind": package.kind},
    )


def entry(package: Package) -> Entry | None:
    """The entry of a published package, from its latest version (read afresh, so a stale
    ``package`` object does no harm); None for a package never published."""
    version = _latest_versions().filter(package_id=package.pk).first()
    if version is None:
        return None
    return _entry(version, version.package)


def entries() -> Iterator[Entry]:
    for version in _latest_versions().order_by("pk").iterator(chunk_size=200):
        found = _entry(version, version.package)
        if found is not None:
            yield found


def register() -> None:
    registry.register(
        KIND,
        label=_("Learning package"),
        plural=_("Learning packages"),
        order=20,
        entry=entry,
        entries=entries,
        count=lambda: _latest_versions().count(),
    )
