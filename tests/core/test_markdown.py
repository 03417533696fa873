"""Members' Markdown becomes safe HTML: formatting survives, nothing executable does."""

from __future__ import annotations

import re
import time

import pytest
from bs4 import BeautifulSoup

from baraza.core.markdown import MAX_MARKDOWN_CHARS, excerpt, render, render_plain

REL = 'rel="nofollow noopener ugc"'


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("**bold** and *italic*", "<p><strong>bold</strong> and <em>italic</em></p>"),
        ("> quoted\n\nreply", "<blockquote>\n<p>quoted</p>\n</blockquote>\n<p>reply</p>"),
        (
            "> > earlier\n>\n> later",
            "<blockquote>\n<blockquote>\n<p>earlier</p>\n</blockquote>\n<p>later</p>\n"
            "</blockquote>",
        ),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("3. three\n4. four", '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>'),
        ("`x < y`", "<p><code>x &lt; y</code></p>"),
        ("```\n<b>code</b>\n```", "<pre><code>&lt;b&gt;code&lt;/b&gt;\n</code></pre>"),
        ("```python\nprint(1)\n```", "<pre><code>print(1)\n</code></pre>"),
        ("# Big title", "<h2>Big title</h2>"),
        ("### Section", "<h3>Section</h3>"),
        ("###### Small", "<h4>Small</h4>"),
        ("~~cancelled~~ moved", "<p><del>cancelled</del> moved</p>"),
        ("a\n\n---\n\nb", "<p>a</p>\n<hr>\n<p>b</p>"),
        ("I typed <b>", "<p>I typed &lt;b&gt;</p>"),
        ("&copy; AT&T", "<p>© AT&amp;T</p>"),
        ("[WHO](https://www.who.int)", f'<p><a href="https://www.who.int" {REL}>WHO</a></p>'),
        (
            '[guide](/fr/ressources/guide "Le guide")',
            f'<p><a href="/fr/ressources/guide" title="Le guide" {REL}>guide</a></p>',
        ),
        (
            "see https://who.int/fr and www.who.int.",
            f'<p>see <a href="https://who.int/fr" {REL}>https://who.int/fr</a> and '
            f'<a href="http://www.who.int" {REL}>www.who.int</a>.</p>',
        ),
        (
            "mail awa@example.org",
            f'<p>mail <a href="mailto:awa@example.org" {REL}>awa@example.org</a></p>',
        ),
        # Only what was written as an address becomes a link.
        ("see readme.md and file.py", "<p>see readme.md and file.py</p>"),
        ("[x](javascript:alert(1)) and [ftp](ftp://x.example)", "<p>x and ftp</p>"),
        ("[relative](page.html)", "<p>relative</p>"),
        (
            "![a chart](https://example.org/c.png)",
            f'<p><a href="https://example.org/c.png" {REL}>a chart</a></p>',
        ),
        (
            "![](https://example.org/c.png)",
            f'<p><a href="https://example.org/c.png" {REL}>https://example.org/c.png</a></p>',
        ),
        ("![a chart](javascript:alert(1))", "<p>a chart</p>"),
        (
            "[![logo](https://example.org/l.png)](https://example.org)",
            f'<p><a href="https://example.org" {REL}>logo</a></p>',
        ),
        ("line one\nline two", "<p>line one<br>\nline two</p>"),
        (
            "| Region | Cases |\n|:--|--:|\n| Kolda | 12 |",
            '<table>\n<thead>\n<tr>\n<th align="left">Region</th>\n<th align="right">Cases</th>'
            '\n</tr>\n</thead>\n<tbody>\n<tr>\n<td align="left">Kolda</td>\n'
            '<td align="right">12</td>\n</tr>\n</tbody>\n</table>',
        ),
        ("", ""),
    ],
)
def test_formatting(source, html):
    assert str(render(source)) == html


XSS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](\njavascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](&#106;avascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](file:///etc/passwd)",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "![x](//evil.example/pixel.png)",
    "[ref][1]\n\n[1]: javascript:alert(1)",
    "[ref][1]\n\n[1]: data:text/html,<script>alert(1)</script>",
    "<javascript:alert(1)>",
    "javascript:alert(1) www.example.org/<script>alert(1)</script>",
    "<iframe src=https://evil.example></iframe>",
    "<object data=x.swf></object>",
    "<embed src=x.swf>",
    "<form action=javascript:alert(1)><button>go</button></form>",
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '[x](http://a.example "onmouseover=alert(1)")',
    '[x](http://a.example "" onmouseover=alert(1) "")',
    "<details open ontoggle=alert(1)>",
    "<base href=https://evil.example/>",
    "<meta http-equiv=refresh content=0;url=https://evil.example>",
    "<div>**markdown in html** <script>alert(1)</script></div>",
    '<div markdown="1">[x](javascript:alert(1))</div>',
    "<b><i>unclosed <script>alert(1)",
    "<<script>script>alert(1)<</script>/script>",
    "\x00<script>alert(1)</script>",
    "<scr\x00ipt>alert(1)</scr\x00ipt>",
    "<a href='//evil.example'>protocol-relative</a>",
    "[x](//evil.example/path)",
    "[x](/\\evil.example/path)",
    '<img src="x" onerror="&#97;lert(1)">',
    "<body onload=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "[click](&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1))",
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    "`<script>` and <script>alert(1)</script>",
    "<!-- <script>alert(1)</script> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "| <script>alert(1)</script> | [x](javascript:alert(1)) |\n|---|---|\n| <img src=x> | b |",
    "> <script>alert(1)</script>\n> [x](javascript:alert(1))",
    "- [x](javascript:alert(1))\n  - ![y](data:text/html,z)",
]

