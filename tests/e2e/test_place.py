"""A place page /lieux/<slug>/: heading, JSON-LD, small map, opening hours, accessibility."""

import json

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, assert_axe

pytestmark = pytest.mark.browser


@pytest.fixture
def place(directory):
    return directory["Fablab des Champs Libres"]


def test_place_page_heading_and_json_ld(open_tab, place):
    tab = open_tab()
    page = tab.goto(place.get_absolute_url())
    expect(page.locator("h1")).to_have_text(place.name)
    scripts = page.locator('script[type="application/ld+json"]')
    expect(scripts).to_have_count(1)
    data = json.loads(scripts.text_content())
    types = data["@type"] if isinstance(data["@type"], list) else [data["@type"]]
    assert "Place" in types, data["@type"]
    assert data["name"] == place.name
    tab.assert_clean()


def test_place_map_shows_stubbed_tiles_and_a_pin(open_tab, place):
    tab = open_tab()
    page = tab.goto(place.get_absolute_url())
    expect(page.locator("#place-map.leaflet-container")).to_be_visible()
    expect(page.locator("#place-map .leaflet-tile-loaded").first).to_be_attached()
    expect(page.locator("#place-map .place-pin")).to_be_visible()
    box = page.locator("#place-map").bounding_box()
    assert box and box["height"] >= 150 and box["width"] >= 200, box
    assert tab.tiles, "the place map requested no tile"
    tab.assert_clean()


def test_place_opening_hours_table(open_tab, place):
    tab = open_tab()
    page = tab.goto(place.get_absolute_url())
    table = page.locator("table.hours")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(7)
    expect(table.locator("td", has_text="9 h 00 – 18 h 00")).to_have_count(5)
    expect(table.locator("td", has_text="fermé")).to_have_count(2)
    tab.assert_clean()


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_place_page_is_accessible(open_tab, place, viewport):
    tab = open_tab(bypass_csp=True, viewport=viewport)
    page = tab.goto(place.get_absolute_url())
    expect(page.locator("#place-map .place-pin")).to_be_visible()
    assert_axe(page)
    tab.assert_clean()


@pytest.mark.parametrize("viewport", [PHONE, None], ids=["phone", "desktop"])
def test_practical_information_comes_before_the_events(open_tab, place, viewport):
    from placette.places.models import Place
    from tests.factories.events import make_event

    Place.objects.filter(pk=place.pk).update(phone="02 99 00 00 00")
    for days in range(1, 6):
        make_event(place=place, starts_in_days=days, title=f"Atelier impression 3D n° {days}")
    tab = open_tab(viewport=viewport, bypass_csp=True)
    page = tab.goto(place.get_absolute_url())
    expect(page.locator("#next-events-title")).to_be_visible()

    def top(selector: str) -> float:
        return page.locator(selector).bounding_box()["y"]

    # On a phone the address is on the first screen; everywhere, before the events.
    if viewport == PHONE:
        assert top("#where-title") < PHONE["height"], top("#where-title")
        for practical in ("#where-title", "#contact-title", "#hours-title"):
            assert top(practical) < top("#next-events-title"), practical
    maps_app = page.get_by_role("link", name="Ouvrir dans une application de cartes")
    expect(maps_app).to_have_attribute("href", "geo:48.105500,-1.674500")
    expect(page.get_by_role("link", name="Voir l’itinéraire sur OpenStreetMap")).to_be_visible()
    phone = page.get_by_role("link", name="02 99 00 00 00")
    expect(phone).to_have_attribute("href", "tel:0299000000")
    # The public sees no quality indicator, one date and a way to correct.
    expect(page.locator("meter")).to_have_count(0)
    expect(page.get_by_text("Fiche complète")).to_have_count(0)
    correct = page.get_by_role("link", name="Signaler une erreur / proposer une modification")
    expect(correct).to_be_visible()
    assert_axe(page)
    tab.assert_clean()
