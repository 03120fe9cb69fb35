"""The API documentation page (/api/): accessible, fits a phone, usable without JavaScript."""

import json

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, assert_axe

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_api_docs_are_accessible_and_fit_the_screen(open_tab, directory, viewport):
    tab = open_tab(bypass_csp=True, viewport=viewport)
    page = tab.goto("/api/")
    expect(page.get_by_role("heading", level=1)).to_have_text("API des tiers-lieux")
    expect(page.get_by_role("heading", name="GET /places", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="GET /places/{uid}")).to_be_visible()
    expect(page.locator("pre").first).to_contain_text(f"curl -s '{tab.page.url.split('/api/')[0]}")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"/api/ scrolls sideways by {overflow}px"
    assert_axe(page)
    tab.assert_clean()


def test_api_docs_without_javascript_link_to_a_working_api(open_tab, directory):
    tab = open_tab(javascript=False)
    page = tab.goto("/api/")
    example = page.locator("pre code").filter(has_text="/api/v1/places/").first.inner_text()
    url = example.split("'")[1]
    data = json.loads(tab.goto(url).locator("body").inner_text())
    assert data["name"] in {place.name for place in directory.values()}
    tab.goto("/api/")
    page.get_by_role("link", name="/api/v1/openapi.json").click()
    assert json.loads(page.locator("body").inner_text())["info"]["title"] == "Placette"
    tab.assert_clean()
