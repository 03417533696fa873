"""A version as a website to read offline, in one language: unzip it, open ``index.html``.

Everything sits in one folder, ``<slug>-v<number>-<language>/``, so that unzipping it does not
scatter files; the pages are ``common.render_site``'s, unchanged.
"""

from __future__ import annotations

from baraza.learning.exports import common
from baraza.learning.models import PackageVersion


def folder(version: PackageVersion, language: str) -> str:
    return f"{version.package.slug}-v{version.number}-{language}"


def filename(version: PackageVersion, language: str) -> str:
    return f"{folder(version, language)}-offline.zip"


def build(version: PackageVersion, language: str) -> bytes:
    """The zip's bytes (the same for the same version, records and files)."""
    site = common.render_site(version, language)
    top = folder(version, language)
    files = {f"{top}/{path}": content for path, content in site.files.items()}
    return common.zip_bytes(files, common.moment(version))
