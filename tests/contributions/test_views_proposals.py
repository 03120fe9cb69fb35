"""Contribution pages: the proposal forms (errors, honeypot, rate limits) and the e-mailed
links. The queue and review page are tested in tests/moderation/."""

import json
import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from placette.contributions import geocode, tokens
from placette.contributions.models import Contribution
from placette.places.models import Place
from tests.factories import make_moderator, make_place, make_user

pytestmark = pytest.mark.django_db
BASE = re.escape(settings.PLACETTE_BASE_URL)  # e-mailed links are on the public address
Status = Contribution.Status
PROPOSE = "/proposer-un-lieu/"


def proposal(**values) -> dict:
    return {
        "name": "La Ruche de Vitré",
        "summary": "Un coworking au bord de la Vilaine",
        "postal_code": "35500",
        "commune": "Vitré",
        "families": ["coworking"],
        "contributor_email": "alix@example.org",
        "message": "J'y travaille.",
        **values,
    }


def confirm_path(run_tasks) -> str:
    run_tasks()
    match = re.search(rf"{BASE}(/contributions/confirmer/[^/\s]+/)", mail.outbox[-1].body)
    assert match
    return match.group(1)


def make_pending(client, run_tasks, **values) -> Contribution:
    client.post(PROPOSE, proposal(**values))
    client.post(confirm_path(run_tasks))
    contribution = Contribution.objects.latest("pk")
    assert contribution.status == Status.PENDING
    return contribution


# --- Proposing ------------------------------------------------------------------------------


def test_the_proposal_form_is_linked_from_every_page_and_asks_the_email(client):
    home = client.get("/")
    assert f'href="{PROPOSE}"' in home.content.decode()
    page = client.get(PROPOSE)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="contributor_email"' in html and 'name="name"' in html
    honeypot = re.search(r'<div class="hp-field" aria-hidden="true">.*?</div>', html, re.S)
    assert (
        honeypot
        and 'tabindex="-1"' in honeypot.group()
        and 'autocomplete="off"' in honeypot.group()
    )


