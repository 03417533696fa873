"""Text analysis, the same for both backends: fold, split, drop stop words, stem.

Both SQLite FTS5 and PostgreSQL index the *analysed* text this module produces, and queries are
analysed the same way, so the two backends find the same things:

* **Folding** removes case and accents (``Santé`` → ``sante``, ``Œuvre`` → ``oeuvre``), so a
  query typed without accents on a phone finds accented text, and the other way round.
* **Stemming** uses the Snowball stemmer of the text's language (PyStemmer, English and
  French; other languages are folded but not stemmed), so ``vaccines`` finds *vaccine*.
* A **query** word does not know its language, so it matches any of its forms: as typed
  (folded), stemmed as English, and stemmed as French.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import Stemmer

from baraza.taxonomy.queries import collation_key

STEMMED_LANGUAGES = ("en", "fr")
# The first characters of a text in each language that are indexed: enough for a long report,
# and within PostgreSQL's limits on a tsvector.
MAX_INDEXED_CHARS = 200_000
MAX_QUERY_CHARS = 500
MAX_QUERY_WORDS = 24
MAX_WORD = 60

# Very common words of either language: dropped from texts and queries alike. Kept short, and
# without words that are also meaningful in the other language once accents are gone.
STOP_WORDS = frozenset(
    """
    a an and are as at be by for from in into is it its of on or that the this to was were
    with au aux ce ces dans de des du en est et il la le les leur leurs par pas pour qu que qui
    sa se ses son sur un une d l
    """.split()  # noqa: SIM905 (a list literal of 57 words would take 30 lines)
)

WORD = re.compile(r"[^\W_]+")  # a word: letters and digits
# Letters that Unicode does not decompose into a base letter and an accent.
_LIGATURES = str.maketrans(
    {
        "œ": "oe",
        "Œ": "OE",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
    }
)


def fold(text: str) -> str:
    """Lower case, without accents or ligatures."""
    return collation_key(text.translate(_LIGATURES))


@functools.cache
def _stemmer(language: str):
    return Stemmer.Stemmer({"en": "english", "fr": "french"}[language])


@functools.lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """The stem of a folded word in ``language`` (the word itself for other languages)."""
    if language not in STEMMED_LANGUAGES:
        return word
    return _stemmer(language).stemWord(word)


def words(text: str) -> list[str]:
    """The folded words of ``text``, stop words and implausibly long "words" (encoded data in a
    PDF, say) left out."""
    return [w for w in WORD.findall(fold(text)) if w not in STOP_WORDS and len(w) <= MAX_WORD]


def analyse(text: str, language: str) -> list[str]:
    """The terms that index ``text`` (written in ``language``)."""
    return [stem(w, language) for w in words(text[:MAX_INDEXED_CHARS])]


def forms(word: str) -> tuple[str, ...]:
    """The index terms a folded query word may match, whatever the text's language: the word
    itself (a text in another language), then its stem in each stemmed language, in order."""
    return (word, *(stem(word, lang) for lang in STEMMED_LANGUAGES))


@dataclass(frozen=True)
class Query:
    """A parsed query: every ``required`` group must match, no ``excluded`` group may.

    A group is a word (one position) or a phrase (consecutive positions); each position holds
    its ``forms``. ``words`` are the folded words the reader typed, for highlighting."""

    required: tuple[tuple[tuple[str, ...], ...], ...] = ()
    excluded: tuple[tuple[tuple[str, ...], ...], ...] = ()
    words: tuple[str, ...] = ()
    truncated: bool = False
    text: str = ""

    @property
    def empty(self) -> bool:
        return not self.required


# A term is a run of non-space, non-quote characters; a phrase is what is between quotes (an
# unbalanced quote runs to the end). A leading "-" (or a dash a phone put in its place)
# excludes the term or phrase.
_PART = re.compile(r'([-–—−]?)"([^"]*)"?|([-–—−]?)([^\s"]+)')


def parse(text: str) -> Query:
    """Parse what a reader typed. Every input gives a query (perhaps an empty one): operators
    of FTS5 or tsquery (``NEAR``, ``*``, ``:``, ``|``, ``&``, parentheses) are just words or
    punctuation here, never syntax."""
    text = (text or "").replace("\x00", " ")
    truncated = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS]
    required: list[tuple[tuple[str, ...], ...]] = []
    excluded: list[tuple[tuple[str, ...], ...]] = []
    typed: list[str] = []
    count = 0
    for match in _PART.finditer(text):
        negated = bool(match.group(1) or match.group(3))
        phrase = match.group(2) if match.group(2) is not None else match.group(4)
        found = words(phrase)
        if not found:
            continue
        if count + len(found) > MAX_QUERY_WORDS:
            found = found[: MAX_QUERY_WORDS - count]
            truncated = True
        if not found:
            break
        count += len(found)
        group = tuple(forms(w) for w in found)
        if negated:
            excluded.append(group)
        else:
            required.append(group)
            typed.extend(found)
    return Query(
        required=tuple(dict.fromkeys(required)),
        excluded=tuple(dict.fromkeys(excluded)),
        words=tuple(dict.fromkeys(typed)),
        truncated=truncated,
        text=text.strip(),
    )
