"""Members write Markdown; readers get safe HTML.

Markdown is rendered with Python-Markdown (raw HTML escaped first, so it shows as text), then
the result is cleaned by nh3 (Ammonia) against a short allow-list: no scripts, styles, event
handlers, frames or images, and links only to http(s), mailto or this site. Pictures become
plain links, so nobody downloads an image they didn't ask for.
"""

from __future__ import annotations

import html
import re

import markdown as markdown_lib
import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

TAGS = {
    "p", "br", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "hr", "a", "del", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["fenced_code", "tables", "sane_lists", "nl2br"]
_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_HEADING = re.compile(r"<(/?)h1>")
_UNSAFE_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _image_to_link(match: re.Match) -> str:
    attrs = dict(_ATTR.findall(match.group(0)))
    alt = attrs.get("alt") or attrs.get("src", "")
    return f'<a href="{attrs.get("src", "")}">{alt}</a>'


def _url_allowed(url: str) -> bool:
    cleaned = re.sub(r"[\s\x00-\x1f]", "", html.unescape(url)).lower()
    if cleaned.startswith("/") and not cleaned.startswith("//"):
        return True
    scheme = cleaned.split(":", 1)[0] if ":" in cleaned else ""
    return scheme in SCHEMES


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute == "href":
        return value if _url_allowed(value) else None
    return value


def _converter() -> markdown_lib.Markdown:
    """A Markdown converter that treats raw HTML as text (it is shown, never interpreted)."""
    converter = markdown_lib.Markdown(extensions=EXTENSIONS, output_format="html")
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter


def render(text: str) -> SafeString:
    """Markdown to HTML that is safe to put in a page."""
    source = _UNSAFE_CHARS.sub("", text or "")
    rendered = _converter().convert(source)
    rendered = _IMAGE.sub(_image_to_link, rendered)
    rendered = _HEADING.sub(r"<\1h2>", rendered)
    cleaned = nh3.clean(
        rendered,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=SCHEMES,
        link_rel="nofollow noopener ugc",
        attribute_filter=_filter_attribute,
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308  (sanitised by nh3 just above)


def render_plain(text: str) -> str:
    """A readable plain-text version (emails): links keep their address in brackets."""
    html_text = str(render(text))
    html_text = re.sub(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', r"\2 (\1)", html_text)
    html_text = re.sub(r"</(p|li|h2|h3|h4|blockquote|tr)>", "\n", html_text)
    html_text = re.sub(r"<br\s*/?>", "\n", html_text)
    plain = html.unescape(strip_tags(html_text))
    return re.sub(r"\n{3,}", "\n\n", plain).strip()


def excerpt(text: str, length: int = 200) -> str:
    """Plain text of at most ``length`` characters, cut between words."""
    plain = " ".join(html.unescape(strip_tags(str(render(text)))).split())
    if len(plain) <= length:
        return plain
    cut = plain[: length + 1].rsplit(" ", 1)[0] if " " in plain[:length] else plain[:length]
    return cut.rstrip(" ,;:.") + "…"
