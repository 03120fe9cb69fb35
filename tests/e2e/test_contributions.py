"""Contributions in a real browser: a visitor proposes a place (placing the pin on the map),
confirms it by the e-mailed link, a moderator accepts it and the place is published; axe-core
on the proposal form, the moderation queue and the review page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import assert_axe, sign_in
from tests.factories import make_place

pytestmark = pytest.mark.browser


def make_moderator():
    from tests import factories

    return factories.make_moderator(email="modo@example.org")


def test_propose_confirm_accept_publish(open_tab, transactional_db, run_tasks, live_server):
    tab = open_tab()
    page = tab.goto("/")
    page.get_by_role("link", name="Proposer un lieu").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposer un lieu")

    page.get_by_label("Nom du lieu").fill("La Fabrique du Thabor")
    page.get_by_label("Fablab / makerspace / hackerspace").check()
    page.get_by_label("Code postal").fill("35000")
    page.get_by_label("Commune").fill("Rennes")
    latitude, longitude = page.get_by_label("Latitude"), page.get_by_label("Longitude")
    # Clicking the map fills the coordinates; typing them moves the pin.
    the_map = page.get_by_role("region", name="Carte pour placer le lieu")
    expect(the_map).to_be_visible()
    the_map.click(position={"x": 200, "y": 120})
    expect(latitude).to_have_value(re.compile(r"^-?\d+\.\d{6}$"))
    expect(longitude).to_have_value(re.compile(r"^-?\d+\.\d{6}$"))
    pin = page.locator("#pin-map .place-pin")
    expect(pin).to_have_count(1)
    before = pin.bounding_box()
    latitude.fill("48.1145")
    longitude.fill("-1.6700")
    assert pin.bounding_box() != before
    page.get_by_label("Votre courriel").fill("alix@example.org")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Encore une étape : confirmez votre proposition"
    )

    run_tasks()
    (message,) = mail.outbox
    # The e-mailed link, as it is: on the site's public address (here the live server).
    link = re.search(
        rf"{re.escape(live_server.url)}/contributions/confirmer/[^/\s]+/", message.body
    )
    page = tab.goto(link.group(0))
    page.get_by_role("button", name="Confirmer ma proposition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposition confirmée")
    tab.assert_clean()

    moderation = open_tab()
    sign_in(moderation, make_moderator(), live_server)
    page = moderation.goto("/")
    page.get_by_role("link", name="Modération").click()
    page.get_by_role("link", name="La Fabrique du Thabor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Nouveau lieu : La Fabrique du Thabor"
    )
    diff = page.get_by_role("table", name="Champs remplis par la personne")
    expect(diff.get_by_role("row", name="Latitude 48.1145")).to_be_visible()
    page.get_by_role("button", name="Accepter et publier").click()
    expect(page.get_by_role("status")).to_contain_text("Proposition acceptée")
    page.get_by_role("link", name="La Fabrique du Thabor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("La Fabrique du Thabor")
    assert re.search(r"/lieux/la-fabrique-du-thabor-rennes/$", page.url)
    moderation.assert_clean()


def test_proposal_and_moderation_pages_are_accessible(open_tab, transactional_db, live_server):
    from placette.contributions.models import Contribution
    from placette.contributions.services import proposals as services

    tab = open_tab(bypass_csp=True)
    page = tab.goto("/proposer-un-lieu/")
    expect(page.get_by_role("region", name="Carte pour placer le lieu")).to_be_visible()
    assert_axe(page)
    page.get_by_label("Code postal").fill("123")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    expect(page.get_by_role("alert")).to_contain_text("Nom du lieu")
    expect(page.get_by_label("Code postal")).to_have_value("123")
    # The map's credits are links in a line of text: checked once they are there.
    expect(page.locator(".leaflet-control-attribution a").first).to_be_visible()
    assert_axe(page)

    place = make_place(name="EPN du Blosne", phone="02 99 00 00 00", families=["epn"])
    tab.goto(f"/lieux/{place.slug}/proposer-une-modification/")
    assert_axe(page)

    moderator = make_moderator()
    twin = make_place(name="La Ruche", latitude=48.1240, longitude=-1.2080)
    new = services.submit(
        kind=Contribution.Kind.NEW_PLACE,
        fields={"name": "La Ruche", "latitude": 48.1241, "longitude": -1.2081},
        tags={"families": ["coworking"]},
        message="<b>Ouvert</b> depuis mars",
        user=moderator,
    )
    services.submit(
        kind=Contribution.Kind.CHANGE,
        place=place,
        fields={"phone": "02 99 11 11 11"},
        tags={"families": ["epn", "fablab"]},
        user=moderator,
    )
    sign_in(tab, moderator, live_server)
    page = tab.goto("/moderation/")
    expect(page.get_by_role("table", name=re.compile("2 propositions"))).to_be_visible()
    assert_axe(page)
    for contribution in Contribution.objects.order_by("pk"):
        page = tab.goto(f"/moderation/contributions/{contribution.pk}/")
        assert_axe(page)
    page = tab.goto(f"/moderation/contributions/{new.pk}/")
    expect(page.get_by_role("link", name=twin.name)).to_be_visible()
    expect(page.locator(".contribution-message")).to_contain_text("<b>Ouvert</b> depuis mars")
    page.get_by_role("button", name="Refuser la proposition").click()
    expect(page.get_by_role("alert")).to_contain_text("Motif du refus")
    assert_axe(page)
    tab.errors.clear()  # the 400 answers of the refused forms are expected
    tab.assert_clean()
