"""The printable A4 poster: HTML rendered to PDF by WeasyPrint (core/pdf.py, local files only),
with a QR code (segno)."""

import segno

from placette.core import pdf
from placette.core.pdf import LocalFetcher, file_url

__all__ = ["STYLESHEET", "LocalFetcher", "file_url", "qr_data_uri", "render_pdf"]

STYLESHEET = "events/css/poster.css"


def qr_data_uri(url: str) -> str:
    """A QR code of `url` as an SVG data URI: sharp at any print size."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def render_pdf(html: str, *, fetcher: LocalFetcher | None = None) -> bytes:
    return pdf.render_pdf(html, stylesheet=STYLESHEET, fetcher=fetcher)
