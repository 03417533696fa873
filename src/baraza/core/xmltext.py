"""Text that XML can hold: XML 1.0 forbids most control characters, lone surrogates and
U+FFFE/U+FFFF, which people paste without seeing them (from PDFs, word processors). Every
XML output (OAI-PMH, Atom feeds, EPUB, the offline website) passes text through here."""

from __future__ import annotations

import re

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value) -> str:
    """``value`` as a string without the characters XML cannot hold."""
    return NOT_XML.sub("", str(value))


def xml_safe(value):
    """``value`` (strings, and lists, tuples and dicts of them, as deep as they go) with the
    characters XML cannot hold removed from every string; anything else is left as it is."""
    if isinstance(value, str):
        return NOT_XML.sub("", value)
    if isinstance(value, dict):
        return {key: xml_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(item) for item in value)
    return value