FORBIDDEN = ["script", "iframe", "object", "embed", "svg", "math", "style", "form", "img",
             "base", "meta", "input", "button", "details", "body", "div", "span"]  # fmt: skip


def _url_ok(url: str) -> bool:
    cleaned = re.sub(r"[\s\x00-\x1f\x7f]", "", url).lower()
    if cleaned.startswith("/"):
        return not cleaned.startswith(("//", "/\\"))
    return ":" in cleaned and cleaned.split(":", 1)[0] in {"http", "https", "mailto"}


@pytest.mark.parametrize("payload", XSS)
def test_xss_payloads_are_neutralised(payload):
    soup = BeautifulSoup(str(render(payload)), "html.parser")
    assert soup.find_all(FORBIDDEN) == []
    for tag in soup.find_all(True):
        assert not [name for name in tag.attrs if name.lower().startswith("on")], tag
        assert not {"style", "class", "target", "id"} & set(tag.attrs), tag
        for attribute in ("href", "src", "action", "formaction", "xlink:href"):
            if tag.get(attribute) is not None:
                assert _url_ok(tag[attribute]), tag


def test_what_a_member_typed_as_html_is_shown_as_typed():
    soup = BeautifulSoup(str(render("<script>alert(1)</script>")), "html.parser")
    assert soup.get_text() == "<script>alert(1)</script>"


# Posts are capped at 20,000 characters; each of these took Python-Markdown from 10 s to
# forever, or crashed it. The limit guards against catastrophic slowness, not a slow machine.
PATHOLOGICAL = {
    "brackets": "[" * 20_000,
    "images": "![" * 10_000,
    "unclosed links": "[a](" * 5_000,
    "emphasis": "*" * 10_000 + "a" + "*" * 10_000,
    "nested lists": "".join("  " * depth + "- x\n" for depth in range(1_000)),
    "nested quotes": ">" * 20_000,
    "one-line paragraph breaks": "a\n" * 10_000,
    "table rows": "|a|b|\n|-|-|\n" + "|1|2|\n" * 3_000,
    "ampersands": "&#" * 10_000,
}


@pytest.mark.parametrize("source", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_hostile_posts_render_quickly(source):
    started = time.perf_counter()
    render(source)
    render_plain(source)
    excerpt(source)
    assert time.perf_counter() - started < 10


def test_a_megabyte_renders_quickly_as_escaped_paragraphs():
    text = ("*a* [b](javascript:alert(1)) <script>alert(1)</script>\n\n" * 20_000)[:1_000_000]
    started = time.perf_counter()
    html = str(render(text))
    assert time.perf_counter() - started < 10
    assert len(text) > MAX_MARKDOWN_CHARS
    assert html.startswith(
        "<p>*a* [b](javascript:alert(1)) &lt;script&gt;alert(1)&lt;/script&gt;</p>\n<p>"
    )
    assert BeautifulSoup(html, "html.parser").find_all(["script", "a"]) == []
    assert render_plain(text) == text.strip()


def test_plain_text_for_emails_keeps_quotes_lists_and_link_addresses(settings):
    settings.SITE_URL = "https://baraza.example"
    source = (
        "Read **this** [report](https://who.int/r)\n\n"
        "> quoted\n> > older\n\n"
        "- one\n- two\n  - nested\n\n"
        "1. first\n2. second\n\n"
        "See [the guide](/fr/guide), https://who.int and awa@example.org.\n\n"
        "```\ncode <kept>\n```\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert render_plain(source) == (
        "Read this report (https://who.int/r)\n\n"
        "> quoted\n>\n> > older\n\n"
        "- one\n- two\n  - nested\n\n"
        "1. first\n2. second\n\n"
        "See the guide (https://baraza.example/fr/guide), https://who.int and awa@example.org.\n\n"
        "code <kept>\n\n"
        "a | b\n1 | 2"
    )


def test_plain_text_drops_refused_links_but_keeps_their_words():
    assert render_plain("[click](javascript:alert(1)) ![photo](data:x)") == "click photo"


def test_excerpt_cuts_on_a_word():
    assert excerpt("Community *health* workers " * 20, 40) == "Community health workers Community…"
    assert excerpt("Short **post**.") == "Short post."
    assert excerpt("Averyveryverylongwordwithoutspaces", 10) == "Averyveryv…"


def test_the_excerpt_of_a_reply_shows_the_reply_not_the_quote():
    assert excerpt("> What about Kolda?\n\nKolda starts in **May**.") == "Kolda starts in May."
    assert excerpt("> Only a quote") == "Only a quote"
