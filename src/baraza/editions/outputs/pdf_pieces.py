"""Lay out one piece of the edition's PDF with WeasyPrint, in a worker process.

The edition's PDF is long (two pages a record), so ``pdf.build`` cuts it into pieces (the front
matter, chapters by batches, the back matter) and lays them out in parallel. A worker gets only
HTML and gives back bytes: it never touches the database, so this module imports nothing of
Django. It returns the piece's PDF, where its anchors are (to number the contents and the
index, and to build the outline) and where its links to other pieces are (``pdf.build`` adds
them back once the pieces are joined).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from baraza.core.pdf_fetcher import NothingFromTheNetwork

PX = 0.75  # a CSS pixel in PDF points


@dataclass
class Piece:
    pdf: bytes
    pages: int
    anchors: dict[str, int]  # HTML id -> page index in the piece
    # Internal links: (page index, target id, (x1, y1, x2, y2) in PDF points from bottom left)
    links: list[tuple[int, str, tuple[float, float, float, float]]]


def render(html: str, assets: str) -> Piece:
    """Lay out ``html`` with the stylesheet ``pdf.css`` of the folder ``assets``."""
    import weasyprint

    root = Path(assets)
    fetcher = NothingFromTheNetwork(root)
    stylesheet = weasyprint.CSS(filename=str(root / "pdf.css"), url_fetcher=fetcher)
    document = weasyprint.HTML(
        string=html, base_url=root.as_uri() + "/", url_fetcher=fetcher
    ).render(stylesheets=[stylesheet])
    anchors: dict[str, int] = {}
    links = []
    for number, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, number)
        height = page.height * PX
        for link in page.links:
            kind, target, (x, y, width, box_height), _box = link
            if kind == "internal":
                rect = (x * PX, height - (y + box_height) * PX, (x + width) * PX, height - y * PX)
                links.append((number, target, rect))
        # The links between pieces are added once they are joined; WeasyPrint would drop them.
        page.links[:] = [link for link in page.links if link[0] != "internal"]
    return Piece(document.write_pdf(), len(document.pages), anchors, links)
