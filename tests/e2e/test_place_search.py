"""The place search as people type it, on a phone (375 px), from the home page's search box,
on real places (the CGET census subset of tests/places/test_search_relevance.py)."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, assert_axe
from tests.factories.sources import import_cget, import_mednum
from tests.places.test_search_relevance import census_subset, help_with_procedures

pytestmark = pytest.mark.browser

# What is typed → the results count, and what the first card says (its commune, département).
SEARCHES = {
    "35000": ("21 lieux", "Rennes"),
    "Finistère": ("22 lieux", "Finistère (29)"),
    "Ile-de-France": ("34 lieux", "Seine-Saint-Denis (93)"),
    "st etienne": ("5 lieux", "Saint-Étienne · Loire (42)"),
    "Marseile": ("31 lieux", "Marseille · Bouches-du-Rhône (13)"),
    "aide démarches": ("2 lieux", "Finistère (29)"),
    "rennes": ("26 lieux", "Rennes · Ille-et-Vilaine (35)"),
}
NONE = re.compile(r"^\s*0 lieux?\s*$")  # "0 lieu" once singulars are fixed (issue 20, Words)


@pytest.fixture
def census(transactional_db):
    for run in (import_cget(census_subset()), import_mednum(help_with_procedures())):
        assert run.status == "applied", run.errors


def search_from_home(page, q: str) -> None:
    box = page.locator('form[role="search"][action="/lieux/"] input[name="q"]')
    box.fill(q)
    box.press("Enter")
    page.wait_for_url("**/lieux/?q=*")


def test_each_search_of_the_issue_finds_its_places_on_a_phone(open_tab, census):
    tab = open_tab(viewport=PHONE)
    for q, (count, first_meta) in SEARCHES.items():
        page = tab.goto("/")
        search_from_home(page, q)
        expect(page.locator("h2#results-count")).to_have_text(count)
        expect(page.locator(".cards > .card").first.locator(".meta").first).to_contain_text(
            first_meta
        )
    expect(page.locator(".cards > .card").first).not_to_contain_text("Brenne")
    tab.assert_clean()


def test_a_typo_and_an_empty_search_are_explained_accessibly(open_tab, census):
    tab = open_tab(viewport=PHONE, bypass_csp=True)
    page = tab.goto("/lieux/?q=Marseile")
    expect(page.locator(".results .notice")).to_contain_text("voici les lieux pour « marseille »")
    assert_axe(page)
    page = tab.goto("/")
    search_from_home(page, "coworking quimperle")
    expect(page.locator("h2#results-count")).to_have_text(NONE)
    expect(page.get_by_role("link", name="Voir ces lieux sur la carte")).to_have_count(0)
    wider = page.get_by_role("link", name="Chercher dans une zone plus large : Finistère (29)")
    expect(wider).to_be_visible()
    for where in ("tout le site", "l’agenda"):
        link = page.get_by_role("link", name=f"Chercher « coworking quimperle » dans {where}")
        expect(link).to_be_visible()
    assert_axe(page)
    wider.click()
    expect(page.locator("h2#results-count")).not_to_have_text(NONE)
    expect(page.locator(".cards > .card").first.locator(".meta").first).to_contain_text(
        "Finistère (29)"
    )
