"""Reporting a page in a real browser: a visitor without an account reports a place page from
the footer link, confirms by the e-mailed link, and the report reaches the moderators;
axe-core on the report form (blank and with errors)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from placette.contributions.models import Report
from tests.e2e.conftest import assert_axe
from tests.factories import make_place

pytestmark = pytest.mark.browser


@pytest.fixture
def place(transactional_db):
    return make_place(name="Fablab du Canal", summary="Achetez des montres pas chères !")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_report_a_page_without_an_account(open_tab, place, run_tasks, javascript, live_server):
    tab = open_tab(javascript=javascript)
    page = tab.goto(place.get_absolute_url())
    page.get_by_role("contentinfo").get_by_role("link", name="Signaler un contenu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signaler un contenu")
    expect(page.get_by_text("la fiche de « Fablab du Canal »")).to_be_visible()

    page.get_by_label("publicité ou spam").check()
    page.get_by_label("Précisions").fill("Publicité pour des montres dans la présentation.")
    page.get_by_label("Votre courriel").fill("lea@example.org")
    page.get_by_role("button", name="Envoyer le signalement").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Fablab du Canal")
    expect(page.get_by_role("status")).to_contain_text("suivez le lien")
    report = Report.objects.get()
    assert report.status == Report.Status.UNCONFIRMED and report.place == place

    run_tasks()
    (message,) = mail.outbox
    # The e-mailed link, as it is: on the site's public address (here the live server).
    link = re.search(rf"{re.escape(live_server.url)}/signaler/confirmer/[^/\s]+/", message.body)
    link = link.group(0)
    page = tab.goto(link)
    page.get_by_role("button", name="Confirmer et transmettre à l'équipe de modération").click()

    expect(page.get_by_role("status")).to_contain_text("transmis à l'équipe de modération")
    report.refresh_from_db()
    assert report.status == Report.Status.OPEN
    tab.assert_clean()


def test_report_form_accessibility(open_tab, place):
    tab = open_tab(bypass_csp=True)
    page = tab.goto(f"/signaler/?page={place.get_absolute_url()}")
    assert_axe(page)
    # With errors: announced, tied to their fields, and what was typed is kept.
    page.get_by_label("Précisions").fill("Texte gardé")
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.get_by_role("alert")).to_be_visible()
    email = page.get_by_label("Votre courriel")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description(re.compile("Ce champ est obligatoire"))
    expect(page.get_by_label("Précisions")).to_have_value("Texte gardé")
    assert_axe(page)
    assert not Report.objects.exists()
