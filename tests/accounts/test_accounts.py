"""Accounts (django-allauth): sign-up with a verified e-mail, Argon2, failed-login throttling,
allauth pages in our layout (labels, errors tied to fields, no inline style), the account page."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from placette.places.models import Claim
from tests.factories import make_manager, make_place, make_user

PASSWORD = "un mot de passe solide 42"  # noqa: S105


def sign_up(client, email="anne@example.org", password=PASSWORD, **extra):
    return client.post(
        "/comptes/signup/",
        {"email": email, "password1": password, "password2": password, **extra},
    )


def log_in(client, email, password=PASSWORD):
    return client.post("/comptes/login/", {"login": email, "password": password})


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_sign_up_hashes_with_argon2_and_queues_a_verification_email(client, settings, run_tasks):
    settings.SITE_NAME = "Tiers-lieux d'Occitanie"
    response = sign_up(client)
    assert response.status_code == 302
    user = get_user_model().objects.get(email="anne@example.org")
    assert user.password.startswith("argon2$")
    assert not EmailAddress.objects.get(user=user).verified
    assert not logged_in(client)
    assert mail.outbox == []  # queued, not sent inside the request
    run_tasks()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anne@example.org"]
    body = mail.outbox[0].body
    assert "Tiers-lieux d'Occitanie" in body and "testserver !" not in body
    # The link is on the host the request came on (one of ALLOWED_HOSTS), as allauth builds it.
    assert re.search(r"http://testserver/comptes/confirm-email/[^/\s]+/", body)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "data", "link"),
    [
        ("/comptes/password/reset/", {"email": "bruno@example.org"}, "/password/reset/key/"),
        ("/comptes/login/code/", {"email": "bruno@example.org"}, None),
    ],
)
def test_password_reset_and_sign_in_code_are_queued(client, settings, run_tasks, path, data, link):
    settings.SITE_NAME = "Tiers-lieux d'Occitanie"
    make_user(email="bruno@example.org")
    client.post(path, data)
    assert mail.outbox == []
    run_tasks()
    assert len(mail.outbox) == 1 and "Tiers-lieux d'Occitanie" in mail.outbox[0].body
    assert link is None or link in mail.outbox[0].body


@pytest.mark.django_db
def test_unverified_account_cannot_log_in_until_the_link_is_followed(client, run_tasks):
    sign_up(client)
    run_tasks()
    response = log_in(client, "anne@example.org")
    assert not logged_in(client)
    assert response.status_code == 302 and "confirm-email" in response["Location"]
    link = re.search(r"/comptes/confirm-email/[^/\s]+/", mail.outbox[0].body).group(0)
    client.post(link)
    assert EmailAddress.objects.get(email="anne@example.org").verified
    log_in(client, "anne@example.org")
    assert logged_in(client)


@pytest.mark.django_db
def test_sign_up_honeypot_creates_no_account(client):
    response = sign_up(client, email="robot@example.org", site_web="https://spam.example")
    assert response.status_code == 302
    assert not get_user_model().objects.filter(email="robot@example.org").exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_failed_logins_are_throttled_even_with_the_right_password(client, settings):
    make_user(email="anne@example.org")
    limit = int(settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",")[1].split("/")[0])
    for _ in range(limit):
        response = log_in(client, "anne@example.org", "mauvais mot de passe")
        assert response.status_code == 200 and not logged_in(client)
    response = log_in(client, "anne@example.org")
    assert not logged_in(client)
    assert "Trop de tentatives" in response.content.decode()
    # Another address is not blocked by these failures.
    make_user(email="bruno@example.org")
    log_in(client, "bruno@example.org")
    assert logged_in(client)


@pytest.mark.django_db
def test_right_password_logs_in_before_the_limit(client):
    make_user(email="anne@example.org")
    for _ in range(2):
        log_in(client, "anne@example.org", "mauvais mot de passe")
    log_in(client, "anne@example.org")
    assert logged_in(client)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/comptes/login/",
        "/comptes/signup/",
        "/comptes/password/reset/",
        "/comptes/login/code/",
    ],
)
def test_allauth_pages_in_french_in_our_layout(client, path):
    html = client.get(path).content.decode()
    assert '<html lang="fr">' in html
    assert 'class="site-header"' in html  # our base.html
    assert 'class="account-form"' in html
    assert "style=" not in html  # the CSP refuses inline styles
    # Every visible input has a label.
    for input_id in re.findall(r'<input(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', html):
        assert f'for="{input_id}"' in html, input_id


@pytest.mark.django_db
def test_sign_up_errors_are_tied_to_their_field(client):
    html = sign_up(client, email="anne@", password2="autre chose 43").content.decode()
    email_input = re.search(r'<input[^>]*name="email"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in email_input
    assert 'aria-describedby="id_email_error"' in email_input
    assert 'id="id_email_error"' in html
    assert 'value="anne@"' in email_input  # kept as typed
    assert 'class="hp"' in html and 'aria-hidden="true"' in html


@pytest.mark.django_db
def test_login_error_is_announced(client):
    html = log_in(client, "personne@example.org", "faux").content.decode()
    assert 'class="form-errors" role="alert"' in html


@pytest.mark.django_db
def test_account_page_lists_places_claims_and_links(client):
    place = make_place(name="Fablab du Marché")
    user = make_manager(place)
    other = make_place(name="EPN des Lices")
    Claim.objects.create(place=other, user=user, role="bénévole")
    client.force_login(user)
    html = client.get("/compte/").content.decode()
    assert "Fablab du Marché" in html
    assert f"/lieux/{place.slug}/modifier/" in html
    assert f"/lieux/{place.slug}/historique/" in html
    assert "EPN des Lices" in html and "en attente" in html
    for url in ("/comptes/email/", "/comptes/password/change/", "/comptes/logout/"):
        assert url in html


@pytest.mark.django_db
def test_account_page_needs_login(client):
    response = client.get("/compte/")
    assert response.status_code == 302 and response["Location"].startswith("/comptes/login/")


@pytest.mark.django_db
def test_the_admin_login_is_allauths_throttled_login(client):
    """Django's own admin login counts no failures: it hands over to allauth's login."""
    staff = make_user(email="camille@example.org", is_staff=True, is_superuser=True)
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/comptes/login/?next=%2Fadmin%2F"
    admin_form = {"username": staff.username, "next": "/admin/"}
    for _ in range(20):
        client.post("/admin/login/", {**admin_form, "password": "mauvais mot de passe"})
    client.post("/admin/login/", {**admin_form, "password": PASSWORD})
    assert not logged_in(client)
    # Through allauth, the staff's failures are throttled like anyone's.
    for _ in range(5):
        log_in(client, "camille@example.org", "mauvais mot de passe")
    response = log_in(client, "camille@example.org")
    assert not logged_in(client) and "Trop de tentatives" in response.content.decode()


@pytest.mark.django_db
def test_staff_reach_the_admin_through_allauths_login(client):
    make_user(email="camille@example.org", is_staff=True)
    response = client.post(
        "/comptes/login/?next=/admin/", {"login": "camille@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/login/").status_code == 302  # already signed in: to the admin


@pytest.mark.django_db
def test_following_the_verification_link_signs_the_person_in(client, run_tasks):
    sign_up(client)
    run_tasks()
    assert not logged_in(client)
    link = re.search(r"/comptes/confirm-email/[^/\s]+/", mail.outbox[0].body).group(0)
    response = client.post(link)
    assert EmailAddress.objects.get(email="anne@example.org").verified
    assert logged_in(client)
    assert response.status_code == 302 and response["Location"] == "/compte/"


@pytest.mark.django_db
def test_the_verification_link_opened_in_another_browser_does_not_sign_in(client, run_tasks):
    sign_up(client)
    run_tasks()
    link = re.search(r"/comptes/confirm-email/[^/\s]+/", mail.outbox[0].body).group(0)
    elsewhere = Client()
    elsewhere.post(link)
    assert EmailAddress.objects.get(email="anne@example.org").verified
    assert not logged_in(elsewhere)
