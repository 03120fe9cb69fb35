"""The printable A4 poster: HTML rendered to PDF by WeasyPrint, with a QR code (segno).

WeasyPrint would fetch any URL the HTML names; LocalFetcher lets it read only data: URLs and
files of the static and media folders, so a poster never calls a remote host (nor reads
anything else on the server)."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

STYLESHEET = "events/css/poster.css"


class LocalFetcher(URLFetcher):
    """Fetches data: URLs and local static/media files; refuses everything else."""

    def __init__(self, roots: list[Path] | None = None):
        super().__init__(allowed_protocols=["data", "file"], allow_redirects=False)
        self.roots = [root.resolve() for root in (roots or allowed_roots())]
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if not self._allowed(url):
            self.refused.append(url)
            raise ValueError(f"poster: refused to fetch {url}")
        return super().fetch(url, headers)

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return True
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return False
        path = Path(unquote(parts.path)).resolve()
        return any(path.is_relative_to(root) for root in self.roots)


def allowed_roots() -> list[Path]:
    roots = [Path(settings.MEDIA_ROOT), Path(settings.STATIC_ROOT)]
    roots += [Path(found).parent for found in [finders.find(STYLESHEET)] if found]
    return roots


def qr_data_uri(url: str) -> str:
    """A QR code of `url` as an SVG data URI: sharp at any print size."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def file_url(path: str) -> str:
    return Path(path).resolve().as_uri()


def render_pdf(html: str, *, fetcher: LocalFetcher | None = None) -> bytes:
    fetcher = fetcher or LocalFetcher()
    stylesheet = CSS(filename=finders.find(STYLESHEET), url_fetcher=fetcher)
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[stylesheet])
