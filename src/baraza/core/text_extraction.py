"""Text inside uploaded documents, for search.

Only PDFs for now (pypdf, pure Python). Extraction is bounded in pages and characters and
never fails the upload: a damaged or encrypted PDF simply yields no text.
"""

from __future__ import annotations

import logging

logger = logging.getLogger("baraza.uploads")

MAX_PAGES = 300
MAX_CHARS = 500_000


def extract_text(path: str, kind: str) -> str:
    if kind != "pdf":
        return ""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError

        reader = PdfReader(path)
        if reader.is_encrypted:
            return ""
        parts: list[str] = []
        size = 0
        for page in reader.pages[:MAX_PAGES]:
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
            if size >= MAX_CHARS:
                break
        return " ".join(" ".join(parts).split())[:MAX_CHARS]
    except (PyPdfError, ValueError, KeyError, OSError, RecursionError) as exc:
        logger.warning("text extraction failed", extra={"path": path, "error": str(exc)})
        return ""
