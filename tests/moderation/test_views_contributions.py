"""The moderation room: the queue and the review of proposed places and changes (roles, CSRF,
escaping, decisions)."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from placette.contributions.models import Contribution
from placette.places.models import Place
from tests.contributions.test_views_proposals import (
    change_data,
    confirm_path,
    make_pending,
    proposal,
)
from tests.factories import make_moderator, make_place, make_user

pytestmark = pytest.mark.django_db
Status = Contribution.Status
PROPOSE = "/proposer-un-lieu/"

FOLLOW_LINK = re.escape(settings.PLACETTE_BASE_URL) + r"(/contributions/suivi/[^/\s]+/)"


def test_the_queue_is_for_moderators_only(client):
    anonymous = client.get("/moderation/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/comptes/login/")
    client.force_login(make_user())
    assert client.get("/moderation/").status_code == 403
    assert client.get("/moderation/contributions/1/").status_code == 403
    assert client.post("/moderation/contributions/1/", {"action": "accept"}).status_code == 403
    client.force_login(make_moderator())
    assert client.get("/moderation/").status_code == 200


def test_user_text_is_escaped_in_the_queue_and_review(client, run_tasks):
    script = "<script>alert(1)</script>"
    contribution = make_pending(client, run_tasks, name=script, message=script, summary=script)
    client.force_login(make_moderator())
    for url in ("/moderation/", f"/moderation/contributions/{contribution.pk}/"):
        html = client.get(url).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url
        assert script not in html, url


def test_the_review_page_shows_the_diff_and_duplicates(client, run_tasks):
    place = make_place(
        name="EPN du Blosne",
        phone="02 99 00 00 00",
        families=["epn"],
        summary="Accès libre et ateliers",
    )
    twin = make_place(name="La Ruche", commune="Vitré", latitude=48.1240, longitude=-1.2080)
    new = make_pending(
        client,
        run_tasks,
        name="La Ruche",
        latitude="48.1241",
        longitude="-1.2081",
        contributor_email="b@example.org",
    )
    url = reverse("contributions:change", args=[place.slug])
    client.post(url, change_data(place, phone="02 99 11 11 11"))
    client.post(confirm_path(run_tasks))
    change = Contribution.objects.get(kind="change")
    client.force_login(make_moderator())

    html = client.get(f"/moderation/contributions/{new.pk}/").content.decode()
    assert f'href="{twin.get_absolute_url()}"' in html
    assert "noms proches à moins de 100 m" in html
    html = client.get(f"/moderation/contributions/{change.pk}/").content.decode()
    row = re.search(r'<th scope="row">Téléphone</th>(.*?)</tr>', html, re.S).group(1)
    assert "02 99 00 00 00" in row and "02 99 11 11 11" in row
    assert "Aucun lieu proche" in html


def test_accepting_from_the_review_page_publishes_the_place(client, run_tasks):
    contribution = make_pending(client, run_tasks)
    client.force_login(make_moderator())
    url = f"/moderation/contributions/{contribution.pk}/"
    response = client.post(url, {"action": "accept"}, follow=True)
    assert "Proposition acceptée" in response.content.decode()
    place = Place.objects.get(name="La Ruche de Vitré")
    assert client.get(place.get_absolute_url()).status_code == 200
    again = client.post(url, {"action": "reject", "reject-reason": "Non"}, follow=True)
    assert "déjà traitée" in again.content.decode()
    contribution.refresh_from_db()
    assert contribution.status == Status.ACCEPTED


def test_rejecting_needs_a_reason_kept_on_error(client, run_tasks):
    contribution = make_pending(client, run_tasks)
    client.force_login(make_moderator())
    url = f"/moderation/contributions/{contribution.pk}/"
    response = client.post(url, {"action": "reject", "reject-reason": "  "})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    client.post(url, {"action": "reject", "reject-reason": "Déjà présent"})
    contribution.refresh_from_db()
    assert contribution.status == Status.REJECTED and contribution.reason == "Déjà présent"


def test_a_question_is_answered_through_the_emailed_link(client, run_tasks):
    contribution = make_pending(client, run_tasks)
    moderator = make_moderator()
    client.force_login(moderator)
    url = f"/moderation/contributions/{contribution.pk}/"
    client.post(url, {"action": "ask", "ask-question": "Quelle adresse exacte ?"})
    contribution.refresh_from_db()
    assert contribution.status == Status.QUESTION
    assert "En attente d'une réponse" in client.get("/moderation/").content.decode()

    run_tasks()
    match = re.search(
        re.escape(settings.PLACETTE_BASE_URL) + r"(/contributions/suivi/[^/\s]+/)",
        mail.outbox[-1].body,
    )
    visitor = Client()
    page = visitor.get(match.group(1)).content.decode()
    assert "Quelle adresse exacte ?" in page and 'name="body"' in page
    assert visitor.post(match.group(1), {"body": ""}).status_code == 400
    visitor.post(match.group(1), {"body": "12 rue Notre-Dame"})
    contribution.refresh_from_db()
    assert contribution.status == Status.PENDING
    assert contribution.thread.last().body == "12 rue Notre-Dame"
    assert 'name="body"' not in visitor.get(match.group(1)).content.decode()


def test_posts_without_a_csrf_token_are_refused(run_tasks):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(PROPOSE, proposal()).status_code == 403
    assert not Contribution.objects.exists()
    contribution = make_pending(Client(), run_tasks)
    strict.force_login(make_moderator())
    url = f"/moderation/contributions/{contribution.pk}/"
    assert strict.post(url, {"action": "accept"}).status_code == 403
    contribution.refresh_from_db()
    assert contribution.status == Status.PENDING and not Place.objects.exists()


def test_the_contributor_reads_the_refusal_through_the_emailed_link(client, run_tasks):
    contribution = make_pending(client, run_tasks)
    client.force_login(make_moderator())
    url = f"/moderation/contributions/{contribution.pk}/"
    client.post(url, {"action": "reject", "reject-reason": "Ce lieu a fermé en 2023."})
    run_tasks()
    match = re.search(
        re.escape(settings.PLACETTE_BASE_URL) + r"(/contributions/suivi/[^/\s]+/)",
        mail.outbox[-1].body,
    )
    page = Client().get(match.group(1))
    html = page.content.decode()
    assert page.status_code == 200
    assert "refusée" in html and "Ce lieu a fermé en 2023." in html
    assert 'name="body"' not in html
    assert Client().post(match.group(1), {"body": "Mais non"}).status_code == 302
    assert not contribution.thread.exists()
