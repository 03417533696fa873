"""Exports of a learning package's latest published version.

- ``exports``: the export page, listing the files with their sizes;
- ``offline``: the website to read offline (zip), for anyone who may read the package;
- ``scorm``: the SCORM 1.2 package (zip), for the people who may edit the package.

A version that links to an experience no longer published (or whose download is gone) is not
exported: the page says why, and the files answer 409 with the same explanation, never a
broken zip. Workshop packages and unknown or unreadable packages are 404.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import re_path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from baraza.core.policies import can, require
from baraza.learning import queries
from baraza.learning.exports import offline as offline_export
from baraza.learning.exports import scorm as scorm_export
from baraza.learning.exports.common import LANGUAGES, ExportRefused, check
from baraza.learning.learner_queries import published_title
from baraza.learning.models import Kind, Package, PackageVersion

SIZE_CACHE_SECONDS = 24 * 3600
SCORM_REFUSAL = _(
    "Only the package's authors and staff may export it as a SCORM package for a learning platform."
)
BUILDERS = {"offline": offline_export, "scorm": scorm_export}


@dataclass
class Download:
    kind: str
    language: str
    url: str
    filename: str
    size: int


def _package(request, slug: str) -> Package:
    package = queries.package_by_slug(slug)
    if package is None or package.kind != Kind.LEARNING or not can(request.user, "read", package):
        raise Http404
    return package


def _fingerprint(version: PackageVersion) -> str:
    """What an export's bytes depend on besides the version: the linked records as they are
    now, and the site's address."""
    cards = queries.experience_cards(queries.experience_identifiers(version.data))
    parts = [settings.SITE_URL, str(version.pk)]
    for identifier in sorted(cards):
        record = cards[identifier]
        parts += [
            identifier,
            record.status,
            str(record.version_number),
            record.title_en,
            record.title_fr,
            record.summary_en,
            record.summary_fr,
        ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def _downloads(version: PackageVersion, kinds: list[str]) -> list[Download]:
    fingerprint = _fingerprint(version)
    found = []
    for kind in kinds:
        for language in LANGUAGES:
            key = f"learning:export-size:{kind}:{language}:{fingerprint}"
            size = cache.get(key)
            if size is None:
                size = len(BUILDERS[kind].build(version, language))
                cache.set(key, size, SIZE_CACHE_SECONDS)
            found.append(
                Download(
                    kind=kind,
                    language=language,
                    url=reverse(f"learning:{kind}", args=[version.package.slug, language]),
                    filename=BUILDERS[kind].filename(version, language),
                    size=size,
                )
            )
    return found


@require_safe
def page(request, slug: str):
    package = _package(request, slug)
    version = queries.latest_version(package)
    may_edit = can(request.user, "edit", package)
    refused = None
    downloads: list[Download] = []
    if version is not None:
        version.package = package
        try:
            check(version.data)
        except ExportRefused as refusal:
            refused = refusal
        else:
            downloads = _downloads(version, ["offline", "scorm"] if may_edit else ["offline"])
    return render(
        request,
        "learning/exports/page.html",
        {
            "package": package,
            "title": published_title(package, version),
            "version": version,
            "may_edit": may_edit,
            "refused": refused,
            "offline": [d for d in downloads if d.kind == "offline"],
            "scorm": [d for d in downloads if d.kind == "scorm"],
        },
    )


def _zip(request, package: Package, kind: str, language: str):
    version = queries.latest_version(package)
    if version is None:
        raise Http404
    version.package = package
    builder = BUILDERS[kind]
    try:
        content = builder.build(version, language)
    except ExportRefused as refused:
        return render(
            request,
            "learning/exports/refused.html",
            {
                "package": package,
                "title": published_title(package, version),
                "version": version,
                "refused": refused,
            },
            status=409,
        )
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="{builder.filename(version, language)}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    return response


@require_safe
def offline(request, slug: str, language: str):
    return _zip(request, _package(request, slug), "offline", language)


@require_safe
def scorm(request, slug: str, language: str):
    package = _package(request, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    require(request.user, "edit", package, reason=SCORM_REFUSAL)
    return _zip(request, package, "scorm", language)


_SLUG = r"(?P<slug>[-a-zA-Z0-9_]+)"
_LANGUAGE = r"(?P<language>en|fr)"

urlpatterns = [
    re_path(rf"^learning/{_SLUG}/export/$", page, name="exports"),
    re_path(rf"^learning/{_SLUG}/export/scorm-{_LANGUAGE}\.zip$", scorm, name="scorm"),
    re_path(rf"^learning/{_SLUG}/export/offline-{_LANGUAGE}\.zip$", offline, name="offline"),
]