def test_an_invalid_proposal_keeps_everything_typed(client):
    response = client.post(
        PROPOSE,
        proposal(name="", postal_code="3550", contributor_email="alix@", opening_hours="Mo-Fr"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Le code postal compte 5 chiffres." in html
    for typed in (
        'value="Un coworking au bord de la Vilaine"',
        'value="3550"',
        'value="alix@"',
        "J&#x27;y travaille.",
        'value="coworking" id="id_families_0" checked',
    ):
        assert typed in html, typed
    assert not Contribution.objects.exists()


def test_a_valid_proposal_waits_for_its_confirmation(client, run_tasks):
    response = client.post(PROPOSE, proposal(), follow=True)
    assert response.redirect_chain[-1][0] == reverse("contributions:sent")
    assert "alix@example.org" in response.content.decode()
    contribution = Contribution.objects.get()
    assert contribution.status == Status.UNCONFIRMED and contribution.kind == "new_place"
    assert contribution.data["summary"] == "Un coworking au bord de la Vilaine"
    assert contribution.message == "J'y travaille."

    path = confirm_path(run_tasks)
    page = client.get(path)
    assert page.status_code == 200 and "Confirmer ma proposition" in page.content.decode()
    contribution.refresh_from_db()
    assert contribution.status == Status.UNCONFIRMED  # a GET (a mail scanner) confirms nothing
    done = client.post(path, follow=True)
    assert "Et maintenant ?" in done.content.decode()
    contribution.refresh_from_db()
    assert contribution.status == Status.PENDING


def test_a_filled_honeypot_pretends_success_and_stores_nothing(client, run_tasks):
    response = client.post(PROPOSE, proposal(homepage="https://spam.example"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("contributions:sent")
    assert not Contribution.objects.exists()
    run_tasks()
    assert mail.outbox == []


def test_too_many_proposals_from_one_address_get_a_429_that_keeps_the_form(client, settings):
    settings.PLACETTE_CONTRIBUTION_RATE_IP = "2/h"
    for n in range(2):
        response = client.post(PROPOSE, proposal(contributor_email=f"p{n}@example.org"))
        assert response.status_code == 302
    response = client.post(
        PROPOSE, proposal(name="Troisième lieu", contributor_email="p3@example.org")
    )
    assert response.status_code == 429
    html = response.content.decode()
    assert "patientez une heure" in html
    assert 'value="Troisième lieu"' in html and 'value="p3@example.org"' in html
    assert Contribution.objects.count() == 2
    other_ip = client.post(
        PROPOSE, proposal(contributor_email="p4@example.org"), REMOTE_ADDR="10.0.0.9"
    )
    assert other_ip.status_code == 302


def test_too_many_proposals_with_one_email_get_a_429(client, settings):
    settings.PLACETTE_CONTRIBUTION_RATE_EMAIL = "1/h"
    assert client.post(PROPOSE, proposal(), REMOTE_ADDR="10.0.0.1").status_code == 302
    again = client.post(
        PROPOSE,
        proposal(name="Autre lieu", contributor_email="ALIX@example.org"),
        REMOTE_ADDR="10.0.0.2",
    )
    assert again.status_code == 429
    assert 'value="Autre lieu"' in again.content.decode()
    assert Contribution.objects.count() == 1


def test_a_verified_account_proposes_without_the_email_round_trip(client):
    user = make_user(email="camille@example.org")
    client.force_login(user)
    page = client.get(PROPOSE)
    assert 'name="contributor_email"' not in page.content.decode()
    data = proposal()
    del data["contributor_email"]
    client.post(PROPOSE, data)
    contribution = Contribution.objects.get()
    assert contribution.status == Status.PENDING and contribution.user == user
    assert contribution.email == "camille@example.org"


def test_the_geocoder_fills_missing_coordinates(client, settings, monkeypatch):
    settings.PLACETTE_GEOCODER = "ban"
    answer = {
        "features": [
            {
                "geometry": {"coordinates": [-1.207, 48.1249]},
                "properties": {"label": "12 Rue Notre-Dame 35500 Vitré", "score": 0.9},
            }
        ]
    }
    monkeypatch.setattr(geocode, "_fetch", lambda url: json.dumps(answer).encode())
    client.post(PROPOSE, proposal(address="12 rue Notre-Dame"))
    contribution = Contribution.objects.get()
    assert (contribution.data["latitude"], contribution.data["longitude"]) == (48.1249, -1.207)


# --- Proposing a change ---------------------------------------------------------------------


@pytest.fixture
def place():
    return make_place(
        name="EPN du Blosne",
        phone="02 99 00 00 00",
        families=["epn"],
        summary="Accès libre et ateliers",
    )


def change_data(place, **values) -> dict:
    data = {
        "name": place.name,
        "summary": place.summary,
        "postal_code": place.postal_code,
        "commune": place.commune,
        "latitude": str(place.latitude),
        "longitude": str(place.longitude),
        "phone": place.phone,
        "families": place.families,
        "contributor_email": "alix@example.org",
    }
    data.update(values)
    return data


def test_the_place_page_links_to_the_prefilled_change_form(client, place):
    detail = client.get(place.get_absolute_url()).content.decode()
    url = f"/lieux/{place.slug}/proposer-une-modification/"
    assert f'href="{url}"' in detail
    html = client.get(url).content.decode()
    assert 'value="EPN du Blosne"' in html and 'value="02 99 00 00 00"' in html
    assert "Qu&#x27;est-ce qui est inexact ?" in html


def test_a_change_stores_only_the_changed_fields(client, place):
    url = reverse("contributions:change", args=[place.slug])
    response = client.post(url, change_data(place, phone="02 99 11 11 11"))
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.kind == "change" and contribution.place == place
    assert contribution.data == {"phone": "02 99 11 11 11"}


def test_a_message_alone_is_a_proposal_but_nothing_at_all_is_not(client, place):
    url = reverse("contributions:change", args=[place.slug])
    empty = client.post(url, change_data(place))
    assert empty.status_code == 400
    assert "Rien n&#x27;a changé" in empty.content.decode()
    assert client.post(url, change_data(place, message="Fermé le lundi")).status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.data == {} and contribution.message == "Fermé le lundi"


def test_no_change_form_for_an_unpublished_place(client):
    hidden = make_place(is_published=False)
    assert client.get(reverse("contributions:change", args=[hidden.slug])).status_code == 404


# --- Links ----------------------------------------------------------------------------------


def test_broken_and_expired_links(client, run_tasks, monkeypatch):
    client.post(PROPOSE, proposal())
    path = confirm_path(run_tasks)
    broken = client.get(path[:-5] + "xxxx/")
    assert broken.status_code == 400 and "pas valable" in broken.content.decode()
    assert client.post(path[:-5] + "xxxx/").status_code == 400
    monkeypatch.setitem(tokens.MAX_AGE, tokens.CONFIRM, -1)
    expired = client.post(path)
    assert expired.status_code == 410 and "a expiré" in expired.content.decode()
    assert Contribution.objects.get().status == Status.UNCONFIRMED


def test_an_unconfirmed_proposal_is_nowhere_public(client, run_tasks):
    client.post(PROPOSE, proposal(name="Lieu fantôme"))
    contribution = Contribution.objects.get()
    assert not Place.objects.exists()
    assert "Lieu fantôme" not in client.get("/lieux/?q=fantome").content.decode()
    moderator = make_moderator()
    client.force_login(moderator)
    queue = client.get("/moderation/").content.decode()
    assert "Lieu fantôme" not in queue
    assert "1 proposition attend encore la confirmation" in queue
    assert client.get(f"/moderation/contributions/{contribution.pk}/").status_code == 404
    follow = tokens.make(
        purpose=tokens.FOLLOW, contribution_id=contribution.pk, email=contribution.email
    )
    assert client.get(reverse("contributions:follow", args=[follow])).status_code == 400


# --- Moderation -----------------------------------------------------------------------------
