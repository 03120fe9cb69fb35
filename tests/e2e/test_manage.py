"""A place's team and moderators in a real browser: claim a place (approved at once on the
place's own domain) and edit it; a moderator reverts a change; axe-core on the claim, edit,
history and revert pages."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_axe

pytestmark = pytest.mark.browser
PASSWORD = "un mot de passe solide 42"  # noqa: S105


def make_moderator(email: str):
    from tests import factories

    return factories.make_moderator(email=email)


def log_in(tab, email: str, next_path: str):
    page = tab.goto(f"/comptes/login/?next={next_path}")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url(f"**{next_path}")
    return page


@pytest.fixture
def fablab(transactional_db):
    from tests.factories import make_place

    return make_place(
        name="Fablab des Lices",
        families=["fablab"],
        websites=["https://www.fablab-lices.fr"],
        opening_hours="Mo-Fr 09:00-18:00",
    )


def test_claim_by_domain_then_edit(open_tab, fablab):
    from placette.places.models import Place
    from tests.factories import make_user

    make_user(email="anne@fablab-lices.fr")
    tab = open_tab(bypass_csp=True)
    page = log_in(tab, "anne@fablab-lices.fr", fablab.get_absolute_url())
    page.get_by_role("link", name="Gérer ce lieu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gérer « Fablab des Lices »")
    assert_axe(page)
    page.get_by_label("Votre rôle dans le lieu").fill("coordinatrice")
    page.get_by_role("button", name="Envoyer la demande").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Modifier « Fablab des Lices »")
    expect(page.get_by_role("status")).to_contain_text("vous gérez ce lieu")
    tab.goto(page.url)  # the same form, without the one-time message
    assert_axe(page)
    page.get_by_label("Nom du lieu").fill("Fablab des Lices (Rennes)")
    page.get_by_label("Coworking / bureaux partagés").check()
    page.get_by_label("Code postal").fill("3500")
    page.get_by_role("button", name="Enregistrer la fiche").click()

    # Refused: the summary links to the field, the typed values are kept.
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Le code postal compte 5 chiffres.")
    expect(page.get_by_label("Nom du lieu")).to_have_value("Fablab des Lices (Rennes)")
    expect(page.get_by_label("Coworking / bureaux partagés")).to_be_checked()
    expect(page.get_by_label("Code postal")).to_have_attribute("aria-invalid", "true")
    assert_axe(page)
    summary.get_by_role("link", name="Code postal").click()
    expect(page.get_by_label("Code postal")).to_be_focused()
    page.get_by_label("Code postal").fill("35000")
    page.get_by_role("button", name="Enregistrer la fiche").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Fablab des Lices (Rennes)")
    expect(page.get_by_role("status")).to_contain_text("Fiche enregistrée")
    place = Place.objects.get(pk=fablab.pk)
    assert place.families == ["coworking", "fablab"]
    page.get_by_role("link", name="Historique").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Historique de « Fablab des Lices (Rennes) »"
    )
    expect(page.get_by_role("table").first).to_contain_text("Fablab des Lices (Rennes)")
    assert_axe(page)
    tab.errors.clear()  # the refused form answered 400
    tab.assert_clean()


def test_moderator_reverts_a_change(open_tab, fablab):
    from placette.places.models import Place
    from placette.places.services.places import edit_by_manager
    from tests.factories import make_manager

    manager = make_manager(fablab)
    edit_by_manager(
        place=Place.objects.get(pk=fablab.pk),
        fields={"name": "Nom vandalisé"},
        tags={"families": ["autre"]},
        by=manager,
    )
    make_moderator(email="modo@example.org")
    tab = open_tab(bypass_csp=True)
    page = log_in(tab, "modo@example.org", f"/lieux/{fablab.slug}/historique/")
    tab.goto(page.url)  # the same page, without the one-time "connecté" message
    expect(page.get_by_text(manager.email)).to_be_visible()
    assert_axe(page)
    page.get_by_role("link", name="Revenir à la fiche telle qu'elle était").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Revenir à une version")
    changes = page.get_by_role("table", name="Champs qui changeront")
    expect(changes).to_contain_text("Nom vandalisé")
    expect(changes).to_contain_text("Fablab / makerspace / hackerspace")
    assert_axe(page)
    page.get_by_label("Motif (facultatif)").fill("vandalisme")
    page.get_by_role("button", name="Revenir à cette version").click()

    expect(page.get_by_role("status")).to_contain_text("revenue à la version choisie")
    expect(page.get_by_role("heading", level=1)).to_have_text("Historique de « Fablab des Lices »")
    expect(page.locator(".version").first).to_contain_text("Retour à une version antérieure")
    expect(page.locator(".version").first).to_contain_text("vandalisme")
    place = Place.objects.get(pk=fablab.pk)
    assert place.name == "Fablab des Lices" and place.families == ["fablab"]
    tab.assert_clean()


def test_manage_pages_work_without_javascript(open_tab, fablab):
    from tests.factories import make_user

    make_user(email="bruno@example.org")
    tab = open_tab(javascript=False)
    page = log_in(tab, "bruno@example.org", f"/lieux/{fablab.slug}/gerer/")
    page.get_by_label("Votre rôle dans le lieu").fill("bénévole")
    page.get_by_label("Message pour l'équipe de modération").fill("Je tiens l'accueil le mardi.")
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_role("status")).to_contain_text("Demande envoyée")
    tab.goto(f"/lieux/{fablab.slug}/gerer/")
    expect(page.get_by_text("attend la modération")).to_be_visible()
    tab.assert_clean()


def test_moderator_decides_a_claim(open_tab, fablab):
    from django.urls import reverse

    from placette.places.permissions import manages
    from placette.places.services import team as services
    from tests.factories import make_user

    person = make_user(email="bruno@example.org")
    claim = services.request_claim(place=fablab, user=person, role="bénévole")
    make_moderator(email="modo@example.org")
    review = reverse("moderation:claim", args=[claim.pk])
    tab = open_tab(bypass_csp=True)
    page = log_in(tab, "modo@example.org", review)
    tab.goto(review)  # without the one-time "connecté" message
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Demande à gérer « Fablab des Lices »"
    )
    assert_axe(page)
    page.get_by_label("Refuser").check()
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_label("Motif du refus")).to_have_attribute("aria-invalid", "true")
    assert_axe(page)
    page.get_by_label("Accepter").check()
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_role("status")).to_contain_text("Demande acceptée")
    assert manages(person, fablab)
    tab.errors.clear()  # the refused decision answered 400
    tab.assert_clean()
