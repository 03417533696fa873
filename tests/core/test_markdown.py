"""Members' Markdown becomes safe HTML: formatting survives, nothing executable does."""

from __future__ import annotations

import re
import time

import pytest
from bs4 import BeautifulSoup

from baraza.core.markdown import excerpt, render, render_plain


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("**bold** and *italic*", "<p><strong>bold</strong> and <em>italic</em></p>"),
        ("> quoted\n\nreply", "<blockquote>\n<p>quoted</p>\n</blockquote>\n<p>reply</p>"),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("`x < y`", "<p><code>x &lt; y</code></p>"),
        ("```\n<b>code</b>\n```", "<pre><code>&lt;b&gt;code&lt;/b&gt;\n</code></pre>"),
        ("# Big title", "<h2>Big title</h2>"),
        ("I typed <b>", "<p>I typed &lt;b&gt;</p>"),
        (
            "[WHO](https://www.who.int)",
            '<p><a href="https://www.who.int" rel="nofollow noopener ugc">WHO</a></p>',
        ),
        (
            "![a chart](https://example.org/c.png)",
            '<p><a href="https://example.org/c.png" rel="nofollow noopener ugc">a chart</a></p>',
        ),
        ("line one\nline two", "<p>line one<br>\nline two</p>"),
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
    "[x](&#106;avascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](file:///etc/passwd)",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "[ref][1]\n\n[1]: javascript:alert(1)",
    "[ref][1]\n\n[1]: data:text/html,<script>alert(1)</script>",
    "<javascript:alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    "<object data=x.swf></object>",
    "<embed src=x.swf>",
    "<form action=javascript:alert(1)><button>go</button></form>",
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '[x](http://a.example "onmouseover=alert(1)")',
    "<details open ontoggle=alert(1)>",
    "<base href=https://evil.example/>",
    "<meta http-equiv=refresh content=0;url=https://evil.example>",
    "<div>**markdown in html** <script>alert(1)</script></div>",
    "<b><i>unclosed <script>alert(1)",
    "<<script>script>alert(1)<</script>/script>",
    "\x00<script>alert(1)</script>",
    "<a href='//evil.example'>protocol-relative</a>",
    "[x](//evil.example/path)",
    '<img src="x" onerror="&#97;lert(1)">',
    "<body onload=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "[click](&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1))",
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    "`<script>` and <script>alert(1)</script>",
]

FORBIDDEN = ["script", "iframe", "object", "embed", "svg", "math", "style", "form", "img",
             "base", "meta", "input", "button", "details", "body"]  # fmt: skip


def _scheme_ok(url: str) -> bool:
    cleaned = re.sub(r"[\s\x00-\x1f]", "", url).lower()
    if cleaned.startswith("/") and not cleaned.startswith("//"):
        return True
    return cleaned.split(":", 1)[0] in {"http", "https", "mailto"} and ":" in cleaned


@pytest.mark.parametrize("payload", XSS)
def test_xss_payloads_are_neutralised(payload):
    soup = BeautifulSoup(str(render(payload)), "html.parser")
    assert soup.find_all(FORBIDDEN) == []
    for tag in soup.find_all(True):
        assert not [name for name in tag.attrs if name.lower().startswith("on")], tag
        assert "style" not in tag.attrs
        for attribute in ("href", "src", "action", "formaction"):
            if tag.get(attribute) is not None:
                assert _scheme_ok(tag[attribute]), tag


def test_a_megabyte_of_input_renders_quickly():
    text = ("*a* [b](https://x.example) <c> " * 40_000)[:1_000_000]
    started = time.perf_counter()
    render(text)
    # Not a timing test of the machine: a guard against catastrophic backtracking.
    assert time.perf_counter() - started < 30


def test_plain_text_for_emails_keeps_link_addresses():
    assert render_plain("Read **this** [report](https://who.int/r)\n\n> quoted") == (
        "Read this report (https://who.int/r)\n\nquoted"
    )


def test_excerpt_cuts_on_a_word():
    assert excerpt("Community *health* workers " * 20, 40) == "Community health workers Community…"
