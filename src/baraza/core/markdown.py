"""Members write Markdown; readers get safe HTML, emails get plain text.

Posts are rendered on every page view, so the parser must stay fast on hostile input. That is
why this uses markdown-it-py (CommonMark, linear time, nesting capped at 20 levels) and not
Python-Markdown, which took 20 s for a 10,000-character post of "[" and crashed with a
RecursionError on 250 nested list levels.

1. markdown-it-py parses with raw HTML turned off: a member who types ``<b>`` sees ``<b>``.
2. One pass over the parsed tokens (``_safe_tokens``) keeps links only to http(s), mailto or a
   path on this site (other links become their text), turns pictures into plain links (members
   on costly data open an image only if they choose to), keeps headings between h2 and h4 and
   shows strikethrough as ``<del>``.
3. nh3 (Ammonia) cleans the HTML against a short allow-list: a second gate, independent of the
   first, so that neither a parser bug nor a slip in step 2 can let markup through.

Text longer than ``MAX_MARKDOWN_CHARS`` is not parsed: it is shown as escaped paragraphs.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from urllib.parse import urljoin

import nh3
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

# Posts are capped at 20,000 characters by the forms; this guards the other ways in (email).
MAX_MARKDOWN_CHARS = 50_000
TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "h2", "h3",
    "h4", "hr", "a", "del", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener ugc"
_HEADINGS = {"h1": "h2", "h5": "h4", "h6": "h4"}
_ALIGNMENTS = {"left", "center", "right"}
_UNSAFE_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Browsers skip spaces, tabs, newlines and control characters when they read a URL's scheme.
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_WRITTEN_AS_LINK = ("http://", "https://", "www.", "mailto:")
_local = threading.local()


def url_allowed(url: str) -> bool:
    """True for http(s) and mailto addresses and for paths on this site ("/…")."""
    compact = _IGNORED_IN_URLS.sub("", url).lower()
    if compact.startswith("/"):
        # "//host" and "/\host" lead to another site.
        return not compact.startswith(("//", "/\\"))
    scheme = _SCHEME.match(compact)
    return scheme is not None and scheme.group(1) in SCHEMES


def render(text: str) -> SafeString:
    """Markdown to HTML that is safe to put in a page."""
    source = _clean_source(text)
    if len(source) > MAX_MARKDOWN_CHARS:
        return mark_safe(_paragraphs(source))  # noqa: S308  (every character escaped)
    parser = _parser()
    html = parser.renderer.render(parser.parse(source), parser.options, {})
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=SCHEMES,
        link_rel=LINK_REL,
        attribute_filter=_filter_attribute,
        strip_comments=True,
    )
    return mark_safe(cleaned.strip())  # noqa: S308  (sanitised by nh3 just above)


def render_plain(text: str) -> str:
    """Readable plain text for emails.

    Quotes keep their "> ", list items their "- " or "1. ", and links show their address:
    "label (https://…)", with paths on this site made absolute so they work from a mail client.
    """
    return _plain(text, urls=True, quote_mark="> ")


def excerpt(text: str, length: int = 200) -> str:
    """One line of plain text, at most ``length`` characters and "…", cut between words.

    Quoted text is left out when there is anything else: a reply's excerpt shows the reply.
    """
    plain = " ".join(_plain(text, urls=False, quote_mark=None).split())
    plain = plain or " ".join(_plain(text, urls=False, quote_mark="").split())
    if len(plain) <= length:
        return plain
    cut = plain[: length + 1].rsplit(" ", 1)[0] if " " in plain[:length] else plain[:length]
    return cut.rstrip(" ,;:.") + "…"


# --- Parsing ------------------------------------------------------------------------------


def _parser() -> MarkdownIt:
    """One parser per thread: the linkify matcher keeps state between calls."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        options = {"html": False, "linkify": True, "breaks": True, "typographer": False}
        parser = MarkdownIt("commonmark", options).enable(["table", "strikethrough", "linkify"])
        parser.linkify.tlds("int", True)  # who.int and other international organisations
        # Every link is parsed, so that _safe_tokens can show a refused one as its text.
        parser.validateLink = lambda url: True
        parser.core.ruler.push("baraza_safe_tokens", _safe_tokens)
        _local.parser = parser
    return parser


def _clean_source(text: str) -> str:
    source = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE_CHARS.sub("", source)


def _paragraphs(source: str) -> str:
    paragraphs = (part.strip("\n") for part in re.split(r"\n[ \t]*\n", source))
    return "\n".join(
        "<p>" + escape(part).replace("\n", "<br>\n") + "</p>" for part in paragraphs if part
    )


def _safe_tokens(state: StateCore) -> None:
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = _HEADINGS.get(token.tag, token.tag)
        elif token.type in ("th_open", "td_open"):
            align = str(token.attrGet("style") or "").removeprefix("text-align:")
            token.attrs = {"align": align} if align in _ALIGNMENTS else {}
        elif token.type == "inline" and token.children:
            token.children = _safe_inline(token.children)


def _safe_inline(tokens: list[Token], *, inside_link: bool = False) -> list[Token]:
    kept: list[Token] = []
    open_links: list[bool] = []  # for each link being read: was it kept?
    for index, token in enumerate(tokens):
        if token.type == "link_open":
            keep = not (inside_link or any(open_links)) and url_allowed(_attr(token, "href"))
            if keep and token.markup == "linkify":
                # Link only what was written as an address, not "file.py" or "readme.md".
                label = tokens[index + 1].content if index + 1 < len(tokens) else ""
                keep = label.lower().startswith(_WRITTEN_AS_LINK) or "@" in label
            open_links.append(keep)
            if keep:
                kept.append(token)
        elif token.type == "link_close":
            if open_links and open_links.pop():
                kept.append(token)
        elif token.type == "image":
            kept.extend(_picture_as_link(token, inside_link=inside_link or any(open_links)))
        else:
            if token.type in ("s_open", "s_close"):
                token.tag = "del"
            kept.append(token)
    return kept


