"""Staff pages in a real browser: log in through the admin (allauth's login), upload a file,
see its preview, confirm it; merge a possible duplicate; axe-core on the import, preview and
duplicates pages."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, assert_axe
from tests.factories.sources import (
    cget_row,
    cget_text,
    import_cget,
    import_mednum,
    mednum_row,
    mednum_text,
)

pytestmark = pytest.mark.browser
PASSWORD = "un mot de passe de test"  # noqa: S105


@pytest.fixture
def staff(transactional_db):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("camille", "camille@example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def log_in(tab, path: str):
    page = tab.goto(f"/admin/login/?next={path}")  # hands over to allauth's login
    page.wait_for_url("**/comptes/login/**")
    page.get_by_label("Courriel").fill("camille@example.org")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url(f"**{path}")
    return page


def test_upload_preview_and_confirm_without_javascript(open_tab, staff, tmp_path):
    import_cget(cget_text(cget_row("1", "Lieu A")))
    path = tmp_path / "recensement.csv"
    path.write_text(cget_text(cget_row("1", "Lieu A bis"), cget_row("2", "Lieu B", lat="49")))
    tab = open_tab(javascript=False)
    page = log_in(tab, "/gestion/imports/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Imports de lieux")
    page.get_by_label("Fichier :").set_input_files(str(path))
    page.get_by_label("Format :").select_option("cget")
    page.get_by_role("button", name="Vérifier le fichier").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Aperçu de l'import : recensement.csv"
    )
    expect(page.locator(".counts")).to_contain_text("1 lieu à créer")
    created = page.get_by_role("table", name="1 nouveau lieu")
    expect(created.get_by_role("cell", name="Lieu B")).to_be_visible()
    updated = page.locator("table", has=page.get_by_role("link", name="Lieu A bis"))
    expect(updated.get_by_role("cell", name="nom", exact=True)).to_be_visible()
    page.get_by_role("button", name="Confirmer l'import").click()

    expect(page.get_by_role("status")).to_contain_text("Import confirmé")
    expect(page.locator(".counts")).to_contain_text("1 lieu créé")
    expect(page.get_by_role("button", name="Confirmer l'import")).to_have_count(0)
    page.get_by_role("link", name="Imports", exact=True).first.click()
    expect(page.get_by_role("table")).to_contain_text("recensement.csv")
    tab.assert_clean()


def test_a_file_in_another_encoding_gets_a_linked_error_summary(open_tab, staff, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(cget_text(cget_row("1", "Café")).encode("cp1252").replace(b"Caf", b"\x81\x8d"))
    tab = open_tab(javascript=False)
    page = log_in(tab, "/gestion/imports/")
    page.get_by_label("Fichier :").set_input_files(str(path))
    page.get_by_label("Format :").select_option("mednum")
    page.get_by_role("button", name="Vérifier le fichier").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("n'est ni en UTF-8 ni en Windows-1252")
    expect(page.get_by_label("Format :")).to_have_value("mednum")
    summary.get_by_role("link").click()
    expect(page.get_by_label("Fichier :")).to_be_focused()
    tab.errors.clear()  # the 400 answer of the refused form is expected
    tab.assert_clean()


def test_staff_pages_are_accessible(open_tab, staff):
    import_mednum(mednum_text(mednum_row()))
    import_cget(cget_text(cget_row("42", "Anonymal", lat="43.5262", lon="5.4143")))
    preview = import_cget(
        cget_text(cget_row("1", "Lieu"), cget_row("42", "Anonymal bis", lat="43.5262")),
        dry_run=True,
    )
    rejected = import_cget(cget_text(cget_row("9", "Ailleurs", cp="3500A")))
    warned = import_mednum(
        mednum_text(mednum_row("w", horaires="Tu 09:15-18:30; horaires variables")), dry_run=True
    )
    tab = open_tab(bypass_csp=True)
    page = log_in(tab, "/gestion/imports/")
    assert_axe(page)
    for url in (preview.get_absolute_url(), rejected.get_absolute_url(), warned.get_absolute_url()):
        tab.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_axe(page)
    expect(page.get_by_role("heading", name="Avertissements")).to_be_visible()

    page = tab.goto("/gestion/doublons/")
    expect(page.get_by_role("heading", name="Anonymal / Anonymal")).to_be_visible()
    assert_axe(page)
    page.get_by_role("button", name="Fusionner en gardant A").click()
    expect(page.get_by_role("status")).to_contain_text("fusionnés en un seul lieu")
    expect(page.get_by_text("Aucun doublon possible à examiner.")).to_be_visible()
    assert_axe(page)
    tab.assert_clean()


def test_staff_pages_fit_a_phone_screen(open_tab, staff):
    """No sideways scrolling of the page: wide tables scroll inside their own box."""
    import_mednum(mednum_text(mednum_row()))
    import_cget(cget_text(cget_row("42", "Anonymal", lat="43.5262", lon="5.4143")))
    preview = import_cget(cget_text(cget_row("42", "Anonymal bis", lat="43.5262")), dry_run=True)
    tab = open_tab(viewport=PHONE)
    log_in(tab, "/gestion/imports/")
    for path in ("/gestion/imports/", preview.get_absolute_url(), "/gestion/doublons/"):
        page = tab.goto(path)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
    tab.assert_clean()
