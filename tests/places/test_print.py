"""The filtered list of places on one printed sheet: /lieux/imprimer.pdf (places/print.py)."""

import re
import zlib

import pytest
from django.template.loader import render_to_string

from tests.events.test_poster import pdf_pages as pages
from tests.factories import make_place
from tests.weasy import weasyprint_or_skip

weasyprint_or_skip()

pytestmark = pytest.mark.django_db


def pdf_texts(pdf: bytes) -> list[str]:
    """The bookmarks' titles (WeasyPrint makes one of each heading): UTF-16 or plain strings."""
    texts = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            data = zlib.decompress(stream)
        except zlib.error:
            continue
        for hexa in re.findall(rb"/Title <feff([0-9a-f]+)>", data):
            texts.append(bytes.fromhex(hexa.decode()).decode("utf-16-be"))
        texts += [plain.decode("latin-1") for plain in re.findall(rb"/Title \(([^)]*)\)", data)]
    return texts


def test_pdf_holds_the_filtered_places_and_no_other(client):
    make_place(
        name="EPN de Bréquigny",
        families=["epn"],
        commune="Rennes",
        postal_code="35200",
        insee_code="35238",
        address="2 rue d'Espagne",
        phone="02 99 00 00 00",
        opening_hours="Mo-Fr 09:00-12:00,14:00-18:00",
    )
    make_place(name="Fablab de Rennes", commune="Rennes", postal_code="35000", insee_code="35238")
    make_place(name="Fablab de Lyon", commune="Lyon", postal_code="69004", insee_code="69384")

    response = client.get("/lieux/imprimer.pdf?departement=35")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    assert pages(pdf) == 1
    texts = pdf_texts(pdf)  # headings become the PDF's bookmarks
    assert "EPN de Bréquigny" in texts and "Fablab de Rennes" in texts
    assert "Fablab de Lyon" not in texts
    assert not any("Lyon" in text for text in texts)


def test_a_long_list_stays_on_one_sheet_and_says_how_many_are_left(client):
    for i in range(40):
        make_place(
            name=f"Lieu numéro {i:02d} au nom assez long pour deux lignes",
            address=f"{i} avenue de la République prolongée",
            phone="02 99 00 00 00",
            opening_hours="Mo-Sa 09:00-12:00,14:00-18:30",
        )
    response = client.get("/lieux/imprimer.pdf", {"tri": "nom"})
    assert response.status_code == 200
    assert pages(response.content) == 1
    html = render_to_string("places/print.html", {"rows": [], "total": 40, "more": 24, "url": "u"})
    assert "Et 24 autres lieux : u" in html
    assert len([t for t in pdf_texts(response.content) if t.startswith("Lieu numéro")]) == 16


def test_the_list_links_to_its_pdf_with_the_filters(client):
    make_place(name="Un lieu", families=["fablab"])
    html = client.get("/lieux/?famille=fablab").content.decode()
    assert '<a href="/lieux/imprimer.pdf?famille=fablab">Imprimer / PDF</a>' in html


def test_hours_are_grouped_by_runs_of_days():
    from placette.places.print import week_lines

    lines = week_lines("Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00")
    assert lines == [
        ("lundi – vendredi", "9 h 00 – 12 h 00, 14 h 00 – 18 h 00"),
        ("samedi", "10 h 00 – 12 h 00"),
    ]
