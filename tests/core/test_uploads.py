"""Uploads are recognised by their content; anything executable is refused whatever its name."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from baraza.core.uploads import check_upload, human_size

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "kind", "stored_as"),
    [
        ("Rapport annuel.pdf", PDF, "pdf", "Rapport annuel.pdf"),
        ("photo.PNG", PNG, "png", "photo.png"),
        ("photo.jpeg", JPEG, "jpeg", "photo.jpeg"),
        ("notes.docx", DOCX, "docx", "notes.docx"),
        ("budget.xlsx", XLSX, "xlsx", "budget.xlsx"),
        ("compte-rendu.odt", ODT, "odt", "compte-rendu.odt"),
        ("old.doc", OLE, "ole", "old.doc"),
        ("no-extension", PDF, "pdf", "no-extension.pdf"),
        ("../../etc/passwd.pdf", PDF, "pdf", "passwd.pdf"),
        ("bad\x00name<>|.pdf", PDF, "pdf", "badname.pdf"),
        ("x" * 300 + ".pdf", PDF, "pdf", "x" * 80 + ".pdf"),
    ],
)
def test_accepted_files(name, content, kind, stored_as):
    checked = check_upload(_file(name, content))
    assert (checked.kind, checked.name, checked.size) == (kind, stored_as, len(content))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 100),
        ("setup.pdf", b"MZ\x90\x00" + b"\x00" * 100),
        ("notes.txt", b"#!/bin/sh\nrm -rf /\n"),
        ("page.pdf", b"<!DOCTYPE html><html><script>alert(1)</script>"),
        ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("archive.zip", _zip({"a.txt": b"hello"})),
        ("polyglot.pdf", b"%PDF-1.4\n<script>alert(1)</script>\n%%EOF"),
        ("random.bin", b"\x01\x02\x03\x04" * 50),
    ],
)
def test_refused_files(name, content):
    with pytest.raises(ValidationError) as refused:
        check_upload(_file(name, content))
    assert refused.value.messages == [
        f"“{name}” is not a file type we accept. Accepted: Excel, GIF, JPEG, Office 97–2003, "
        "OpenDocument, PDF, PNG, PowerPoint, WebP, Word."
    ]


def test_a_pdf_named_like_a_picture_is_refused():
    with pytest.raises(ValidationError) as refused:
        check_upload(_file("photo.jpg", PDF))
    assert refused.value.messages == [
        "“photo.jpg” is not what its name says. Please check the file."
    ]


def test_allowed_kinds_can_be_narrowed():
    with pytest.raises(ValidationError) as refused:
        check_upload(_file("a.pdf", PDF), allowed={"png", "jpeg"})
    assert "Accepted: JPEG, PNG." in refused.value.messages[0]


def test_empty_and_oversized_files(settings):
    with pytest.raises(ValidationError) as refused:
        check_upload(_file("empty.pdf", b""))
    assert refused.value.messages == ["“empty.pdf” is empty."]
    settings.BARAZA_MAX_UPLOAD_MB = 1
    big = _file("big.pdf", PDF + b"0" * (2 * 1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        check_upload(big)
    assert refused.value.messages == ["“big.pdf” is 2.0 MB; files can be at most 1.0 MB."]
    with translation.override("fr"):
        with pytest.raises(ValidationError) as refused:
            check_upload(big)
        assert refused.value.messages == [
            "« big.pdf » fait 2,0 Mo ; les fichiers ne peuvent pas dépasser 1,0 Mo."
        ]


def test_human_sizes_in_both_languages():
    assert [human_size(n) for n in (512, 2048, 2_500_000)] == ["512 bytes", "2 KB", "2.4 MB"]
    with translation.override("fr"):
        assert human_size(2_500_000) == "2,4 Mo"
