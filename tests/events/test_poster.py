"""The A4 poster: a PDF made by WeasyPrint from local resources only, with a QR code."""

import base64
import re
import zlib
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.utils import timezone

from placette.events.services import events as services
from tests.factories import make_event, make_place
from tests.weasy import weasyprint_or_skip

weasyprint_or_skip()
from placette.events import poster  # noqa: E402 (WeasyPrint checked above)

pytestmark = pytest.mark.django_db

# A 1x1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGN48eQGAAVcAqUe2cvmAAAAAElFTkSuQmCC"
)


def pdf_texts(pdf: bytes) -> list[str]:
    """The UTF-16 text strings of a PDF (its bookmarks, metadata), from compressed streams."""
    texts = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            data = zlib.decompress(stream)
        except zlib.error:
            continue
        for hexa in re.findall(rb"<feff([0-9a-f]+)>", data):
            texts.append(bytes.fromhex(hexa.decode()).decode("utf-16-be"))
    return texts


@pytest.fixture
def fetched(monkeypatch) -> list[str]:
    """Every URL WeasyPrint asks the poster's fetcher for."""
    urls: list[str] = []
    original = poster.LocalFetcher.fetch

    def record(self, url, headers=None):
        urls.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(poster.LocalFetcher, "fetch", record)
    return urls


@pytest.fixture
def rendered(monkeypatch) -> list[str]:
    """The HTML given to WeasyPrint."""
    html: list[str] = []
    original = poster.render_pdf

    def keep(text, **kwargs):
        html.append(text)
        return original(text, **kwargs)

    monkeypatch.setattr(poster, "render_pdf", keep)
    return html


def tour():
    place = make_place(
        name="EPN Mobile",
        phone="02 99 11 22 33",
        emails=["epn@example.org"],
        commune="Redon",
        postal_code="35600",
    )
    event = make_event(
        title="Le numérique au village",
        place=place,
        is_free=True,
        accessibility=["fauteuil"],
        starts_in_days=2,
    )
    start = timezone.now() + timedelta(days=5)
    for n, village in enumerate(["Pipriac", "Guipry-Messac"]):
        services.add_occurrence(
            event=event,
            start=start + timedelta(days=7 * n),
            end=start + timedelta(days=7 * n, hours=3),
            mode="outside",
            venue="Salle polyvalente",
            postal_code="35550",
            commune=village,
        )
    return event


def test_poster_is_a_pdf_built_without_remote_fetch(client, fetched, rendered):
    event = tour()
    response = client.get(f"/agenda/{event.slug}/affiche.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 5000
    assert pdf_pages(response.content) == 1
    assert not [url for url in fetched if url.split(":")[0] in ("http", "https")]

    [html] = rendered
    assert "Le numérique au village" in html
    for stop in ["EPN Mobile", "Pipriac", "Guipry-Messac"]:
        assert stop in html  # every stop of the series
    assert "gratuit" in html
    assert "Accessible en fauteuil roulant" in html
    assert "02 99 11 22 33" in html and "epn@example.org" in html
    url = f"http://testserver/agenda/{event.slug}/"
    assert url in html
    assert poster.qr_data_uri(url) in html
    # The title heading is the PDF's bookmark.
    assert "Le numérique au village" in pdf_texts(response.content)


def test_qr_code_encodes_the_page_url():
    uri = poster.qr_data_uri("https://placette.example/agenda/atelier/")
    assert uri.startswith("data:image/svg+xml")
    svg = unquote(uri.split(",", 1)[1])
    assert "<svg" in svg and "<path" in svg
    assert uri != poster.qr_data_uri("https://placette.example/agenda/autre/")


def test_poster_uses_the_event_image_from_media(client, settings, tmp_path, fetched):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "affiche.png").write_bytes(PNG)
    event = make_event(title="Avec image", image="events/affiche.png", image_alt="Un dessin")
    response = client.get(f"/agenda/{event.slug}/affiche.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    image_url = (tmp_path / "events" / "affiche.png").resolve().as_uri()
    assert image_url in fetched


def test_fetcher_refuses_remote_and_foreign_files(tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    (media / "ok.png").write_bytes(PNG)
    fetcher = poster.LocalFetcher(roots=[media])
    for url in [
        "https://tiles.example/1/2/3.png",
        "http://127.0.0.1:8000/admin/",
        "ftp://example.org/x",
        (tmp_path / "secret.txt").as_uri(),
        (media / ".." / "secret.txt").as_uri(),
        "file://autre-machine/etc/passwd",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 6
    assert fetcher.fetch((media / "ok.png").as_uri()).read() == PNG
    assert fetcher.fetch("data:text/plain,bonjour").read() == b"bonjour"


def test_a_remote_image_in_the_html_is_refused_not_fetched():
    fetcher = poster.LocalFetcher(roots=[Path("/nonexistent")])
    pdf = poster.render_pdf(
        '<html><body><h1>Affiche</h1><img src="https://remote.example/x.png" alt=""></body></html>',
        fetcher=fetcher,
    )
    assert pdf.startswith(b"%PDF")
    assert fetcher.refused == ["https://remote.example/x.png"]


def pdf_pages(pdf: bytes) -> int:
    count = 0
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            count += len(re.findall(rb"/Type /Page(?!s)", zlib.decompress(stream)))
        except zlib.error:
            continue
    return count


def test_many_dates_are_cut_with_a_note_and_fit_one_sheet(client, rendered):
    event = make_event(title="Permanence", starts_in_days=1)
    start = timezone.now() + timedelta(days=2)
    for n in range(14):
        services.add_occurrence(
            event=event,
            start=start + timedelta(days=7 * n),
            end=start + timedelta(days=7 * n, hours=2),
        )
    response = client.get(f"/agenda/{event.slug}/affiche.pdf")
    assert response.status_code == 200
    [html] = rendered
    assert html.count("<li>") == 10
    assert "Et 5 autres dates : voir en ligne." in html
    assert pdf_pages(response.content) == 1
