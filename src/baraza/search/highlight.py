"""Snippets with the reader's words marked, the same on both backends (the indexes hold stems,
not the text, so highlighting works on the stored text here)."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from baraza.search.analysis import STEMMED_LANGUAGES, fold, stem

_WORD = re.compile(r"[^\W_]+")
SNIPPET_CHARS = 240
WORDS_BEFORE = 8


def terms(words: tuple[str, ...]) -> frozenset[str]:
    """Everything a text's word may fold or stem to and still be one of the reader's words."""
    found = set(words)
    for word in words:
        found.update(stem(word, language) for language in STEMMED_LANGUAGES)
    return frozenset(found)


def _is_hit(word: str, wanted: frozenset[str]) -> bool:
    folded = fold(word)
    return folded in wanted or any(stem(folded, lang) in wanted for lang in STEMMED_LANGUAGES)


def _hits(text: str, wanted: frozenset[str]) -> list[re.Match]:
    return [m for m in _WORD.finditer(text) if _is_hit(m.group(), wanted)] if wanted else []


def contains(text: str, wanted: frozenset[str]) -> bool:
    return any(_is_hit(m.group(), wanted) for m in _WORD.finditer(text)) if wanted else False


def _marked(text: str, hits: list[re.Match], start: int, end: int) -> str:
    out, at = [], start
    for hit in hits:
        if hit.start() < start or hit.end() > end:
            continue
        out.append(escape(text[at : hit.start()]))
        out.append(f"<mark>{escape(hit.group())}</mark>")
        at = hit.end()
    out.append(escape(text[at:end]))
    return "".join(out)


def title(text: str, wanted: frozenset[str]) -> SafeString:
    return mark_safe(_marked(text, _hits(text, wanted), 0, len(text)))  # noqa: S308 (escaped)


def snippet(text: str, wanted: frozenset[str], *, chars: int = SNIPPET_CHARS) -> SafeString:
    """About ``chars`` characters of ``text`` around the first of the reader's words, marked;
    the opening of the text when none is in it. Whole words only, with "…" where cut."""
    text = " ".join(text.split())
    hits = _hits(text, wanted)
    start = 0
    if hits:
        before = [m.start() for m in _WORD.finditer(text, 0, hits[0].start())]
        start = before[-WORDS_BEFORE] if len(before) >= WORDS_BEFORE else 0
    end = min(len(text), start + chars)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    body = _marked(text, hits, start, end)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + body + suffix)  # noqa: S308 (every piece of text is escaped)
