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
