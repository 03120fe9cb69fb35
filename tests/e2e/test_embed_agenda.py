"""The embeddable agenda in another site's page at 375 px, without JavaScript, and its builder."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, assert_axe
from tests.e2e.test_embed import open_on, other_site  # noqa: F401 (fixture)
from tests.factories import make_event, make_place

pytestmark = pytest.mark.browser


@pytest.fixture
def agenda(transactional_db) -> dict:
    rennes = make_place(name="EPN de Rennes", departement="35", region="53")
    lyon = make_place(
        name="Fablab de Lyon", commune="Lyon", postal_code="69004", insee_code="69384",
        departement="69", region="84", latitude=45.77, longitude=4.83,
    )  # fmt: skip
    make_event(place=rennes, title="Premiers pas sur smartphone", starts_in_days=3)
    make_event(place=rennes, title="Conférence vie privée", kind="conference", starts_in_days=9)
    make_event(place=lyon, title="Découpe laser", starts_in_days=5, capacity=None)
    make_event(place=lyon, title="Soirée annulée", status="cancelled", starts_in_days=6)
    return {"rennes": rennes, "lyon": lyon}


def test_a_phone_shows_a_places_agenda_framed_by_another_site_without_javascript(
    open_tab,
    live_server,
    agenda,
    other_site,  # noqa: F811
):
    tab = open_tab(javascript=False, viewport=PHONE)
    src = f"{live_server.url}/widget/agenda/liste/?lieu={agenda['lyon'].slug}"
    page = open_on(
        tab, other_site(f'<iframe src="{src}" title="Agenda" width="360" height="400"></iframe>')
    )
    frame = page.frame_locator("iframe")
    expect(frame.locator("h1")).to_have_text("Prochains événements – Fablab de Lyon")
    expect(frame.get_by_role("listitem")).to_have_count(2)
    link = frame.get_by_role("link", name=re.compile("^Découpe laser"))
    expect(link).to_have_attribute("target", "_blank")
    with page.context.expect_page() as new_tab:
        link.click()
    expect(new_tab.value.locator("h1")).to_have_text("Découpe laser")
    assert not tab.third_party


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_agenda_widget_and_builder_are_accessible_on_a_phone(open_tab, agenda, javascript):
    tab = open_tab(bypass_csp=True, viewport=PHONE, javascript=javascript)
    page = tab.goto("/widget/agenda/liste/?departement=35")
    expect(page.get_by_role("listitem")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scroll
    if javascript:
        assert_axe(page)
    page = tab.goto("/widget/agenda/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    if os.environ.get("PLACETTE_SCREENSHOTS"):
        shots = Path(os.environ["PLACETTE_SCREENSHOTS"])
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / "agenda-builder-phone.png"), full_page=True)
        tab.goto("/widget/agenda/liste/?departement=35").screenshot(
            path=str(shots / "agenda-widget-phone.png"), full_page=True
        )
        page = tab.goto("/widget/agenda/")
    page.get_by_label("Département").select_option("35")
    if not javascript:
        page.get_by_role("button", name="Mettre à jour l’aperçu et le code").click()
        page.wait_for_url(re.compile(r"departement=35"))
    code = page.get_by_label("Code HTML à coller dans votre page")
    expect(code).to_have_value(re.compile(r'/widget/agenda/liste/\?departement=35[&"]'))
    expect(
        page.frame_locator("#embed-preview").get_by_role("link", name=re.compile("^Premiers pas"))
    ).to_be_visible()
    if javascript:
        expect(page.get_by_role("button", name="Copier le code")).to_be_visible()
        assert_axe(page)
    tab.assert_clean()
