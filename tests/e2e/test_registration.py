"""Registration in a real browser, on a phone-sized screen: from the event page to the
link e-mailed to confirm, and back to cancel; the organiser's roll call; axe-core on the result
pages, the personal page and the organiser's page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from placette.events.models import Registration
from placette.events.services import registrations
from tests.e2e.conftest import PHONE, assert_axe, sign_in
from tests.factories import make_event, make_manager, make_place

pytestmark = pytest.mark.browser


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def forget_expected_400(tab) -> None:
    """A form sent back with its errors answers 400, on purpose: not a page error."""
    tab.errors[:] = [e for e in tab.errors if "400" not in e]


def _event():
    place = make_place(name="Médiathèque de Saint-Aubin", address="2 place de la Mairie")
    return make_event(place=place, capacity=2, title="Atelier smartphone")


def test_register_from_a_phone_confirm_by_the_mailed_link_then_cancel(
    open_tab, transactional_db, run_tasks, live_server
):
    event = _event()
    tab = open_tab(viewport=PHONE)
    page = tab.goto(event.get_absolute_url())
    expect(page.get_by_text("Il reste 2 places.")).to_be_visible()
    page.get_by_label("Nom et prénom").fill("Awa Diallo")
    page.get_by_role("button", name="M’inscrire").click()
    # Neither e-mail nor phone: the form comes back, with the name kept and the error tied.
    email = page.get_by_label("Adresse e-mail")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Nom et prénom")).to_have_value("Awa Diallo")
    forget_expected_400(tab)
    email.fill("awa@example.org")
    page.get_by_label("Vous êtes (facultatif)").select_option(label="Seniors")
    page.get_by_role("button", name="M’inscrire").click()

    # The address is confirmed by the link e-mailed to it: not shown on screen.
    expect(page.get_by_role("heading", level=1)).to_have_text("Regardez votre boîte e-mail")
    expect(page.get_by_text("awa@example.org")).to_be_visible()
    assert fits_the_screen(page)
    assert Registration.objects.get().status == "pending"
    run_tasks()
    [message] = mail.outbox
    personal = re.search(r"https?://\S+/agenda/inscription/[\w-]+/", message.body).group(0)
    assert personal.startswith(live_server.url)

    page = tab.goto(personal)
    expect(page.get_by_text("Inscription à confirmer")).to_be_visible()
    page.get_by_role("button", name="Confirmer mon inscription").click()
    expect(page.get_by_text("Merci, votre inscription est confirmée.")).to_be_visible()
    expect(page.get_by_text("Inscription confirmée : une place vous est réservée.")).to_be_visible()
    assert Registration.objects.get().status == "confirmed"

    page.get_by_role("link", name="Annuler mon inscription").click()
    page.get_by_role("button", name="Oui, annuler mon inscription").click()
    expect(page.get_by_text("Votre inscription est annulée.")).to_be_visible()
    expect(page.get_by_text("Inscription annulée.")).to_be_visible()
    assert Registration.objects.get().status == "cancelled"
    tab.assert_clean()


def test_axe_on_the_result_and_personal_pages(open_tab, transactional_db):
    event = _event()
    registrations.register(
        occurrence=event.occurrences.get(), name="Déjà là", email="a@example.org"
    )
    tab = open_tab(viewport=PHONE, bypass_csp=True)
    page = tab.goto(event.get_absolute_url())
    page.get_by_label("Nom et prénom").fill("Bruno")
    page.get_by_label("Téléphone").fill("06 12 34 56 78")
    page.get_by_role("button", name="M’inscrire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre inscription est enregistrée")
    assert_axe(page)  # the result page
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mon inscription")
    assert_axe(page)  # the personal page
    # The date is now full: the form says so before anyone submits.
    page = tab.goto(event.get_absolute_url())
    expect(page.get_by_role("button", name="M’inscrire sur la liste d’attente")).to_be_visible()
    page.get_by_role("button", name="M’inscrire sur la liste d’attente").click()
    expect(page.get_by_label("Nom et prénom")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_contain_text("L’inscription n’est pas enregistrée")
    assert_axe(page)  # the form with its errors
    forget_expected_400(tab)
    page.get_by_label("Nom et prénom").fill("Chloé")
    page.get_by_label("Adresse e-mail").fill("chloe@example.org")
    page.get_by_role("button", name="M’inscrire sur la liste d’attente").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Regardez votre boîte e-mail")
    assert_axe(page)  # the page that sends people to their mailbox
    tab.assert_clean()


def test_the_organisers_roll_call_on_a_phone(open_tab, transactional_db, live_server):
    event = _event()
    occurrence = event.occurrences.get()
    awa = registrations.register(occurrence=occurrence, name="Awa", email="awa@example.org")
    registrations.register(occurrence=occurrence, name="Bruno", phone="0612345678")
    registrations.register(occurrence=occurrence, name="Chloé", email="chloe@example.org")
    manager = make_manager(event.place)

    tab = open_tab(viewport=PHONE)  # the site's CSP in force: attendance.js must run under it
    sign_in(tab, manager, live_server)
    page = tab.goto(f"/agenda/dates/{occurrence.uid}/inscrits/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inscrits : Atelier smartphone")
    row = page.locator(f"#r{awa.pk}")
    present = row.get_by_role("button", name="Présent")
    present.click()
    expect(present).to_have_attribute("aria-pressed", "true")  # updated in place, by fetch
    expect(page.locator('[data-count="present"]')).to_have_text("1")
    expect(page.locator('[data-count="not_taken"]')).to_have_text("1")
    awa.refresh_from_db()
    assert awa.attendance == "present"
    present.click()  # pressed again: cleared
    expect(present).to_have_attribute("aria-pressed", "false")
    row.get_by_role("button", name="Absent").click()
    expect(row.get_by_role("button", name="Absent")).to_have_attribute("aria-pressed", "true")
    awa.refresh_from_db()
    assert awa.attendance == "absent"

    page.get_by_label("Nom de la personne").fill("Monsieur Robert")
    page.get_by_role("button", name="Inscrire", exact=True).click()
    expect(page.get_by_text("Monsieur Robert est sur la liste d'attente.")).to_be_visible()
    assert fits_the_screen(page)
    tab.assert_clean()

    axe_tab = open_tab(viewport=PHONE, bypass_csp=True)
    sign_in(axe_tab, manager, live_server)
    assert_axe(axe_tab.goto(f"/agenda/dates/{occurrence.uid}/inscrits/"))
    assert_axe(axe_tab.goto(f"/lieux/{event.place.slug}/statistiques/"))


def test_register_by_phone_only_then_cancel_with_the_short_code(open_tab, transactional_db):
    place = make_place(name="Médiathèque de Saint-Aubin", phone="02 99 00 11 22")
    event = make_event(place=place, capacity=2, title="Atelier smartphone")
    tab = open_tab(viewport=PHONE, bypass_csp=True)
    page = tab.goto(event.get_absolute_url())
    page.get_by_label("Nom et prénom").fill("Bruno")
    page.get_by_label("Téléphone").fill("06 12 34 56 78")
    page.get_by_role("button", name="M’inscrire").click()

    code = Registration.objects.get().code
    expect(page.locator(".registration-code")).to_have_text(code)
    box = page.locator(".personal-code")
    expect(box.get_by_role("link", name="02 99 00 11 22")).to_be_visible()
    assert fits_the_screen(page)
    assert_axe(page)

    page.locator('.personal-code a[href$="/agenda/inscription/code/"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Annuler une inscription avec son code"
    )
    page.get_by_label("Code d'inscription").fill("AAAAAA")
    page.get_by_label("Téléphone donné à l'inscription").fill("06 12 34 56 78")
    page.get_by_role("button", name="Retrouver mon inscription").click()
    expect(page.get_by_role("alert")).to_contain_text("Aucune inscription en cours")
    assert_axe(page)  # the page with its error
    forget_expected_400(tab)
    page.get_by_label("Code d'inscription").fill(code.lower())
    page.get_by_role("button", name="Retrouver mon inscription").click()
    page.get_by_role("button", name="Oui, annuler mon inscription").click()
    expect(page.get_by_text("Votre inscription est annulée.")).to_be_visible()
    assert Registration.objects.get().status == "cancelled"
    assert fits_the_screen(page)
    tab.assert_clean()


def test_the_error_summary_lists_every_error_and_takes_the_focus(open_tab, transactional_db):
    event = _event()
    tab = open_tab(viewport=PHONE)  # the site's CSP in force: form-errors.js must run under it
    page = tab.goto(event.get_absolute_url())
    page.get_by_role("button", name="M’inscrire").click()
    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(2)  # the name and the contact at once
    summary.get_by_role("link", name="Nom et prénom").click()
    expect(page.get_by_label("Nom et prénom")).to_be_focused()
    forget_expected_400(tab)
    tab.assert_clean()

    axe_tab = open_tab(viewport=PHONE, bypass_csp=True)
    page = axe_tab.goto(event.get_absolute_url())
    page.get_by_role("button", name="M’inscrire").click()
    expect(page.locator("#form-errors")).to_be_focused()
    assert_axe(page)


def test_a_five_stop_tour_has_one_form_with_a_choice_of_date(open_tab, transactional_db):
    from datetime import timedelta

    from django.utils import timezone

    from placette.events.services import events as event_services

    event = make_event(place=make_place(name="Le Biome"), capacity=1, title="Tournée numérique")
    start = timezone.now() + timedelta(days=10)
    for day in range(4):
        event_services.add_occurrence(
            event=event, start=start + timedelta(days=day), end=start + timedelta(days=day, hours=2)
        )
    dates = list(event.occurrences.order_by("start"))
    registrations.register(occurrence=dates[0], name="Awa", phone="0600000000")

    tab = open_tab(viewport=PHONE, bypass_csp=True)
    page = tab.goto(event.get_absolute_url())
    expect(page.locator("form.register-form")).to_have_count(1)
    expect(page.get_by_role("radio")).to_have_count(5)
    expect(page.get_by_role("radio", name=re.compile("complet : liste d’attente"))).to_have_count(1)
    assert fits_the_screen(page)
    assert_axe(page)
    page.get_by_role("radio").nth(2).check()
    page.get_by_label("Nom et prénom").fill("Bruno")
    page.get_by_label("Téléphone").fill("06 12 34 56 78")
    page.get_by_role("button", name="M’inscrire").click()
    expect(page.locator(".registration-code")).to_be_visible()
    assert Registration.objects.get(name="Bruno").occurrence == dates[2]
    tab.assert_clean()
