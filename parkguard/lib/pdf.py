"""Printing Django templates to PDF with WeasyPrint.

A PDF is an ordinary template (extending ``pdf/base.html``: A4, title and date in the header, page
numbers in the footer) laid out by WeasyPrint, which sets Chinese text through Pango and fontconfig in
the installed Noto CJK fonts and embeds the subset it uses. Charts go in as PNG data URIs
(``png_data_uri(chart.png())``) so that the document carries them and they print as images.

The renderer fetches nothing from the network: it accepts ``data:`` URIs and files under the static
folders only. A template that asks for anything else (an ``http:`` image, ``file:///etc/...``) fails
instead of leaking a request or a file into the document. See docs/adr/0010-bulletin-pdf-and-charts.md.
"""

from __future__ import annotations

import base64
import functools
import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string

from parkguard.lib.charts import cjk_font

AUTHOR = "ParkGuard"
PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class PdfError(RuntimeError):
    """The PDF could not be made; nothing was written."""


class PdfUnavailable(PdfError):
    """WeasyPrint or the system libraries it needs are not installed."""


def png_data_uri(data: bytes) -> str:
    """``data:image/png;base64,…`` for an ``<img src>``, refusing bytes that are not a PNG."""
    if not data.startswith(PNG_MAGIC):
        raise ValueError("png_data_uri() expects PNG bytes (e.g. chart.png()).")
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def render_pdf(template_name: str, context: Mapping[str, Any], *, base_url: str | None = None) -> bytes:
    """Render ``template_name`` with ``context`` and lay it out as a PDF; returns the PDF's bytes.

    ``base_url`` resolves relative links (a ``file:`` URL of a static folder); the document's title
    is the template's ``<title>``, its author is always ParkGuard.
    """
    weasyprint = _weasyprint()
    cjk_font()  # without a CJK font every Chinese character would print as an empty box
    html = render_to_string(template_name, dict(context))
    # fail_on_errors: a bulletin without its chart is wrong, not merely incomplete.
    fetcher = _local_fetcher_class(weasyprint)(fail_on_errors=True)
    try:
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render()
    except weasyprint.urls.FatalURLFetchingError as exc:
        raise PdfError(f"{exc}: {exc.__cause__}") from exc
    document.metadata.authors = [AUTHOR]
    return document.write_pdf()


def _weasyprint() -> Any:
    try:
        return importlib.import_module("weasyprint")
    except OSError as exc:  # cffi could not load Pango or one of its libraries
        raise PdfUnavailable(
            f"WeasyPrint cannot load its system libraries ({exc}). "
            f"Install the Debian packages {PANGO_PACKAGES} (apt-get install {PANGO_PACKAGES})."
        ) from exc


def _allowed_roots() -> list[Path]:
    roots = [Path(settings.STATIC_ROOT), *(Path(d) for d in settings.STATICFILES_DIRS)]
    return [root.resolve() for root in roots]


def _is_allowed_file(url: str) -> bool:
    path = Path(unquote(urlsplit(url).path)).resolve()
    return any(path.is_relative_to(root) for root in _allowed_roots())


@functools.cache
def _local_fetcher_class(weasyprint: Any) -> type:
    urls = weasyprint.urls

    class LocalFetcher(urls.URLFetcher):  # type: ignore[misc, name-defined]
        """Only ``data:`` URIs and static files: a document never reaches the network or other files."""

        def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> Any:
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data" or (scheme == "file" and _is_allowed_file(url)):
                return super().fetch(url, headers)
            raise ValueError(f"a PDF may embed data: URIs and static files only, not {url[:200]!r}")

    return LocalFetcher
