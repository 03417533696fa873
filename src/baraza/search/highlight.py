"""Snippets with the reader's words marked, the same on both backends (the indexes hold stems,
not the text, so highlighting works on the stored text here).

Texts can be long (a PDF's text), so a scan stops at the first of the reader's words, and
marks words only inside the snippet's window.
"""

from __future__ import annotations

import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from baraza.search.analysis import WORD, fold, forms

SNIPPET_CHARS = 240
WORDS_BEFORE = 8


def terms(words: tuple[str, ...]) -> frozenset[str]:
    """Everything a text's word may fold or stem to and still be one of the reader's words."""
    return frozenset(form for word in words for form in forms(word))


class _Matcher:
    """Tells whether a word of a text is one of the reader's, remembering each answer (a
    long text repeats its words)."""

    def __init__(self, wanted: frozenset[str]):
        self.wanted = wanted
        self.seen: dict[str, bool] = {}

    def __call__(self, word: str) -> bool:
        known = self.seen.get(word)
        if known is None:
            known = any(form in self.wanted for form in forms(fold(word)))
            self.seen[word] = known
        return known


def _normal(text: str) -> str:
    # Accents typed as separate combining marks (common in PDF text) become one letter, so
    # that "e\u0301cole" is one word, as it was when it was indexed.
    return unicodedata.normalize("NFC", text)


def _first(text: str, is_hit: _Matcher, start: int = 0, end: int | None = None):
    for found in WORD.finditer(text, start, len(text) if end is None else end):
        if is_hit(found.group()):
            return found
    return None


def contains(text: str, wanted: frozenset[str]) -> bool:
    return bool(wanted) and _first(_normal(text), _Matcher(wanted)) is not None


def _marked(text: str, is_hit: _Matcher, start: int, end: int) -> str:
    out, at = [], start
    for word in WORD.finditer(text, start, end):
        if is_hit(word.group()):
            out.append(escape(text[at : word.start()]))
            out.append(f"<mark>{escape(word.group())}</mark>")
            at = word.end()
    out.append(escape(text[at:end]))
    return "".join(out)


def title(text: str, wanted: frozenset[str]) -> SafeString:
    text = _normal(text)
    return mark_safe(_marked(text, _Matcher(wanted), 0, len(text)))  # noqa: S308 (escaped)


def snippet(text: str, wanted: frozenset[str], *, chars: int = SNIPPET_CHARS) -> SafeString:
    """About ``chars`` characters of ``text`` around the first of the reader's words, marked;
    the opening of the text when none is in it. Whole words only, with "…" where cut."""
    text = " ".join(_normal(text).split())
    is_hit = _Matcher(wanted)
    first = _first(text, is_hit) if wanted else None
    start = 0
    if first:
        # Begin a few words before the first match, but never so far that it falls out.
        window = max(0, first.start() - chars // 2)
        before = [m.start() for m in WORD.finditer(text, window, first.start())]
        start = (
            before[-WORDS_BEFORE]
            if len(before) >= WORDS_BEFORE
            else (before[0] if before and window else 0)
        )
    end = min(len(text), start + chars)
    if first and end < first.end():
        end = first.end()
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start and (not first or cut >= first.end()) else end
    body = _marked(text, is_hit, start, end) if wanted else escape(text[start:end])
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + body + suffix)  # noqa: S308 (every piece of text is escaped)
