"""Privacy in a real browser: download one's data, delete one's account; axe-core on the
privacy page, the data page and the deletion page."""

import json

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from placette.contributions.models import Contribution
from tests.e2e.conftest import assert_axe, sign_in
from tests.factories import make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def person(transactional_db):
    user = make_user(email="camille@example.org")
    Contribution.objects.create(
        kind="new_place",
        status="pending",
        user=user,
        email=user.email,
        data={"name": "Atelier de la gare"},
    )
    return user


def test_download_my_data(open_tab, person, live_server):
    tab = open_tab()
    sign_in(tab, person, live_server)
    page = tab.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Confidentialité").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vos données et votre vie privée")
    page.get_by_role("link", name="Télécharger mes données").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes données")

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger mes données (JSON)").click()

    assert download.value.suggested_filename.endswith(".json")
    data = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert data["account"]["email"] == "camille@example.org"
    assert [c["data"]["name"] for c in data["contributions"]] == ["Atelier de la gare"]
    tab.assert_clean()


def test_delete_my_account(open_tab, person, live_server):
    tab = open_tab(javascript=False)
    sign_in(tab, person, live_server)
    page = tab.goto("/compte/supprimer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Supprimer mon compte")

    page.get_by_label("Votre adresse électronique").fill("camille@example.org")
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()

    expect(page.get_by_role("status")).to_contain_text("Votre compte est supprimé")
    expect(page.get_by_role("navigation", name="Menu principal")).to_contain_text("Se connecter")
    assert not get_user_model().objects.filter(pk=person.pk).exists()
    contribution = Contribution.objects.get()
    assert contribution.user is None and contribution.email == ""
    tab.assert_clean()


def test_privacy_pages_accessibility(open_tab, person, live_server):
    tab = open_tab(bypass_csp=True)
    assert_axe(tab.goto("/confidentialite/"))
    sign_in(tab, person, live_server)
    assert_axe(tab.goto("/compte/mes-donnees/"))
    page = tab.goto("/compte/supprimer/")
    assert_axe(page)
    page.get_by_label("Votre adresse électronique").fill("pas-moi@example.org")
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    field = page.get_by_label("Votre adresse électronique")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_value("pas-moi@example.org")
    assert_axe(page)
    assert get_user_model().objects.filter(pk=person.pk).exists()
