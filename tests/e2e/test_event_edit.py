"""An organiser in a real browser: from the place page, creates an event, adds a date in the
place and a stop outside (pinned on the map), publishes it; axe-core on the create, edit and
dates pages (errors shown included)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, assert_axe, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def organiser(transactional_db):
    from tests.factories import make_manager, make_place

    place = make_place(
        name="Ebus de Concarneau",
        commune="Concarneau",
        postal_code="29900",
        insee_code="29039",
        latitude=47.875,
        longitude=-3.919,
    )
    return place, make_manager(place, email="equipe@ebus.example")


def _day(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def test_an_organiser_creates_an_event_with_two_dates_and_publishes_it(
    open_tab, organiser, live_server
):
    from placette.events.models import Event

    place, manager = organiser
    tab = open_tab()
    sign_in(tab, manager, live_server)
    page = tab.goto(place.get_absolute_url())
    page.get_by_role("link", name="Créer un événement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer un événement")

    page.get_by_label("Titre").fill("Le bus numérique fait étape")
    page.get_by_label("Type").select_option("atelier")
    page.get_by_label("Aide aux démarches administratives").check()
    page.get_by_label("Places par date").fill("6")
    page.get_by_role("button", name="Créer le brouillon et passer aux dates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Le bus numérique fait étape")
    expect(page.get_by_role("status")).to_contain_text("Brouillon enregistré")

    # First date: in the place.
    page.get_by_label("Date :", exact=True).fill(_day(4))
    page.get_by_label("Début").fill("09:30")
    page.get_by_label("Fin").fill("12:00")
    page.get_by_role("radio", name="dans le lieu").check()
    page.get_by_role("button", name="Ajouter cette date").click()
    expect(page.get_by_role("status")).to_contain_text("Date ajoutée")

    # Second date: a stop outside, pinned on the map.
    page.get_by_label("Date :", exact=True).fill(_day(6))
    page.get_by_role("radio", name="hors les murs").check()
    page.get_by_label("Lieu d'accueil").fill("Place de la mairie")
    page.get_by_label("Adresse :", exact=True).fill("Rue de Pont-Aven")
    page.get_by_label("Code postal").fill("29910")
    page.get_by_label("Commune").fill("Trégunc")
    the_map = page.get_by_role("region", name="Carte pour placer l’étape")
    expect(the_map).to_be_visible()
    the_map.click(position={"x": 200, "y": 120})
    expect(page.get_by_label("Latitude")).to_have_value(re.compile(r"^-?\d+\.\d{6}$"))
    page.get_by_label("Latitude").fill("47.8553")
    page.get_by_label("Longitude").fill("-3.8522")
    page.get_by_role("button", name="Ajouter cette date").click()
    expect(page.get_by_role("status")).to_contain_text("Date ajoutée")
    # The form comes back with the stop's values, for the next one.
    expect(page.get_by_label("Commune")).to_have_value("Trégunc")

    items = page.locator(".date-item")
    expect(items).to_have_count(2)
    expect(items.nth(1)).to_contain_text("Hors les murs : Place de la mairie")

    page.get_by_role("button", name="Publier", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("L'événement est publié")
    event = Event.objects.get()
    assert event.status == "published"
    stops = list(event.occurrences.order_by("start"))
    assert [s.mode for s in stops] == ["place", "outside"]
    assert (stops[1].commune, stops[1].latitude, stops[1].longitude) == (
        "Trégunc",
        47.8553,
        -3.8522,
    )
    assert timezone.localtime(stops[0].start).strftime("%H:%M") == "09:30"
    tab.assert_clean()


def test_organiser_pages_pass_axe(open_tab, organiser, live_server):
    from placette.events import recurrence
    from placette.events.services import events as services

    place, manager = organiser
    event = services.create_event(
        place=place, fields={"title": "Permanence numérique", "kind": "permanence"}
    )
    services.set_recurrence(
        event=event,
        rule=recurrence.build(
            first_day=timezone.localdate() + timedelta(days=1),
            start=timezone.datetime(2000, 1, 1, 14).time(),
            end=timezone.datetime(2000, 1, 1, 17).time(),
            until=timezone.localdate() + timedelta(days=30),
        ),
    )
    tab = open_tab(bypass_csp=True)
    sign_in(tab, manager, live_server)

    page = tab.goto(f"/agenda/nouveau/?lieu={place.slug}")
    assert_axe(page)
    page.get_by_role("button", name="Créer le brouillon et passer aux dates").click()
    expect(page.get_by_role("alert")).to_be_visible()  # no title: errors shown
    assert_axe(page)

    page = tab.goto(f"/agenda/{event.slug}/modifier/")
    assert_axe(page)
    page = tab.goto(f"/agenda/{event.slug}/dates/")
    assert_axe(page)
    page.get_by_role("radio", name="hors les murs").check()
    page.get_by_role("button", name="Ajouter cette date").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_axe(page)
    page = tab.goto(f"/agenda/{event.slug}/regularite/")
    assert_axe(page)
    from placette.events.models import CalendarFeed

    CalendarFeed.objects.create(
        place=place,
        url="https://agenda.example/a.ics",
        last_error="Le serveur a répondu 500 Internal Server Error.",
        skipped="« Deux débuts » (UID two@x) : plusieurs dates de début (DTSTART)\n"
        "« Fin et durée » : DTEND et DURATION à la fois (il en faut un seul)",
    )
    page = tab.goto(f"/lieux/{place.slug}/calendriers/")
    expect(page.get_by_text("« Fin et durée »", exact=False)).to_be_visible()
    assert_axe(page)
    page = tab.goto("/agenda/mes-evenements/")
    assert_axe(page)

    # On a phone-sized screen too.
    phone = open_tab(bypass_csp=True, viewport=PHONE)
    sign_in(phone, manager, live_server)
    page = phone.goto(f"/agenda/{event.slug}/dates/")
    assert_axe(page)
