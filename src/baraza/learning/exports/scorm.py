"""A version as a SCORM 1.2 content package, in one language.

The zip's root holds ``imsmanifest.xml`` (one organization with one item: the package is one
SCO), the ADL/IMS schemas it uses, ``launch.html`` (the SCO: the package's pages in an
iframe, and ``assets/scorm.js``, which reports to the platform) and the site that
``common.render_site`` renders. Every file of the site is listed in the manifest's resource.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

from baraza.learning.exports import common
from baraza.learning.models import PackageVersion

SCHEMAS = Path(__file__).resolve().parent.parent / "data" / "scorm12"
# The manifest names the first two; imscp imports the third.
SCHEMA_FILES = ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "ims_xml.xsd")


def filename(version: PackageVersion, language: str) -> str:
    return f"{version.package.slug}-v{version.number}-scorm12-{language}.zip"


def build(version: PackageVersion, language: str) -> bytes:
    """The zip's bytes (the same for the same version, records and files)."""
    site = common.render_site(version, language)
    course = json.dumps(site.course, sort_keys=True, separators=(",", ":"))
    with translation.override(language):
        launch = render_to_string(
            "learning/exports/scorm/launch.html",
            {"language": language, "title": site.title, "course": course},
        )
    files = {
        "launch.html": launch.encode(),
        "assets/scorm.js": (common.ASSETS / "scorm.js").read_bytes(),
        **site.files,
    }
    manifest = render_to_string(
        "learning/exports/scorm/imsmanifest.xml",
        {
            "identifier": f"baraza-{version.package.slug}-v{version.number}-{language}",
            "version": version.number,
            "title": site.title,
            "files": list(files),
        },
    )
    schemas = {name: (SCHEMAS / name).read_bytes() for name in SCHEMA_FILES}
    return common.zip_bytes(
        {"imsmanifest.xml": manifest.encode(), **schemas, **files}, common.moment(version)
    )
