"""The directory /lieux/: results, filters with and without JavaScript, accessibility."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, assert_axe

pytestmark = pytest.mark.browser


def test_list_shows_every_place(open_tab, directory):
    tab = open_tab()
    page = tab.goto("/lieux/")
    expect(page.locator("h1")).to_have_text("Annuaire des lieux")
    expect(page.locator("h2#results-count")).to_have_text("6 lieux")
    expect(page.locator(".cards > .card")).to_have_count(6)
    for name in directory:
        expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()
    tab.assert_clean()


def test_family_filter_narrows_results_with_htmx(open_tab, directory):
    tab = open_tab()
    page = tab.goto("/lieux/")
    status = page.locator("#results-status")
    expect(status).to_be_empty()
    status.evaluate("node => { node.kept = true; }")
    page.get_by_label("Famille", exact=True).select_option("fablab")
    page.locator("#filters-submit").click()
    expect(page.locator("h2#results-count")).to_have_text("2 lieux")
    # The new count goes into the live region that was already there, so it is announced.
    expect(status).to_have_text("2 lieux")
    assert status.evaluate("node => node.kept === true"), "the live region was replaced"
    expect(page).to_have_url(re.compile(r"[?&]famille=fablab(&|$)"))
    expect(page.locator(".cards > .card")).to_have_count(2)
    expect(page.get_by_role("link", name="Fablab des Champs Libres")).to_be_visible()
    expect(page.get_by_role("link", name="Coworking du Vieux-Port")).to_have_count(0)
    # The swapped-in form keeps the chosen value.
    expect(page.get_by_label("Famille", exact=True)).to_have_value("fablab")
    tab.assert_clean()


def test_family_filter_works_without_javascript(open_tab, directory):
    tab = open_tab(javascript=False)
    page = tab.goto("/lieux/")
    page.get_by_label("Famille", exact=True).select_option("fablab")
    page.locator("#filters-submit").click()
    page.wait_for_url(re.compile(r"/lieux/\?(.*&)?famille=fablab(&|$)"))
    expect(page.locator("h2#results-count")).to_have_text("2 lieux")
    expect(page.locator(".cards > .card")).to_have_count(2)
    tab.assert_clean()


def test_list_is_accessible(open_tab, directory):
    tab = open_tab(bypass_csp=True)
    page = tab.goto("/lieux/?famille=fablab")
    expect(page.locator("h2#results-count")).to_have_text("2 lieux")
    assert_axe(page)
    tab.assert_clean()


def test_list_is_accessible_on_a_phone(open_tab, directory):
    tab = open_tab(bypass_csp=True, viewport=PHONE)
    page = tab.goto("/lieux/")
    expect(page.locator("h2#results-count")).to_have_text("6 lieux")
    assert_axe(page)
    tab.assert_clean()


@pytest.mark.parametrize("viewport", [PHONE, None], ids=["phone", "desktop"])
def test_filtering_with_htmx_keeps_the_count_in_view(open_tab, directory, viewport):
    tab = open_tab(viewport=viewport)
    page = tab.goto("/lieux/")
    page.locator("details.filters-box > summary").evaluate("node => node.parentNode.open = true")
    page.get_by_label("Famille", exact=True).select_option("fablab")
    page.locator("#filters-submit").click()
    count = page.locator("h2#results-count")
    expect(count).to_have_text("2 lieux")
    expect(page.locator("#results-status")).to_have_text("2 lieux")
    page.wait_for_timeout(300)  # let any scroll caused by the swap settle
    box = count.bounding_box()
    height = page.viewport_size["height"]
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height, (
        f"count at y={box and box['y']}, viewport height {height}"
    )
    tab.assert_clean()


def test_printing_the_list_shows_places_with_addresses_and_no_navigation(open_tab, directory):
    tab = open_tab()
    page = tab.goto("/lieux/?famille=fablab")
    expect(page.locator(".print-only").first).to_be_hidden()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".filters-panel")).to_be_hidden()
    expect(page.get_by_role("link", name="Imprimer / PDF")).to_be_hidden()
    expect(page.locator(".cards > .card")).to_have_count(2)
    expect(page.get_by_text("10 cours des Alliés, 35000 Rennes")).to_be_visible()
    tab.assert_clean()


def test_the_pdf_link_keeps_the_filters(open_tab, directory):
    tab = open_tab()
    page = tab.goto("/lieux/?famille=fablab")
    link = page.get_by_role("link", name="Imprimer / PDF")
    expect(link).to_have_attribute("href", "/lieux/imprimer.pdf?famille=fablab")
    response = page.request.get(link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    tab.assert_clean()
