"""The embeddable map in another site's page, the /carte/ page refused there, the builder."""

import re
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, assert_axe

pytestmark = pytest.mark.browser


@pytest.fixture
def other_site(live_server) -> Iterator[Callable[[str], str]]:
    """A page of another site (127.0.0.1 on its own port, the live server being localhost):
    other_site(body_html) -> its URL. Another origin and another site for the browser."""
    pages: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            body = pages.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"

    def page_with(body: str) -> str:
        path = f"/page-{len(pages)}.html"
        html = f'<!DOCTYPE html><html lang="fr"><title>Un autre site</title><body>{body}</body>'
        pages[path] = html.encode()
        return origin + path

    yield page_with
    server.shutdown()
    server.server_close()


def open_on(tab, url: str):
    """Open a page of the other site: the guard lets this origin through, only for this tab."""
    origin = re.match(r"https?://[^/]+", url)[0]
    tab.page.route(f"{origin}/**", lambda route: route.continue_())
    response = tab.page.goto(url)
    assert response is not None and response.ok
    return tab.page


def frame_html(src: str, height: int = 420) -> str:
    return (
        f'<iframe src="{src}" title="Carte des tiers-lieux" width="800" height="{height}"></iframe>'
    )


def test_another_site_embeds_the_widget_and_its_markers_show(
    open_tab, live_server, directory, other_site
):
    tab = open_tab()
    page = open_on(tab, other_site(frame_html(f"{live_server.url}/widget/carte/?famille=fablab")))
    frame = page.frame_locator("iframe")
    expect(frame.locator("#map.leaflet-container")).to_be_visible()
    expect(frame.locator("#map-status")).to_have_text("2 lieux dans cette zone de la carte")
    expect(frame.locator("#map .place-pin")).to_have_count(2)
    assert tab.tiles, "no tile was requested"
    # A popup's link opens the place page on the site, in a new tab.
    place = directory["La Fabrique de la Croix-Rousse"]
    frame.get_by_role("button", name=place.name).click()
    link = frame.locator(".leaflet-popup-content a")
    expect(link).to_have_text(re.compile(f"^{re.escape(place.name)}"))
    expect(link).to_have_attribute("href", place.get_absolute_url())
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener")
    with page.context.expect_page() as new_tab:
        link.click()
    expect(new_tab.value.locator("h1")).to_have_text(place.name)
    # The credit's full-map link follows the view of the frame.
    full = frame.get_by_role("link", name=re.compile("^Ouvrir la carte en grand"))
    expect(full).to_have_attribute(
        "href", re.compile(r"/carte/\?famille=fablab#\d+/[-.0-9]+/[-.0-9]+$")
    )
    tab.assert_clean()


def test_another_site_cannot_frame_the_map_page(open_tab, live_server, directory, other_site):
    tab = open_tab()
    page = open_on(tab, other_site(frame_html(f"{live_server.url}/carte/")))
    page.wait_for_load_state("load")
    expect(page.frame_locator("iframe").locator("#map")).to_have_count(0)
    refused = [e for e in tab.errors if "frame-ancestors" in e or "X-Frame-Options" in e]
    assert refused, tab.errors
    assert not tab.third_party


def test_builder_updates_the_code_and_preview_when_a_filter_changes(open_tab, directory):
    tab = open_tab()
    tab.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = tab.goto("/widget/")
    code = page.get_by_label("Code HTML à coller dans votre page")
    preview = page.locator("#embed-preview")
    expect(code).to_have_value(re.compile(r'src="http://[^"]+/widget/carte/"'))
    page.get_by_label("Famille", exact=True).select_option("fablab")
    expect(code).to_have_value(re.compile(r'src="http://[^"]+/widget/carte/\?famille=fablab"'))
    expect(preview).to_have_attribute("src", "/widget/carte/?famille=fablab")
    expect(page.frame_locator("#embed-preview").locator("#map-status")).to_have_text(
        "2 lieux dans cette zone de la carte"
    )
    page.get_by_label("Hauteur de la carte (en pixels)").fill("640")
    expect(code).to_have_value(re.compile(r'height="640"'))
    expect(preview).to_have_attribute("height", "640")
    expect(page).to_have_url(re.compile(r"/widget/\?famille=fablab&hauteur=640$"))
    page.get_by_role("button", name="Copier le code").click()
    expect(page.get_by_role("status").filter(has_text="Code copié.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == code.input_value()
    tab.assert_clean()


def test_builder_works_without_javascript(open_tab, directory):
    tab = open_tab(javascript=False)
    page = tab.goto("/widget/")
    expect(page.get_by_role("button", name="Copier le code")).to_be_hidden()
    page.get_by_label("Famille", exact=True).select_option("coworking")
    page.get_by_role("button", name="Mettre à jour l’aperçu et le code").click()
    page.wait_for_url(re.compile(r"/widget/\?(.*&)?famille=coworking(&|$)"))
    code = page.get_by_label("Code HTML à coller dans votre page")
    expect(code).to_have_value(re.compile(r"/widget/carte/\?famille=coworking\""))
    expect(page.locator("#embed-preview")).to_have_attribute(
        "src", "/widget/carte/?famille=coworking"
    )
    tab.assert_clean()


def test_widget_without_javascript_links_to_the_list(open_tab, directory):
    tab = open_tab(javascript=False)
    page = tab.goto("/widget/carte/?famille=fablab")
    link = page.get_by_role("link", name=re.compile("^Voir les 2 lieux en liste"))
    expect(link).to_have_attribute("href", "/lieux/?famille=fablab")
    expect(link).to_have_attribute("target", "_blank")
    tab.assert_clean()


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_builder_and_widget_are_accessible(open_tab, directory, viewport):
    tab = open_tab(bypass_csp=True, viewport=viewport)
    page = tab.goto("/widget/")
    expect(page.frame_locator("#embed-preview").locator("#map .place-pin").first).to_be_visible()
    assert_axe(page)
    page = tab.goto("/widget/carte/")
    expect(page.locator("#map-status")).to_have_text("6 lieux dans cette zone de la carte")
    assert_axe(page)
    page.get_by_role("button", name="Coworking du Vieux-Port").click()
    expect(page.locator(".leaflet-popup-content a")).to_be_visible()
    assert_axe(page)
    tab.assert_clean()
