"""The moderation room: proposed changes to a resource, decided by its editors."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from placette.commons import queries
from placette.commons.services import resources as services
from tests.commons.test_resources import new_resource
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_moderation_queue_part_links_to_the_review():
    resource = new_resource()
    proposal = services.edit_resource(
        resource=resource, by=make_user(), fields={"title": "Autre"}, note="Titre plus court"
    )
    html = render_to_string(
        "moderation/_queue_proposals.html", {"pending_proposals": queries.pending_proposals()}
    )
    assert reverse("moderation:resource_proposal", args=[proposal.pk]) in html
    assert "Titre plus court" in html


def test_review_page_accepts_and_rejects(client):
    author = make_user()
    resource = new_resource(by=author)
    first = services.edit_resource(
        resource=resource, by=make_user(), fields={"body": "Texte proposé"}
    )
    client.force_login(author)
    url = reverse("moderation:resource_proposal", args=[first.pk])
    html = client.get(url).content.decode()
    assert "Texte proposé" in html and "<ins>" in html
    response = client.post(url, {"decision": "reject", "reason": ""})
    assert response.status_code == 400  # a reason is needed
    response = client.post(url, {"decision": "accept"})
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.body == "Texte proposé"
    second = services.edit_resource(resource=resource, by=make_user(), fields={"title": "Non"})
    response = client.post(
        reverse("moderation:resource_proposal", args=[second.pk]),
        {"decision": "reject", "reason": "Non merci"},
    )
    second.refresh_from_db()
    assert response.status_code == 302 and second.status == "rejected"


def test_review_of_an_overtaken_proposal_shows_the_conflict(client):
    author = make_user()
    resource = new_resource(by=author)
    proposal = services.edit_resource(resource=resource, by=make_user(), fields={"title": "A"})
    services.edit_resource(resource=resource, by=author, fields={"summary": "Changé entre-temps"})
    client.force_login(author)
    url = reverse("moderation:resource_proposal", args=[proposal.pk])
    html = client.get(url).content.decode()
    assert "La ressource a changé depuis cette proposition" in html
    assert "Changé entre-temps" in html
    assert 'value="accept"' not in html
    response = client.post(url, {"decision": "accept"}, follow=True)
    assert "effacerait ces changements" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "proposed"


def test_the_old_proposal_address_redirects_for_good(client):
    response = client.get("/ressources/propositions/7/?x=1")
    assert response.status_code == 301
    assert response["Location"] == "/moderation/ressources/7/"
    assert reverse("moderation:resource_proposal", args=[7]) == "/moderation/ressources/7/"
