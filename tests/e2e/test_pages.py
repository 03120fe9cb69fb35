"""Home page accessibility, and the layout of every page at phone and desktop sizes."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, assert_axe
from tests.factories import make_place

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_home_is_accessible(open_tab, directory, viewport):
    tab = open_tab(bypass_csp=True, viewport=viewport)
    page = tab.goto("/")
    expect(page.locator("h1")).to_be_visible()
    expect(page.get_by_role("link", name="Fablab / makerspace / hackerspace 2")).to_be_visible()
    assert_axe(page)
    tab.assert_clean()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_home_shows_the_network_near_the_visitor_without_javascript(open_tab, directory, viewport):
    from tests.factories.events import make_event

    make_event(place=directory["EPN de Bréquigny"], title="Atelier courriels")
    make_event(place=directory["La Fabrique de la Croix-Rousse"], title="Atelier à Lyon")
    tab = open_tab(javascript=False, viewport=viewport)
    page = tab.goto("/")
    expect(page.get_by_role("heading", name="Prochains ateliers et rendez-vous")).to_be_visible()
    expect(page.get_by_role("link", name="Atelier à Lyon")).to_be_visible()
    page.get_by_label("Code postal, commune ou département").fill("35000")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_role("status")).to_contain_text("Autour de vous : Ille-et-Vilaine (35).")
    expect(page.get_by_role("link", name="Atelier courriels")).to_be_visible()
    expect(page.get_by_role("link", name="Atelier à Lyon")).to_have_count(0)
    epn = page.get_by_role("region", name="Les espaces publics numériques (EPN)")
    expect(epn.get_by_role("link", name="EPN de Bréquigny")).to_be_visible()
    axe_tab = open_tab(bypass_csp=True, viewport=viewport)
    assert_axe(axe_tab.goto("/?ou=35000"))
    assert_axe(axe_tab.goto("/?ou=Atlantide"))
    tab.assert_clean()
    axe_tab.assert_clean()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_pages_fit_the_screen(open_tab, directory, viewport):
    """No sideways scrolling, the map fills its space; PLACETTE_SCREENSHOTS=dir keeps shots."""
    shots = os.environ.get("PLACETTE_SCREENSHOTS")
    size = "phone" if viewport == PHONE else "desktop"
    tab = open_tab(viewport=viewport)
    pages = {
        "home": "/",
        "list": "/lieux/",
        "map": "/carte/",
        "place": directory["Fablab des Champs Libres"].get_absolute_url(),
        "embed-builder": "/widget/?famille=fablab",
        "widget": "/widget/carte/",
    }
    for name, path in pages.items():
        page = tab.goto(path)
        if name == "map":
            expect(page.locator("#map-status")).not_to_be_empty()
            box = page.locator("#map").bounding_box()
            assert box["width"] >= viewport["width"] * 0.6, box
            assert box["height"] >= min(320, viewport["height"] * 0.5), box
            # On a phone the filters fold away: the map starts above the fold.
            expect(page.locator("#map")).to_be_in_viewport()
        if name in ("widget", "embed-builder"):
            frame = page if name == "widget" else page.frame_locator("#embed-preview")
            expect(frame.locator("#map-status")).not_to_be_empty()
        if name == "place":
            expect(page.locator("#place-map .place-pin")).to_be_visible()
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {size} size"
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(shots) / f"{name}-{size}.png"), full_page=True)
    tab.assert_clean()


def transferred(tab, path: str) -> list[tuple[str, int]]:
    """(url, bytes on the wire) of every request a first load of `path` makes."""
    sizes: list[tuple[str, int]] = []

    def record(request) -> None:
        size = request.sizes()
        sizes.append((request.url, size["responseBodySize"] + size["responseHeadersSize"]))

    tab.page.on("requestfinished", record)
    tab.goto(path)
    tab.page.wait_for_load_state("networkidle")
    return sizes


def test_home_and_list_are_light_on_first_load(open_tab, directory):
    """Under 200 KB transferred on a first load (map tiles aside), with a full page of results."""
    for i in range(25):
        make_place(name=f"Espace numérique {i}", summary="Accès libre et ateliers. " * 8)
    for path in ("/", "/lieux/"):
        tab = open_tab()
        sizes = transferred(tab, path)
        total = sum(size for _url, size in sizes)
        detail = "\n".join(f"{size:>8} {url}" for url, size in sizes)
        assert total < 200_000, f"{path}: {total} bytes\n{detail}"
        assert len(sizes) >= 2  # the page and its stylesheet at least
        tab.assert_clean()
