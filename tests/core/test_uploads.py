"""Uploads are recognised by their content; anything executable is refused whatever its name.

The files below are tiny but real: a PDF, a PNG built with zlib, Office Open XML and
OpenDocument zips with the manifests Word, Excel, LibreOffice… write, and OLE2 containers as
Office 97–2003 writes them (built with ``_ole``).
"""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from baraza.core.uploads import EXTENSIONS, check_upload, human_size

ALL_ACCEPTED = (
    "Accepted: Excel, GIF, JPEG, Office 97–2003, OpenDocument, PDF, PNG, PowerPoint, WebP, Word."
)


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1×1, 8-bit greyscale
    pixels = zlib.compress(b"\x00\x80")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            # A fixed date keeps the bytes (and so the test ids) the same from run to run.
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            stored = name == "mimetype"  # OpenDocument: first entry, not compressed
            info.compress_type = zipfile.ZIP_STORED if stored else compression
            archive.writestr(info, content)
    return buffer.getvalue()


def _ooxml(main_part: str, content_type: str) -> bytes:
    manifest = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{content_type}"/>'
        "</Types>"
    )
    return _zip({"[Content_Types].xml": manifest.encode(), main_part: b"<x/>"})


def _odf(mimetype: str, **extra: bytes) -> bytes:
    return _zip({"mimetype": mimetype.encode(), "content.xml": b"<x/>", **extra})


_FREE, _END, _FAT, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _ole(*streams: str, storages: tuple[str, ...] = ()) -> bytes:
    """A minimal OLE2 compound file (version 3, 512-byte sectors) holding one 4 KB stream per
    name in ``streams`` and an empty storage per name in ``storages`` (three names at most)."""
    names = [(name, 2) for name in streams] + [(name, 1) for name in storages]
    fat = [_FAT, _END]  # sector 0 holds the FAT, sector 1 the directory
    entries = [_ole_entry("Root Entry", 5, child=1 if names else _NONE, start=_END)]
    data = b""
    for number, (name, kind) in enumerate(names, start=1):
        right = number + 1 if number < len(names) else _NONE
        start = len(fat) if kind == 2 else 0
        if kind == 2:
            fat += [*range(start + 1, start + 8), _END]
            data += b"\x00" * 4096
        entries.append(_ole_entry(name, kind, right=right, start=start, size=4096 * (kind == 2)))
    entries += [_ole_entry("", 0, start=0)] * (4 - len(entries))
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", bytes(16), 0x3E, 3,
        0xFFFE, 9, 6, bytes(6), 0, 1, 1, 0, 4096, _END, 0, _END, 0,
    )  # fmt: skip
    header += struct.pack("<109I", 0, *[_FREE] * 108)
    fat_sector = struct.pack("<128I", *fat, *[_FREE] * (128 - len(fat)))
    return header + fat_sector + b"".join(entries) + data


def _ole_entry(name: str, kind: int, *, start: int, right=_NONE, child=_NONE, size=0) -> bytes:
    encoded = name.encode("utf-16-le") + b"\x00\x00" if name else b""
    return struct.pack(
        "<64sHBBIII16sIQQIQ", encoded, len(encoded), kind, 1, _NONE, right, child, bytes(16),
        0, 0, 0, start, size,
    )  # fmt: skip


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = _png()
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x00"
_OOXML = "application/vnd.openxmlformats-officedocument"
DOCX = _ooxml("word/document.xml", f"{_OOXML}.wordprocessingml.document.main+xml")
XLSX = _ooxml("xl/workbook.xml", f"{_OOXML}.spreadsheetml.sheet.main+xml")
PPTX = _ooxml("ppt/presentation.xml", f"{_OOXML}.presentationml.presentation.main+xml")
DOCM = _ooxml("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml")
ODT = _odf("application/vnd.oasis.opendocument.text")
ODS = _odf("application/vnd.oasis.opendocument.spreadsheet")
ODP = _odf("application/vnd.oasis.opendocument.presentation")
DOC = _ole("WordDocument")
XLS = _ole("Workbook")
PPT = _ole("PowerPoint Document")


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _refusal(name: str, content: bytes, **options) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        check_upload(_file(name, content), **options)
    return refused.value.messages