def _picture_as_link(image: Token, *, inside_link: bool) -> list[Token]:
    """A link to the picture, labelled with its description; just the description if the
    address is refused (or the picture is already inside a link)."""
    src = _attr(image, "src")
    label = _safe_inline(image.children or [], inside_link=True)
    if inside_link or not url_allowed(src):
        return label
    link = Token("link_open", "a", 1, attrs={"href": src})
    if image.attrGet("title"):
        link.attrs["title"] = _attr(image, "title")
    return [link, *(label or [Token("text", "", 0, content=src)]), Token("link_close", "a", -1)]


def _attr(token: Token, name: str) -> str:
    return str(token.attrGet(name) or "")


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute == "href":
        return value if url_allowed(value) else None
    if attribute == "align":
        return value if value in _ALIGNMENTS else None
    if attribute == "start":
        return value if value.isdigit() else None
    return value


# --- Plain text ---------------------------------------------------------------------------


def _plain(text: str, *, urls: bool, quote_mark: str | None) -> str:
    source = _clean_source(text)
    if len(source) > MAX_MARKDOWN_CHARS:
        return source.strip()
    tokens = _parser().parse(source)
    return "\n\n".join(_PlainText(tokens, urls, quote_mark).blocks(0, len(tokens)))


@dataclass
class _PlainText:
    """Walks the parsed tokens. Links show their address if ``urls``; quoted lines start with
    ``quote_mark``, or quotes are left out if it is None."""

    tokens: list[Token]
    urls: bool
    quote_mark: str | None

    def blocks(self, start: int, end: int) -> list[str]:
        # The parser caps block nesting at 20 levels, so this recursion stays shallow.
        blocks: list[str] = []
        index = start
        while index < end:
            token, close = self.tokens[index], self.closing(index)
            if token.type == "inline":
                blocks.append(self.inline(token.children or []))
            elif token.type in ("fence", "code_block"):
                blocks.append(token.content.rstrip("\n"))
            elif token.type == "hr":
                blocks.append("* * *")
            elif token.type == "blockquote_open" and self.quote_mark is not None:
                lines = "\n\n".join(self.blocks(index + 1, close)).split("\n")
                blocks.append("\n".join(f"{self.quote_mark}{line}".rstrip() for line in lines))
            elif token.type in ("bullet_list_open", "ordered_list_open"):
                blocks.append(self.bullets(index, close))
            elif token.type == "table_open":
                blocks.append(self.table(index, close))
            elif token.nesting == 1 and token.type != "blockquote_open":
                blocks.extend(self.blocks(index + 1, close))
            index = close + 1
        return [block.strip("\n") for block in blocks if block.strip()]

    def bullets(self, start: int, end: int) -> str:
        ordered = self.tokens[start].type == "ordered_list_open"
        number = int(self.tokens[start].attrGet("start") or 1)
        items = []
        index = start + 1
        while index < end:
            close = self.closing(index)
            if self.tokens[index].type == "list_item_open":
                marker = f"{number}. " if ordered else "- "
                body = "\n".join(self.blocks(index + 1, close))
                items.append(marker + body.replace("\n", "\n" + " " * len(marker)))
                number += 1
            index = close + 1
        return "\n".join(items)

    def table(self, start: int, end: int) -> str:
        rows: list[str] = []
        cells: list[str] = []
        for token in self.tokens[start:end]:
            if token.type == "inline":
                cells.append(self.inline(token.children or []))
            elif token.type == "tr_close":
                rows.append(" | ".join(cells))
                cells = []
        return "\n".join(rows)

    def closing(self, index: int) -> int:
        """Where the block opened at ``index`` closes (``index`` if it opens nothing)."""
        if self.tokens[index].nesting != 1:
            return index
        level = self.tokens[index].level
        for position in range(index + 1, len(self.tokens)):
            token = self.tokens[position]
            if token.nesting == -1 and token.level == level:
                return position
        return len(self.tokens) - 1

    def inline(self, tokens: list[Token]) -> str:
        # Emphasis may nest thousands of levels deep: a flat loop, no recursion.
        parts: list[str] = []
        links: list[tuple[str, int]] = []
        for token in tokens:
            if token.type in ("text", "code_inline"):
                parts.append(token.content)
            elif token.type in ("softbreak", "hardbreak"):
                parts.append("\n")
            elif token.type == "link_open":
                links.append((_attr(token, "href"), len(parts)))
            elif token.type == "link_close" and links:
                href, first = links.pop()
                if self.urls and not _shows_address("".join(parts[first:]), href):
                    parts.append(f" ({_absolute(href)})")
        return "".join(parts)


def _shows_address(label: str, href: str) -> bool:
    """True when the label already is the address: "https://…", "www.who.int", an email."""
    readable = _parser().normalizeLinkText(href)
    return label in (href, readable) or href == f"mailto:{label}" or readable.endswith(f"//{label}")


def _absolute(href: str) -> str:
    """Paths on this site become full addresses, so that they work from a mail client."""
    return urljoin(settings.SITE_URL, href) if href.startswith("/") else href
