"""The full-page map /carte/: Leaflet, server-side clusters, popups, filters, fallback."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, assert_axe

pytestmark = pytest.mark.browser

HASH_ZOOM = "() => +((location.hash.match(/^#(\\d+)\\//) || [])[1] || -1)"


def wait_for_markers(page):
    expect(page.locator("#map.leaflet-container")).to_be_visible()
    expect(page.locator("#map-status")).to_have_text(re.compile(r"^\d+ lieux? dans cette zone"))
    expect(page.locator("#map .cluster, #map .place-pin").first).to_be_visible()


def test_map_loads_markers_and_counts_places(open_tab, directory):
    tab = open_tab()
    page = tab.goto("/carte/")
    wait_for_markers(page)
    expect(page.locator("#map-status")).to_have_text("6 lieux dans cette zone de la carte")
    # Rennes' three places share a cell at the France-wide zoom; the others stand alone.
    expect(page.locator("#map .cluster")).to_have_count(1)
    expect(page.locator('#map .cluster [aria-hidden="true"]')).to_have_text("3")
    expect(page.locator("#map .place-pin")).to_have_count(3)
    expect(page.locator("#map .leaflet-tile-loaded").first).to_be_attached()
    assert tab.tiles, "no tile was requested"
    tab.assert_clean()


def test_clicking_a_cluster_zooms_in(open_tab, directory):
    tab = open_tab()
    page = tab.goto("/carte/")
    wait_for_markers(page)
    before = page.evaluate(HASH_ZOOM)
    assert before > 0, page.url
    page.locator("#map .cluster").first.click()
    page.wait_for_function(f"() => ({HASH_ZOOM})() > {before}")
    expect(page.locator("#map-status")).to_have_text(re.compile(r"^3 lieux dans cette zone"))
    tab.assert_clean()


def test_clicking_a_place_opens_a_popup_with_its_link(open_tab, directory):
    tab = open_tab()
    page = tab.goto("/carte/")
    wait_for_markers(page)
    place = directory["La Fabrique de la Croix-Rousse"]
    page.get_by_role("button", name=place.name).click()
    link = page.locator(".leaflet-popup-content a")
    expect(link).to_have_text(place.name)
    expect(link).to_have_attribute("href", place.get_absolute_url())
    link.click()
    expect(page.locator("h1")).to_have_text(place.name)
    tab.assert_clean()


def test_markers_work_from_the_keyboard(open_tab, directory):
    tab = open_tab()
    page = tab.goto("/carte/")
    wait_for_markers(page)
    expect(page.get_by_role("button", name="Zoomer", exact=True)).to_be_visible()
    cluster = page.get_by_role("button", name=re.compile(r"^3 lieux – Zoomer sur ce groupe"))
    expect(cluster).to_be_visible()
    pin = page.get_by_role("button", name="Coworking du Vieux-Port")
    pin.focus()
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup-content a")
    expect(link).to_have_text("Coworking du Vieux-Port")
    expect(link).to_be_focused()
    expect(page.get_by_role("button", name="Fermer")).to_be_visible()
    page.keyboard.press("Escape")
    expect(link).to_have_count(0)
    expect(pin).to_be_focused()
    before = page.evaluate(HASH_ZOOM)
    cluster.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => ({HASH_ZOOM})() === {before + 2}")
    expect(page.locator("#map-status")).to_have_text(re.compile(r"^3 lieux dans cette zone"))
    assert page.evaluate(HASH_ZOOM) == before + 2, "one key press must zoom in once"
    tab.assert_clean()


@pytest.mark.parametrize(
    "name", ["Atelier partagé de la Krutenau", "La Fabrique de la Croix-Rousse"]
)
def test_popup_stays_open_on_a_phone(open_tab, directory, name):
    """The popup pans the map into view, which reloads the places: it must stay open."""
    tab = open_tab(viewport=PHONE)
    page = tab.goto("/carte/")
    wait_for_markers(page)
    page.locator("#map").scroll_into_view_if_needed()
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state("networkidle")
    link = page.locator(".leaflet-popup-content a")
    expect(link).to_have_text(name)
    expect(link).to_be_in_viewport()
    tab.assert_clean()


def test_map_honours_the_filters_of_the_query_string(open_tab, directory):
    tab = open_tab()
    page = tab.goto("/carte/?famille=fablab")
    wait_for_markers(page)
    expect(page.locator("#map-status")).to_have_text("2 lieux dans cette zone de la carte")
    expect(page.locator("#map .place-pin")).to_have_count(2)
    expect(page.locator("#map .cluster")).to_have_count(0)
    expect(page.get_by_label("Famille", exact=True)).to_have_value("fablab")
    tab.assert_clean()


def test_map_without_javascript_links_to_the_list(open_tab, directory):
    tab = open_tab(javascript=False)
    page = tab.goto("/carte/?famille=fablab")
    fallback = page.locator("#map .map-fallback")
    expect(fallback).to_be_visible()
    link = fallback.get_by_role("link")
    expect(link).to_have_attribute("href", "/lieux/?famille=fablab")
    link.click()
    expect(page.locator("h2#results-count")).to_have_text("2 lieux")
    tab.assert_clean()


def test_map_is_accessible(open_tab, directory):
    tab = open_tab(bypass_csp=True)
    page = tab.goto("/carte/")
    wait_for_markers(page)
    assert_axe(page)
    # …and with a popup open.
    page.get_by_role("button", name="Coworking du Vieux-Port").click()
    expect(page.locator(".leaflet-popup-content a")).to_be_visible()
    assert_axe(page)
    tab.assert_clean()


@pytest.mark.parametrize("viewport", [PHONE, None], ids=["phone", "desktop"])
def test_filtered_map_opens_on_its_places(open_tab, directory, viewport):
    tab = open_tab(viewport=viewport)
    page = tab.goto("/carte/?departement=35")
    wait_for_markers(page)
    # Rennes' three places are apart at the zoom that fits them, not one France-wide cluster.
    expect(page.locator("#map-status")).to_have_text("3 lieux dans cette zone de la carte")
    expect(page.locator("#map .place-pin")).to_have_count(3)
    assert page.evaluate(HASH_ZOOM) >= 12, page.url
    if viewport == PHONE:
        # The map is the first thing under the site header.
        header = page.get_by_role("banner").bounding_box()
        map_top = page.locator("#map").bounding_box()["y"]
        title_top = page.locator("h1").bounding_box()["y"]
        assert map_top < title_top, (map_top, title_top)
        assert map_top <= header["y"] + header["height"] + 20, (map_top, header)
    tab.assert_clean()


def test_markers_differ_by_family_and_say_it(open_tab, directory):
    tab = open_tab()
    page = tab.goto("/carte/?departement=35")
    wait_for_markers(page)
    expect(page.locator("#map .place-pin.family-fablab")).to_have_count(1)
    expect(page.locator("#map .place-pin.family-coworking")).to_have_count(1)
    expect(page.locator("#map .place-pin.family-epn")).to_have_count(1)
    colours = page.eval_on_selector_all(
        "#map .place-pin", "pins => pins.map(p => getComputedStyle(p).backgroundColor)"
    )
    assert len(set(colours)) == 3, colours
    epn = page.get_by_role("button", name="EPN de Bréquigny")
    expect(epn).to_contain_text("Espace public numérique")
    tab.assert_clean()


def test_popup_tells_commune_opening_and_next_event(open_tab, directory):
    from tests.factories.events import make_event

    place = directory["Fablab des Champs Libres"]
    make_event(place=place, title="Atelier découpe laser", starts_in_days=2)
    tab = open_tab(bypass_csp=True)
    page = tab.goto("/carte/?departement=35")
    wait_for_markers(page)
    page.get_by_role("button", name=place.name).click()
    details = page.locator(".leaflet-popup-content .popup-details")
    expect(details).to_contain_text("35000 Rennes")
    expect(details.locator(".preview-hours strong")).to_have_text(re.compile(r"^(Ouvert|Fermé)$"))
    expect(details.get_by_role("link", name="Atelier découpe laser")).to_be_visible()
    assert_axe(page)
    page.get_by_role("button", name="Fermer").click()
    page.get_by_role("button", name="Coworking de la Visitation").click()
    expect(page.locator(".leaflet-popup-content .popup-details")).to_contain_text(
        "Horaires à confirmer"
    )
    tab.assert_clean()
