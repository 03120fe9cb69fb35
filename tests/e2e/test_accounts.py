"""Accounts in a real browser: sign up, follow the e-mailed verification link, log in; axe-core
on the allauth pages (sign-in, sign-up, code, password reset) in our layout."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import assert_axe

pytestmark = pytest.mark.browser
PASSWORD = "un mot de passe solide 42"  # noqa: S105


def test_sign_up_verify_and_log_in(open_tab, transactional_db, run_tasks):
    tab = open_tab()
    page = tab.goto("/comptes/signup/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Création de compte")
    expect(page.locator("#id_site_web")).not_to_be_in_viewport()  # the honeypot stays out of sight
    page.get_by_label("Courriel").fill("anne@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Création de compte").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vérifiez votre adresse")

    assert mail.outbox == []  # queued: the worker sends it
    run_tasks()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["anne@example.org"]
    link = re.search(r"https?://\S+/comptes/confirm-email/\S+/", mail.outbox[0].body).group(0)
    tab.goto(link)
    page.get_by_role("button", name="Confirmer").click()

    # Confirmed in the browser that signed up: signed in at once, on the account page.
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon compte")
    expect(page.get_by_text("anne@example.org").first).to_be_visible()
    tab.assert_clean()


def test_wrong_password_is_announced(open_tab, transactional_db):
    from tests.factories import make_user

    make_user(email="anne@example.org")
    tab = open_tab(javascript=False)
    page = tab.goto("/comptes/login/")
    page.get_by_label("Courriel").fill("anne@example.org")
    page.get_by_label("Mot de passe").fill("pas le bon")
    page.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("alert")).to_contain_text("incorrects")
    expect(page.get_by_label("Courriel")).to_have_value("anne@example.org")
    tab.errors.clear()  # the refused form answers 400
    tab.assert_clean()


@pytest.mark.parametrize(
    "path",
    ["/comptes/login/", "/comptes/signup/", "/comptes/login/code/", "/comptes/password/reset/"],
)
def test_account_pages_are_accessible(open_tab, transactional_db, path):
    tab = open_tab(bypass_csp=True)
    page = tab.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_axe(page)
    # With errors: tied to their fields, still accessible.
    page.locator("form.account-form input[type=email]").first.fill("pas-une-adresse@")
    page.locator("form.account-form").first.evaluate("form => form.noValidate = true")
    page.locator("form.account-form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert_axe(page)
    tab.errors.clear()  # refused forms answer 400
    tab.assert_clean()


def test_signed_in_account_pages_are_accessible(open_tab, transactional_db):
    from tests.factories import make_user

    make_user(email="anne@example.org")
    tab = open_tab(bypass_csp=True)
    page = tab.goto("/comptes/login/")
    page.get_by_label("Courriel").fill("anne@example.org")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon compte")
    for path in ("/compte/", "/comptes/email/", "/comptes/password/change/"):
        tab.goto(path)
        assert_axe(page)
    tab.assert_clean()


def test_e_mailed_link_pages_are_accessible(open_tab, transactional_db, run_tasks):
    """The pages reached from e-mails: address verification, password reset, sign-in code."""
    from tests.factories import make_user

    tab = open_tab(bypass_csp=True)
    page = tab.goto("/comptes/signup/")
    page.get_by_label("Courriel").fill("anne@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Création de compte").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vérifiez votre adresse")
    tab.goto(page.url)  # the page itself; the one-time message list is base.html's
    assert_axe(page)
    run_tasks()
    link = re.search(r"https?://\S+/comptes/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    tab.goto(link)
    assert_axe(page)

    make_user(email="bruno@example.org")
    page = tab.goto("/comptes/password/reset/")
    page.get_by_label("Courriel").fill("bruno@example.org")
    page.get_by_role("button", name="Réinitialiser mon mot de passe").click()
    assert_axe(page)
    run_tasks()
    link = re.search(r"https?://\S+/comptes/password/reset/key/\S+/", mail.outbox[-1].body)
    tab.goto(link.group(0))
    expect(page.locator("#id_password1")).to_be_visible()
    assert_axe(page)

    page = tab.goto("/comptes/login/code/")
    page.get_by_label("Courriel").fill("bruno@example.org")
    page.locator("form.account-form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    tab.goto(page.url)
    assert_axe(page)
    tab.assert_clean()
