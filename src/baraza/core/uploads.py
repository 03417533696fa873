"""Checking uploaded files by their content, never by their name.

Members attach PDFs, pictures and office documents. A file is accepted only if its first bytes
(and, for zip-based office formats, its inner manifest) say it is one of those kinds; anything
executable or scriptable (programs, HTML, SVG, plain zips) is refused whatever it is called.
"""

from __future__ import annotations

import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass

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
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
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
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                return {
                    KINDS["odt"].content_type: "odt",
                    KINDS["ods"].content_type: "ods",
                    KINDS["odp"].content_type: "odp",
                }.get(mimetype)
            if "[Content_Types].xml" in names:
                for prefix, kind in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
                    if any(name.startswith(prefix) for name in names):
                        return kind
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    return None


def detect_kind(uploaded) -> str | None:
    """The kind of file from its bytes, or None when it is not one we accept."""
    uploaded.seek(0)
    head = uploaded.read(HEADER_BYTES)
    uploaded.seek(0)
    if head.startswith(_DANGEROUS_PREFIXES) or _MARKUP.search(head):
        return None
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
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(uploaded)
    return None


def safe_name(original: str, kind: str) -> str:
    """The member's file name, cleaned for storage and headers, ending with a true extension."""
    base = os.path.basename(original.replace("\\", "/"))
    stem, extension = os.path.splitext(base)
    stem = unicodedata.normalize("NFKC", stem)
    stem = re.sub(r"[^\w.\- ]+", "", stem, flags=re.UNICODE).strip(" .-_")[:80] or "file"
    extension = extension.lower().lstrip(".")
    if extension not in EXTENSIONS[kind]:
        extension = KINDS[kind].extension
    return f"{stem}.{extension}"


def check_upload(uploaded, *, allowed=ALL_KINDS, max_bytes: int | None = None) -> CheckedFile:
    limit = max_bytes or settings.BARAZA_MAX_UPLOAD_MB * 1024 * 1024
    size = uploaded.size or 0
    name = getattr(uploaded, "name", "") or "file"
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty."), params={"name": name}, code="empty")
    if size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files can be at most %(limit)s."),
            params={"name": name, "size": human_size(size), "limit": human_size(limit)},
            code="too_big",
        )
    kind = detect_kind(uploaded)
    if kind is None or kind not in allowed:
        labels = sorted({KINDS[k].label for k in allowed})
        raise ValidationError(
            _("“%(name)s” is not a file type we accept. Accepted: %(kinds)s."),
            params={"name": name, "kinds": ", ".join(labels)},
            code="type",
        )
    claimed = os.path.splitext(name)[1].lower().lstrip(".")
    known_elsewhere = {ext for k, exts in EXTENSIONS.items() if k != kind for ext in exts}
    if claimed in known_elsewhere or claimed in {"exe", "dll", "js", "html", "htm", "svg", "sh"}:
        raise ValidationError(
            _("“%(name)s” is not what its name says. Please check the file."),
            params={"name": name},
            code="mismatch",
        )
    found = KINDS[kind]
    return CheckedFile(kind, found.content_type, found.extension, size, safe_name(name, kind))
