"""The URL fetcher of every PDF Baraza makes with WeasyPrint: it reads only files under one
folder (the stylesheets and fonts shipped with the package) and ``data:`` URLs, so nothing in a
document can make the server fetch a URL from the network.

It imports nothing of Django: the edition PDF's worker processes use it too.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit


class NothingFromTheNetwork:
    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        # WeasyPrint asks its fetcher whether a refused URL ends the document: it does not,
        # the document renders without it.
        self._fail_on_errors = False
        try:
            from weasyprint.urls import URLFetcher
        except ImportError:  # older WeasyPrint: the fetcher is a plain function
            from weasyprint import default_url_fetcher

            self.fetcher = default_url_fetcher
        else:
            self.fetcher = URLFetcher(allowed_protocols={"file", "data"}).fetch

    def __call__(self, url: str, *args, **kwargs):
        parts = urlsplit(url)
        if parts.scheme == "file":
            if not Path(unquote(parts.path)).resolve().is_relative_to(self.root):
                raise ValueError(f"not a file shipped for the PDF: {url}")
        elif parts.scheme != "data":
            raise ValueError(f"the PDF fetches nothing from the network: {url}")
        return self.fetcher(url)

    fetch = __call__


def render_pdf(html: str, *, root: Path, stylesheet: Path | None = None) -> bytes:
    """``html`` as a PDF, its relative URLs read from ``root`` and nothing from elsewhere,
    with ``stylesheet`` (a file under ``root``) if given."""
    import weasyprint

    fetcher = NothingFromTheNetwork(root)
    document = weasyprint.HTML(
        string=html, base_url=Path(root).resolve().as_uri() + "/", url_fetcher=fetcher
    )
    styles = [weasyprint.CSS(filename=str(stylesheet), url_fetcher=fetcher)] if stylesheet else []
    return document.write_pdf(stylesheets=styles)
