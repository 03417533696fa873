"""Checking uploaded files by their content, never by their name.

Members attach PDFs, pictures and office documents. A file is accepted only if its first bytes
(and, for zip-based office formats, its inner manifest) say it is one of those kinds; anything
executable or scriptable (programs, HTML, SVG, plain zips) is refused whatever it is called.
Office 97–2003 containers are opened with olefile, because installers (.msi) and Outlook
messages share their header; Word and Excel files with VBA macros, and Office Open XML or
OpenDocument files with macros, are refused too: they are how malware travels by email.

Nothing large is read: the size is checked first, then 2 KB of header, then at most one small
entry of a zip (never inflated past 512 KB, whatever its header claims).
"""

from __future__ import annotations

import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass

import olefile
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

HEADER_BYTES = 2048


@dataclass(frozen=True)
class Kind:
    name: str
    content_type: str
    extension: str
    label: str


KINDS = {
    "pdf": Kind("pdf", "application/pdf", "pdf", "PDF"),
    "png": Kind("png", "image/png", "png", "PNG"),
    "jpeg": Kind("jpeg", "image/jpeg", "jpg", "JPEG"),
    "gif": Kind("gif", "image/gif", "gif", "GIF"),
    "webp": Kind("webp", "image/webp", "webp", "WebP"),
    "docx": Kind(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
        "Word",
    ),
    "xlsx": Kind(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel"
    ),
    "pptx": Kind(
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pptx",
        "PowerPoint",
    ),
    "odt": Kind("odt", "application/vnd.oasis.opendocument.text", "odt", "OpenDocument"),
    "ods": Kind("ods", "application/vnd.oasis.opendocument.spreadsheet", "ods", "OpenDocument"),
    "odp": Kind("odp", "application/vnd.oasis.opendocument.presentation", "odp", "OpenDocument"),
    "ole": Kind("ole", "application/x-ole-storage", "doc", "Office 97–2003"),
}
# Office 97–2003 files share one container ("ole"); the stream inside says which program made it.
OLE_STREAMS = {
    "WordDocument": ("application/msword", "doc"),
    "Workbook": ("application/vnd.ms-excel", "xls"),
    "Book": ("application/vnd.ms-excel", "xls"),
    "PowerPoint Document": ("application/vnd.ms-powerpoint", "ppt"),
}
# The main part of each Office Open XML file, as named in its [Content_Types].xml.
OOXML_MAIN_PARTS = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
# Inner files are read only this far: a zip of a few MB can hold gigabytes once inflated.
ZIP_MEMBER_MAX = 512 * 1024
IMAGES = {"png", "jpeg", "gif", "webp"}
ALL_KINDS = frozenset(KINDS)
# Extensions a name may carry for each kind (legacy Office files share one container format).
EXTENSIONS = {
    "pdf": {"pdf"},
    "png": {"png"},
    "jpeg": {"jpg", "jpeg"},
    "gif": {"gif"},
    "webp": {"webp"},
    "docx": {"docx"},
    "xlsx": {"xlsx"},
    "pptx": {"pptx"},
    "odt": {"odt"},
    "ods": {"ods"},
    "odp": {"odp"},
    "ole": {"doc", "xls", "ppt"},
}
_DANGEROUS_PREFIXES = (
    b"\x7fELF",
    b"MZ",
    b"\xfe\xed\xfa",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
# Names that promise something a browser or a desktop would run.
_DANGEROUS_EXTENSIONS = {
    "exe", "dll", "com", "scr", "msi", "bat", "cmd", "ps1", "vbs", "js", "jar", "apk", "sh",
    "html", "htm", "xhtml", "svg", "svgz", "php", "hta", "lnk",
}  # fmt: skip
_MARKUP = re.compile(rb"<\s*(!doctype\s+html|html|script|svg|iframe|body|head)\b", re.IGNORECASE)


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    content_type: str
    extension: str
    size: int
    name: str

    @property
    def is_image(self) -> bool:
        return self.kind in IMAGES


def human_size(num_bytes: int) -> str:
    """ "2.4 MB" / "2,4 Mo": sizes members see before they download."""
    if num_bytes < 1024:
        return _("%(n)s bytes") % {"n": num_bytes}
    if num_bytes < 1024 * 1024:
        return _("%(n)s KB") % {"n": number_format(round(num_bytes / 1024), 0)}
    # number_format truncates, so round first: 2.38 MB reads "2.4 MB".
    return _("%(n)s MB") % {"n": number_format(round(num_bytes / (1024 * 1024), 1), 1)}


def _zip_kind(uploaded) -> str | None:
    """An OpenDocument (by its ``mimetype`` entry) or Office Open XML file (by the main part
    named in ``[Content_Types].xml``). Any other zip, and documents with macros, are refused."""
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = archive.namelist()
            if any(name.startswith(("Basic/", "Scripts/")) for name in names):
                return None  # OpenDocument macros
            mimetype = _read_member(archive, "mimetype")
            if mimetype is not None:
                return {KINDS[k].content_type: k for k in ("odt", "ods", "odp")}.get(
                    mimetype.decode("ascii", "replace").strip()
                )
            manifest = (_read_member(archive, "[Content_Types].xml") or b"").lower()
            if b"macroenabled" in manifest or b"vbaproject" in manifest:
                return None
            found = {kind for part, kind in OOXML_MAIN_PARTS.items() if part.lower() in manifest}
            return found.pop() if len(found) == 1 else None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return None
    finally:
        uploaded.seek(0)


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > ZIP_MEMBER_MAX:
        return None
    with archive.open(info) as member:
        return member.read(ZIP_MEMBER_MAX)  # bounded even if the header lies about the size


def _ole_format(uploaded) -> tuple[str, str] | None:
    """(content type, extension) of a Word, Excel or PowerPoint 97–2003 file, or None for any
    other OLE container (installers, Outlook messages…) and for Word or Excel files with VBA
    macros."""
    uploaded.seek(0)
    try:
        container = olefile.OleFileIO(uploaded)
        try:
            if container.exists("Macros") or container.exists("_VBA_PROJECT_CUR"):
                return None
            return next(
                (found for stream, found in OLE_STREAMS.items() if container.exists(stream)), None
            )
        finally:
            container.close()
    except Exception:  # a damaged container, whatever olefile finds wrong, is not accepted
        return None
    finally:
        uploaded.seek(0)


def detect_kind(uploaded) -> str | None:
    """The kind of file from its bytes, or None when it is not one we accept."""
    found = _detect(uploaded)
    return found[0] if found else None


def _detect(uploaded) -> tuple[str, str, str] | None:
    """(kind, content type, extension) from the file's bytes, or None."""
    uploaded.seek(0)
    head = uploaded.read(HEADER_BYTES)
    uploaded.seek(0)
    if head.startswith(_DANGEROUS_PREFIXES) or _MARKUP.search(head):
        return None  # programs and scripts, and files that are also a web page (polyglots)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        found = _ole_format(uploaded)
        return ("ole", *found) if found else None
    kind = _zip_kind(uploaded) if head.startswith(b"PK\x03\x04") else _magic_kind(head)
    return (kind, KINDS[kind].content_type, KINDS[kind].extension) if kind else None


def _magic_kind(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def safe_name(original: str, kind: str, extension: str | None = None) -> str:
    """The member's file name, cleaned for storage and headers, ending with a true extension
    (``extension`` when the content says more than the kind, e.g. "xls" for an "ole" file)."""
    base = os.path.basename(original.replace("\\", "/"))
    stem, claimed = os.path.splitext(base)
    stem = unicodedata.normalize("NFKC", stem)
    stem = re.sub(r"[^\w.\- ]+", "", stem, flags=re.UNICODE).strip(" .-_")[:80] or "file"
    claimed = claimed.lower().lstrip(".")
    if extension is None:
        extension = claimed if claimed in EXTENSIONS[kind] else KINDS[kind].extension
    return f"{stem}.{extension}"


def check_upload(uploaded, *, allowed=ALL_KINDS, max_bytes: int | None = None) -> CheckedFile:
    """Check an uploaded file by its content and say how to store it.

    The size is checked before any byte is read, and only the first bytes (or, for a zip, its
    directory and one small manifest) are read. Raises ValidationError with a message for the
    member; on success the file is rewound, ready to be saved under ``CheckedFile.name``.
    """
    limit = max_bytes if max_bytes is not None else settings.BARAZA_MAX_UPLOAD_MB * 1024 * 1024
    size = _size(uploaded)
    name = getattr(uploaded, "name", "") or "file"
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty."), params={"name": name}, code="empty")
    if size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files can be at most %(limit)s."),
            params={"name": name, "size": human_size(size), "limit": human_size(limit)},
            code="too_big",
        )
    found = _detect(uploaded)
    if found is None or found[0] not in allowed:
        labels = sorted({KINDS[k].label for k in allowed})
        raise ValidationError(
            _("“%(name)s” is not a file type we accept. Accepted: %(kinds)s."),
            params={"name": name, "kinds": ", ".join(labels)},
            code="type",
        )
    kind, content_type, extension = found
    claimed = os.path.splitext(name)[1].lower().lstrip(".")
    known_elsewhere = {ext for k, exts in EXTENSIONS.items() if k != kind for ext in exts}
    if claimed in known_elsewhere or claimed in _DANGEROUS_EXTENSIONS:
        raise ValidationError(
            _("“%(name)s” is not what its name says. Please check the file."),
            params={"name": name},
            code="mismatch",
        )
    # An Office 97–2003 file gets the extension of the program that made it ("xls", "ppt").
    stored = safe_name(name, kind, extension if kind == "ole" else None)
    return CheckedFile(kind, content_type, extension, size, stored)


def _size(uploaded) -> int:
    if getattr(uploaded, "size", None) is not None:
        return uploaded.size
    uploaded.seek(0, os.SEEK_END)
    size = uploaded.tell()
    uploaded.seek(0)
    return size
