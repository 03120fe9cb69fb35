"""Server-rendered pages: the home, the list, the place page and the map page."""

import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from placette.places.models import Place
from tests.factories import make_place

pytestmark = pytest.mark.django_db


def jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_place_page_has_schema_org_jsonld(client):
    place = make_place(
        name="La Fabrique",
        address="2 rue des Lices",
        postal_code="35000",
        commune="Rennes",
        latitude=48.1137,
        longitude=-1.6837,
        phone="+33299000000",
        websites=["https://fabrique.example"],
        summary="Un fablab associatif.",
        opening_hours="Mo-Fr 09:00-12:00,14:00-18:00",
        families=["fablab"],
    )
    response = client.get(place.get_absolute_url())
    assert response.status_code == 200
    data = jsonld(response.content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == ["Place", "LocalBusiness"]
    assert data["name"] == "La Fabrique"
    assert data["url"] == f"http://testserver{place.get_absolute_url()}"
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "2 rue des Lices",
        "postalCode": "35000",
        "addressLocality": "Rennes",
        "addressCountry": "FR",
    }
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 48.1137, "longitude": -1.6837}
    assert data["telephone"] == "+33299000000"
    assert data["sameAs"] == ["https://fabrique.example"]
    assert data["description"] == "Un fablab associatif."
    specs = data["openingHoursSpecification"]
    assert {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": "https://schema.org/Monday",
        "opens": "09:00",
        "closes": "12:00",
    } in specs
    assert len(specs) == 10  # five days, two ranges each


def test_jsonld_cannot_close_its_script_element(client):
    place = make_place(name='</script><script>alert("x")</script>')
    html = client.get(place.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert jsonld(html)["name"] == '</script><script>alert("x")</script>'


def test_place_page_shows_hours_in_words_opengraph_and_links_back(client):
    place = make_place(
        name="EPN du Blosne",
        commune="Rennes",
        insee_code="35238",
        opening_hours="Mo-Fr 09:00-12:00",
        families=["epn"],
    )
    html = client.get(place.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="EPN du Blosne">' in html
    assert "9 h 00 – 12 h 00" in html
    assert re.search(r"(Ouvert maintenant|Fermé)", html)
    assert "/lieux/?commune=Rennes" in html
    assert "/lieux/?famille=epn&amp;departement=35" in html


def test_unknown_place_is_404(client):
    assert client.get("/lieux/nulle-part/").status_code == 404


def test_unpublished_place_is_not_shown(client):
    place = make_place(name="Brouillon", is_published=False)
    assert client.get(place.get_absolute_url()).status_code == 404
    assert "Brouillon" not in client.get("/lieux/").content.decode()


def test_list_shows_places_counts_and_pagination(client):
    for i in range(25):
        make_place(name=f"Lieu {i:02d}", families=["coworking"])
    html = client.get("/lieux/?famille=coworking").content.decode()
    assert "25 lieux" in html
    assert "Page 1 sur 2" in html
    assert 'href="?famille=coworking&amp;page=2"' in html
    assert "Coworking / bureaux partagés (25)" in html
    page2 = client.get("/lieux/?famille=coworking&page=2").content.decode()
    assert "Lieu 24" in page2 and "Lieu 00" not in page2


def test_list_and_place_pages_use_a_constant_number_of_queries(client):
    make_place(name="Lieu seul", families=["fablab"], services_=["loisirs"], publics=["jeunes"])
    # Warm the per-process caches (footer credit, search index lookup): they cost one query once.
    client.get("/lieux/?q=lieu")
    few = queries_for(client, "/lieux/")
    few_filtered = queries_for(client, "/lieux/?q=lieu&famille=fablab&departement=35")
    quality = "/lieux/?completude_max=80&maj_avant=2030-01-01&tri=fraicheur&famille=fablab"
    few_quality = queries_for(client, quality)
    for i in range(30):
        make_place(
            name=f"Lieu {i}",
            families=["fablab", "epn"],
            services_=["loisirs", "demarches"],
            publics=["jeunes", "seniors"],
        )
    assert queries_for(client, "/lieux/") == few
    assert queries_for(client, "/lieux/?q=lieu&famille=fablab&departement=35") == few_filtered
    assert queries_for(client, quality) == few_quality
    assert queries_for(client, "/lieux/?tri=completude") == few
    detail_one = queries_for(client, Place.objects.get(name="Lieu seul").get_absolute_url())
    assert queries_for(client, Place.objects.get(name="Lieu 3").get_absolute_url()) == detail_one


def test_map_page_works_without_javascript_by_linking_to_the_list(client):
    html = client.get("/carte/?famille=fablab").content.decode()
    assert 'href="/lieux/?famille=fablab"' in html
    assert 'data-api="/api/v1/places.geojson"' in html


def test_census_credit_in_footer_only_while_its_data_is_shown(client):
    assert "CGET – Mission Coworking" not in client.get("/").content.decode()
    make_place(name="Recensé", source="cget-2019")
    cache.clear()
    assert (
        "Données : CGET – Mission Coworking (2019), Licence Ouverte 2.0"
        in client.get("/").content.decode()
    )


def test_english_translation(client):
    make_place(name="A")
    html = client.get("/lieux/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in html
    assert "Directory of places" in html


def test_security_headers(client):
    response = client.get("/lieux/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_health(client):
    response = client.get("/sante/")
    assert response.status_code == 200 and response.content == b"ok"


def test_place_page_shows_access_and_support_modes_in_words(client):
    place = make_place(
        name="EPN",
        access_modes=["se-presenter", "telephoner"],
        support_modes=["individuel"],
        specific_support=["surdite"],
    )
    html = client.get(place.get_absolute_url()).content.decode()
    assert "Se présenter, Téléphoner" in html
    assert "Accompagnement individuel" in html
    assert "Surdité" in html


def test_links_without_filters_carry_no_stray_question_mark(client):
    make_place(name="A")
    html = client.get("/carte/").content.decode()
    assert 'href="/lieux/"' in html and 'href="/lieux/?"' not in html


def test_a_typo_is_corrected_and_said(client):
    make_place(name="La Fabulerie", commune="Marseille", insee_code="13201", postal_code="13001")
    html = client.get("/lieux/?q=Marseile").content.decode()
    assert "Aucun lieu pour « Marseile » : voici les lieux pour « marseille »." in html
    assert "La Fabulerie" in html


def test_an_empty_search_offers_ways_out_never_a_map_of_nothing(client):
    make_place(name="Le Biome", commune="Rennes", families=["fablab"])
    make_place(name="Ubiplex", commune="Betton", insee_code="35024", families=["coworking"])
    html = client.get("/lieux/?q=coworking+rennes").content.decode()
    assert "0 lieu" in html and "Voir ces lieux sur la carte" not in html
    # The commune gave nothing: its département, with the other words, finds Ubiplex.
    assert "Chercher dans une zone plus large : Ille-et-Vilaine (35)" in html
    assert 'href="/lieux/?q=coworking&amp;departement=35"' in html
    assert 'href="/recherche/?q=coworking%20rennes"' in html
    assert 'href="/recherche/?q=coworking%20rennes&amp;type=evenements"' in html
    assert "Ubiplex" in client.get("/lieux/?q=coworking&departement=35").content.decode()
