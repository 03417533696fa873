"""The EPUB: one XHTML document per record, a navigation document and an NCX, the edition's
metadata; it passes epubcheck."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile

import pytest

from baraza.editions.outputs import epub

pytestmark = pytest.mark.django_db


def build(edition, language: str) -> bytes:
    out, steps = io.BytesIO(), []
    epub.build(edition, language, out, steps.append)
    assert steps[-1] == 100 and len(steps) <= 20
    return out.getvalue()


def epubcheck() -> list[str]:
    """The command: Debian's ``epubcheck`` is a link to a jar, which runs by itself only where
    binfmt_misc knows jars (not in every container), so a jar is run with ``java -jar``."""
    found = shutil.which("epubcheck")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("epubcheck is not installed (apt-get install epubcheck)")
        pytest.skip("epubcheck is not installed")
    real = os.path.realpath(found)
    return ["java", "-jar", real] if real.endswith(".jar") else [found]


def test_the_epub_passes_epubcheck(edition, tmp_path):
    command = epubcheck()
    for language in ("en", "fr"):
        path = tmp_path / f"edition-{language}.epub"
        path.write_bytes(build(edition, language))
        result = subprocess.run(
            [*command, str(path)], capture_output=True, text=True, timeout=120, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No errors or warnings detected" in result.stdout


def test_the_epub_has_a_document_per_record_and_the_metadata(edition):
    archive = zipfile.ZipFile(io.BytesIO(build(edition, "fr")))
    names = archive.namelist()
    identifiers = sorted(edition.entries.values_list("identifier", flat=True))
    assert [n for n in names if n.startswith("EPUB/r-")] == [
        f"EPUB/r-{identifier}.xhtml" for identifier in identifiers
    ]
    assert {"EPUB/nav.xhtml", "EPUB/toc.ncx", "EPUB/style/edition.css"} <= set(names)
    opf = archive.read("EPUB/content.opf").decode()
    assert "<dc:language>fr</dc:language>" in opf
    assert "<dc:date>" in opf and "<dc:publisher>Baraza</dc:publisher>" in opf
    assert "/fr/compendium/editions/2026.1/</dc:identifier>" in opf
    chapter = archive.read(f"EPUB/r-{identifiers[0]}.xhtml").decode()
    assert 'lang="fr"' in chapter
    assert "Comment citer" in chapter or "How to cite" in chapter
    index = archive.read("EPUB/index-countries.xhtml").decode()
    assert "Kenya" in index and f'href="r-{identifiers[0]}.xhtml"' in index
