"""Building library content for tests: real PDFs with text, and resources added through the
same service the site uses."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from baraza.library import services
from baraza.library.demo import pdf_with_text
from baraza.taxonomy.models import Language


def pdf_upload(name: str = "note.pdf", *lines: str) -> SimpleUploadedFile:
    """A small, valid PDF whose page shows ``lines``."""
    content = pdf_with_text(list(lines) or ["Community health workers in Kolda"])
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def add(actor, community=None, **fields):
    """A link resource (or a file one, with ``file=pdf_upload()``), added as ``actor``."""
    fields.setdefault("kind", "report")
    fields.setdefault("title", "Community health worker report")
    fields.setdefault("language", "en")
    fields.setdefault("licence", "cc-by-4.0")
    if "file" not in fields and "doi" not in fields:
        fields.setdefault("url", "https://example.org/report")
    fields["language"] = Language.objects.get(code=fields["language"])
    return services.add_resource(actor=actor, community=community, **fields)


def stored_files(media) -> list[str]:
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())
