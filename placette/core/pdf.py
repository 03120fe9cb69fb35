"""HTML to PDF with WeasyPrint (the event poster, the printed list of places), local files only.

WeasyPrint would fetch any URL the HTML names; LocalFetcher lets it read only data: URLs and
files of the static and media folders (and the stylesheet's own folder), so a PDF never calls
a remote host (nor reads anything else on the server). Import this module only where a PDF is
made: WeasyPrint loads system libraries (Pango)."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher


class LocalFetcher(URLFetcher):
    """Fetches data: URLs and local static/media files; refuses everything else."""

    def __init__(self, roots: list[Path] | None = None):
        super().__init__(allowed_protocols=["data", "file"], allow_redirects=False)
        self.roots = [root.resolve() for root in (roots or allowed_roots())]
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if not self._allowed(url):
            self.refused.append(url)
            raise ValueError(f"pdf: refused to fetch {url}")
        return super().fetch(url, headers)

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return True
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return False
        path = Path(unquote(parts.path)).resolve()
        return any(path.is_relative_to(root) for root in self.roots)


def allowed_roots(*stylesheets: str) -> list[Path]:
    roots = [Path(settings.MEDIA_ROOT), Path(settings.STATIC_ROOT)]
    roots += [Path(found).parent for found in map(finders.find, stylesheets) if found]
    return roots


def file_url(path: str) -> str:
    return Path(path).resolve().as_uri()


def render_pdf(html: str, *, stylesheet: str, fetcher: LocalFetcher | None = None) -> bytes:
    """The PDF of `html` styled by the static file `stylesheet`."""
    fetcher = fetcher or LocalFetcher(allowed_roots(stylesheet))
    css = CSS(filename=finders.find(stylesheet), url_fetcher=fetcher)
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[css])
