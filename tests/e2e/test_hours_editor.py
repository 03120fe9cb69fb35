"""The day-by-day hours editor in a real browser, on a phone: a visitor proposes a place open
on Tuesday and Thursday afternoons without knowing the OSM syntax; axe-core on the form and on
its error state; the same without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from placette.contributions.models import Contribution
from tests.e2e.conftest import PHONE, assert_axe

pytestmark = pytest.mark.browser


def fill_place(page):
    page.get_by_label("Nom du lieu").fill("Atelier du Blosne")
    page.get_by_label("Code postal").fill("35200")
    page.get_by_label("Commune").fill("Rennes")
    page.get_by_label(re.compile(r"^Votre (courriel|adresse e-mail)")).fill("alix@example.org")


def fill_day(editor, day, opens, closes):
    row = editor.get_by_role("group", name=day)
    row.get_by_label(f"ouvre à ({day})", exact=True).fill(opens)
    row.get_by_label(f"ferme à ({day})", exact=True).fill(closes)


def submit(page):
    page.locator("form button[type=submit]").last.click()


def test_propose_a_place_with_the_day_by_day_editor(open_tab, transactional_db):
    tab = open_tab(viewport=PHONE, bypass_csp=True)
    page = tab.goto("/proposer-un-lieu/")
    editor = page.get_by_role("group", name="Horaires")
    expect(editor.get_by_role("group", name="Mardi")).to_be_visible()
    assert_axe(page)

    fill_place(page)
    fill_day(editor, "Mercredi", "18:00", "14:00")
    submit(page)
    message = "Mercredi : l'heure de fermeture (14:00) vient avant l'ouverture"
    expect(page.get_by_text(message).first).to_be_visible()
    editor = page.get_by_role("group", name="Horaires")
    expect(editor.get_by_label("ouvre à (Mercredi)", exact=True)).to_have_value("18:00")
    assert_axe(page)
    tab.errors.clear()  # the 400 answer of the form with an error, expected

    fill_day(editor, "Mercredi", "", "")
    for day in ("Mardi", "Jeudi"):
        fill_day(editor, day, "14:00", "18:00")
    editor.get_by_label("Fermé les jours fériés").check()
    # The editor fits the phone: no horizontal scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    submit(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("confirmez")
    (proposal,) = Contribution.objects.all()
    assert proposal.data["opening_hours"] == "Tu,Th 14:00-18:00; PH off"
    tab.assert_clean()


def test_the_editor_works_without_javascript(open_tab, transactional_db):
    tab = open_tab(viewport=PHONE, javascript=False)
    page = tab.goto("/proposer-un-lieu/")
    fill_place(page)
    editor = page.get_by_role("group", name="Horaires")
    fill_day(editor, "Samedi", "10:00", "12:00")
    editor.get_by_text("Saisie experte").click()
    expect(editor.get_by_label("Horaires au format OpenStreetMap")).to_be_visible()
    submit(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("confirmez")
    (proposal,) = Contribution.objects.all()
    assert proposal.data["opening_hours"] == "Sa 10:00-12:00"
