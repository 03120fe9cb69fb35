"""The agenda in a real browser: /agenda/ on a phone, its filters, its map, an event page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, assert_axe

pytestmark = pytest.mark.browser


@pytest.fixture
def agenda(directory) -> dict:
    """Three events: a workshop in the Rennes fablab, a training in Lyon, and a touring
    series with two outside stops and an online date."""
    from placette.events.services import events as services
    from tests.factories import make_event

    fablab = directory["Fablab des Champs Libres"]
    workshop = make_event(
        title="Imprimer en 3D",
        place=fablab,
        capacity=6,
        summary="Du fichier à l’objet.",
        themes=["loisirs"],
        starts_in_days=2,
    )
    training = make_event(
        title="Formation tableur",
        kind="formation",
        place=directory["La Fabrique de la Croix-Rousse"],
        starts_in_days=3,
    )
    tour = make_event(title="Le numérique au village", place=fablab, starts_in_days=4)
    start = timezone.now() + timedelta(days=6)
    for n, (commune, lat, lon) in enumerate(
        [("Pipriac", 47.81, -1.95), ("Guipry-Messac", 47.83, -1.80)]
    ):
        services.add_occurrence(
            event=tour,
            start=start + timedelta(days=n),
            end=start + timedelta(days=n, hours=2),
            mode="outside",
            venue="Salle polyvalente",
            postal_code="35550",
            commune=commune,
            latitude=lat,
            longitude=lon,
        )
    services.add_occurrence(
        event=tour,
        start=start + timedelta(days=5),
        end=start + timedelta(days=5, hours=1),
        mode="online",
        online_url="https://visio.example/salle",
    )
    return {"workshop": workshop, "training": training, "tour": tour}


def test_agenda_on_a_phone_with_filters(open_tab, agenda):
    tab = open_tab(viewport=PHONE)
    page = tab.goto("/agenda/")
    expect(page.locator("h1")).to_have_text("Agenda des tiers-lieux")
    expect(page.locator("h2#results-count")).to_have_text("6 dates à venir")
    expect(page.locator(".agenda-item")).to_have_count(6)
    expect(
        page.locator(".agenda-where", has_text="Hors les murs : Salle polyvalente, Pipriac")
    ).to_be_visible()
    expect(page.locator(".agenda-where", has_text="En ligne")).to_have_count(1)
    expect(page.locator(".agenda-state").first).to_have_text("6 places restantes")
    # Folded on a phone so that the dates come first; nothing sticks out of the screen.
    box = page.locator("details.filters-box")
    expect(box).not_to_have_attribute("open", "")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box.locator("summary").click()
    page.get_by_label("Type", exact=True).select_option("formation")
    page.locator("#filters-submit").click()
    expect(page.locator("h2#results-count")).to_have_text("1 date à venir")
    expect(page.locator("#results-status")).to_have_text("1 date à venir")
    expect(page).to_have_url(re.compile(r"/agenda/\?(.*&)?type=formation(&|$)"))
    expect(page.get_by_role("link", name="Formation tableur")).to_be_visible()
    expect(page.get_by_label("Type", exact=True)).to_have_value("formation")
    tab.assert_clean()


def test_agenda_filters_without_javascript(open_tab, agenda):
    tab = open_tab(javascript=False)
    page = tab.goto("/agenda/")
    page.get_by_label("En ligne").check()
    page.locator("#filters-submit").click()
    page.wait_for_url(re.compile(r"/agenda/\?(.*&)?en_ligne=1(&|$)"))
    expect(page.locator(".agenda-item")).to_have_count(1)
    expect(page.locator(".agenda-item h3, .agenda-item h4")).to_have_text("Le numérique au village")
    tab.assert_clean()


def test_event_page_from_the_agenda_on_a_phone(open_tab, agenda):
    tab = open_tab(viewport=PHONE)
    page = tab.goto("/agenda/")
    page.get_by_role("link", name="Imprimer en 3D").click()
    expect(page.locator("h1")).to_have_text("Imprimer en 3D")
    expect(page.locator(".event-date")).to_have_count(1)
    calendar = page.get_by_role("link", name=re.compile("^Ajouter à mon agenda"))
    expect(calendar).to_have_attribute("href", re.compile(r"\.ics\?date="))
    expect(page.get_by_role("link", name="Affiche à imprimer (PDF, A4)")).to_be_visible()
    assert page.locator('script[type="application/ld+json"]').count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    tab.assert_clean()


def test_agenda_map_shows_each_stop(open_tab, agenda):
    tab = open_tab()
    page = tab.goto("/agenda/carte/")
    expect(page.locator("#agenda-map.leaflet-container")).to_be_visible()
    # The workshop and the first tour date share the fablab's point; the online date is off.
    expect(page.locator("#map-status")).to_have_text("5 événements sur la carte")
    expect(page.locator("#agenda-map .event-pin")).to_have_count(4)
    pin = page.get_by_role("button", name="Pipriac", exact=False)
    expect(pin).to_have_count(0)  # single dates are named by their title
    page.get_by_role("button", name=re.compile(r"^2 événements – Fablab des Champs Libres")).click()
    links = page.locator(".leaflet-popup-content a")
    expect(links).to_have_count(2)
    expect(links.first).to_have_text("Imprimer en 3D")
    assert tab.tiles, "no tile was requested"
    tab.assert_clean()


def test_agenda_map_filters(open_tab, agenda):
    tab = open_tab()
    page = tab.goto("/agenda/carte/?type=formation")
    expect(page.locator("#map-status")).to_have_text("1 événement sur la carte")
    expect(page.locator("#agenda-map .event-pin")).to_have_count(1)
    tab.assert_clean()


@pytest.mark.parametrize("path", ["/agenda/", "/agenda/carte/", "event"])
def test_agenda_pages_are_accessible(open_tab, agenda, path):
    tab = open_tab(bypass_csp=True)
    if path == "event":
        path = agenda["tour"].get_absolute_url()
    page = tab.goto(path)
    if "carte" in path:
        expect(page.locator("#agenda-map .event-pin").first).to_be_visible()
    assert_axe(page)


def test_agenda_is_accessible_on_a_phone(open_tab, agenda):
    tab = open_tab(bypass_csp=True, viewport=PHONE)
    page = tab.goto(agenda["workshop"].get_absolute_url())
    assert_axe(page)
