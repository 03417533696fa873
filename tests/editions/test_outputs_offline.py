"""The offline website: a zip to open from file://, with relative links only, a page per record
and language, and a search index of every record."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest

from baraza.compendium import services
from baraza.editions.outputs import offline

pytestmark = pytest.mark.django_db

LINK = re.compile(r'\b(href|src)="([^"]*)"')


def build(edition) -> zipfile.ZipFile:
    out, steps = io.BytesIO(), []
    offline.build(edition, "", out, steps.append)
    assert steps[-1] == 100 and len(steps) <= 20
    return zipfile.ZipFile(out)


def test_the_bundle_has_a_page_per_record_in_each_language(edition):
    archive = build(edition)
    identifiers = sorted(edition.entries.values_list("identifier", flat=True))
    assert sorted(archive.namelist()) == sorted(
        [
            "index.html",
            "en/index.html",
            "fr/index.html",
            "assets/style.css",
            "assets/search.js",
            "assets/search-index.js",
            *(f"{lang}/records/{i}.html" for lang in ("en", "fr") for i in identifiers),
        ]
    )
    page = archive.read(f"fr/records/{identifiers[0]}.html").decode()
    assert '<html lang="fr">' in page
    assert f'href="../../en/records/{identifiers[0]}.html"' in page
    assert "Comment citer" in page or "How to cite" in page


def test_every_link_is_relative_and_resolves_inside_the_bundle(edition):
    archive = build(edition)
    names = set(archive.namelist())
    for name in names:
        if not name.endswith(".html"):
            continue
        html = archive.read(name).decode()
        assert "<style" not in html and "style=" not in html
        assert "<script>" not in html  # no inline script
        for attribute, url in LINK.findall(html):
            if url.startswith("https://") and attribute == "href":
                # Only a record's references link out (class="external"), never an asset.
                assert f'class="external" rel="external" href="{url}"' in html
                continue
            assert not url.startswith(("/", "http:", "//")), (name, url)
            target = url.split("#")[0]
            if target:
                folder = name.rsplit("/", 1)[0] if "/" in name else ""
                parts = [p for p in f"{folder}/{target}".split("/") if p]
                resolved: list[str] = []
                for part in parts:
                    resolved.pop() if part == ".." else resolved.append(part)
                assert "/".join(resolved) in names, (name, url)


def test_the_search_index_holds_every_record_in_both_languages(edition):
    archive = build(edition)
    script = archive.read("assets/search-index.js").decode()
    assert script.startswith("window.BARAZA_SEARCH = ")
    index = json.loads(script.removeprefix("window.BARAZA_SEARCH = ").rstrip(";\n"))
    identifiers = sorted(edition.entries.values_list("identifier", flat=True))
    for language in ("en", "fr"):
        assert [e["id"] for e in index[language]] == identifiers
    haiti = next(e for e in index["en"] if "Haiti" in e["title"])
    assert haiti["url"] == f"records/{haiti['id']}.html"
    assert "cholera" in haiti["text"].split() and "haiti" in haiti["text"].split()
    assert haiti["text"] == haiti["text"].lower()  # folded: the script folds the query too
    search = archive.read("assets/search.js").decode()
    assert "BARAZA_SEARCH" in search and "fetch(" not in search


def test_a_record_withdrawn_since_is_marked(edition, records, curator):
    services.withdraw(experience=records[2], actor=curator, reason="Duplicate.")
    archive = build(edition)
    page = archive.read(f"en/records/{records[2].identifier}.html").decode()
    assert '<p class="withdrawn">Withdrawn from the compendium since ' in page
    index = archive.read("en/index.html").decode()
    assert index.count("Withdrawn from the compendium since ") == 1