@pytest.mark.parametrize(
    ("name", "content", "kind", "content_type", "stored_as"),
    [
        ("Rapport annuel.pdf", PDF, "pdf", "application/pdf", "Rapport annuel.pdf"),
        ("photo.PNG", PNG, "png", "image/png", "photo.png"),
        ("photo.jpeg", JPEG, "jpeg", "image/jpeg", "photo.jpeg"),
        ("anim.gif", GIF, "gif", "image/gif", "anim.gif"),
        ("image.webp", WEBP, "webp", "image/webp", "image.webp"),
        ("notes.docx", DOCX, "docx", f"{_OOXML}.wordprocessingml.document", "notes.docx"),
        ("budget.xlsx", XLSX, "xlsx", f"{_OOXML}.spreadsheetml.sheet", "budget.xlsx"),
        ("slides.pptx", PPTX, "pptx", f"{_OOXML}.presentationml.presentation", "slides.pptx"),
        (
            "compte-rendu.odt",
            ODT,
            "odt",
            "application/vnd.oasis.opendocument.text",
            "compte-rendu.odt",
        ),
        ("budget.ods", ODS, "ods", "application/vnd.oasis.opendocument.spreadsheet", "budget.ods"),
        ("slides.odp", ODP, "odp", "application/vnd.oasis.opendocument.presentation", "slides.odp"),
        ("old.doc", DOC, "ole", "application/msword", "old.doc"),
        ("old.xls", XLS, "ole", "application/vnd.ms-excel", "old.xls"),
        ("old.ppt", PPT, "ole", "application/vnd.ms-powerpoint", "old.ppt"),
        # A spreadsheet saved as ".doc" is stored with the extension its program needs.
        ("budget.doc", XLS, "ole", "application/vnd.ms-excel", "budget.xls"),
        ("no-extension", PDF, "pdf", "application/pdf", "no-extension.pdf"),
        ("Réunion 12.03.pdf", PDF, "pdf", "application/pdf", "Réunion 12.03.pdf"),
        ("../../etc/passwd.pdf", PDF, "pdf", "application/pdf", "passwd.pdf"),
        ("C:\\Users\\awa\\rapport.pdf", PDF, "pdf", "application/pdf", "rapport.pdf"),
        ("bad\x00name<>|.pdf", PDF, "pdf", "application/pdf", "badname.pdf"),
        ("\u202egpj.pdf", PDF, "pdf", "application/pdf", "gpj.pdf"),
        ("...", PDF, "pdf", "application/pdf", "file.pdf"),
        ("x" * 300 + ".pdf", PDF, "pdf", "application/pdf", "x" * 80 + ".pdf"),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 40 else None,
)
def test_accepted_files(name, content, kind, content_type, stored_as):
    upload = _file(name, content)
    checked = check_upload(upload)
    assert (checked.kind, checked.content_type, checked.name, checked.size) == (
        kind,
        content_type,
        stored_as,
        len(content),
    )
    assert checked.name.rsplit(".", 1)[1] in EXTENSIONS[kind]
    assert upload.tell() == 0, "the file is rewound, ready to be saved"
    assert upload.read() == content


# 32 MB of manifest squeezed into a few kilobytes: it must never be inflated.
ZIP_BOMB = _zip({"[Content_Types].xml": b" " * (32 * 1024 * 1024)})
TWO_MAIN_PARTS = (
    f'<Types><Override ContentType="{_OOXML}.wordprocessingml.document.main+xml"/>'
    f'<Override ContentType="{_OOXML}.spreadsheetml.sheet.main+xml"/></Types>'
).encode()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 100),
        ("setup.pdf", b"MZ\x90\x00" + b"\x00" * 100),
        ("library.dll", b"MZ\x90\x00" + b"\x00" * 100),
        ("app.pdf", b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + b"\x00" * 100),
        ("app32.pdf", b"\xce\xfa\xed\xfe\x07\x00\x00\x00" + b"\x00" * 100),
        ("Main.pdf", b"\xca\xfe\xba\xbe\x00\x00\x00\x34" + b"\x00" * 100),
        ("notes.txt", b"#!/bin/sh\nrm -rf /\n"),
        ("notes.pdf", b"#!/usr/bin/env python3\nimport os\n"),
        ("page.pdf", b"<!DOCTYPE html><html><script>alert(1)</script>"),
        ("page.txt", b"\xef\xbb\xbf  <html><body onload=alert(1)>"),
        ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("logo.svg", b'<?xml version="1.0"?>\n<svg onload="alert(1)"/>'),
        ("archive.zip", _zip({"a.txt": b"hello"})),
        ("archive.docx", _zip({"a.txt": b"hello"})),
        ("program.docx", _zip({"[Content_Types].xml": b"<Types/>", "word/evil.exe": b"MZ"})),
        ("both.docx", _zip({"[Content_Types].xml": TWO_MAIN_PARTS})),
        ("macros.docx", DOCM),
        ("macros.odt", _odf("application/vnd.oasis.opendocument.text", **{"Basic/m.xml": b"x"})),
        ("book.epub", _odf("application/epub+zip")),
        ("bomb.docx", ZIP_BOMB),
        ("broken.docx", DOCX[: len(DOCX) // 2]),
        ("installer.doc", _ole("Property")),
        ("macros.doc", _ole("WordDocument", storages=("Macros",))),
        ("macros.xls", _ole("Workbook", storages=("_VBA_PROJECT_CUR",))),
        ("header-only.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
        ("polyglot.pdf", b"%PDF-1.4\n<script>alert(1)</script>\n%%EOF"),
        ("polyglot.png", PNG + b"<html><script>alert(1)</script>"),
        ("frame.jpg", JPEG + b"< iframe src=https://evil.example>"),
        ("random.bin", b"\x01\x02\x03\x04" * 50),
        ("plain.txt", b"Just some notes."),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_refused_files(name, content):
    assert _refusal(name, content) == [f"“{name}” is not a file type we accept. {ALL_ACCEPTED}"]


def test_a_zip_bomb_is_refused_without_inflating_it():
    started = time.perf_counter()
    _refusal("bomb.docx", ZIP_BOMB)
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", PDF),
        ("report.exe", PDF),
        ("page.html", PDF),
        ("logo.svg", PNG),
        ("slides.docx", PPTX),
        ("data.doc", XLSX),
        ("budget.xlsx", XLS),
    ],
)
def test_a_name_that_contradicts_the_content_is_refused(name, content):
    assert _refusal(name, content) == [
        f"“{name}” is not what its name says. Please check the file."
    ]


def test_allowed_kinds_can_be_narrowed():
    messages = _refusal("a.pdf", PDF, allowed={"png", "jpeg"})
    assert messages == ["“a.pdf” is not a file type we accept. Accepted: JPEG, PNG."]
    assert check_upload(_file("a.png", PNG), allowed={"png", "jpeg"}).is_image


def test_empty_and_oversized_files(settings):
    assert _refusal("empty.pdf", b"") == ["“empty.pdf” is empty."]
    settings.BARAZA_MAX_UPLOAD_MB = 1
    big = PDF + b"0" * (2 * 1024 * 1024)
    assert _refusal("big.pdf", big) == ["“big.pdf” is 2.0 MB; files can be at most 1.0 MB."]
    with translation.override("fr"):
        assert _refusal("big.pdf", big) == [
            "« big.pdf » fait 2,0 Mo ; les fichiers ne peuvent pas dépasser 1,0 Mo."
        ]
        assert _refusal("vide.pdf", b"") == ["« vide.pdf » est vide."]


def test_the_limit_can_be_given_per_call():
    assert _refusal("a.pdf", PDF, max_bytes=20) == [
        f"“a.pdf” is {len(PDF)} bytes; files can be at most 20 bytes."
    ]
    assert check_upload(_file("a.pdf", PDF), max_bytes=len(PDF)).size == len(PDF)


def test_an_oversized_file_is_refused_before_it_is_read(settings):
    class Unreadable(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("an oversized file must not be read")

    settings.BARAZA_MAX_UPLOAD_MB = 1
    upload = Unreadable("huge.pdf", PDF)
    upload.size = 50 * 1024 * 1024
    with pytest.raises(ValidationError) as refused:
        check_upload(upload)
    assert refused.value.code == "too_big"


def test_human_sizes_in_both_languages():
    sizes = (512, 2048, 2_500_000, 20 * 1024 * 1024)
    assert [human_size(n) for n in sizes] == ["512 bytes", "2 KB", "2.4 MB", "20.0 MB"]
    with translation.override("fr"):
        assert [human_size(n) for n in sizes] == ["512 octets", "2 Ko", "2,4 Mo", "20,0 Mo"]
