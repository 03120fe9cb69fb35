"""The commons' admin: texts change through revisions only, so the admin lets one correct a
resource's places and nothing a revision holds."""

import pytest
from django.urls import reverse

from placette.commons.models import Resource
from placette.commons.services import resources as services
from tests.adminsite import change_url, editable, post_change
from tests.factories import make_place, make_user

pytestmark = pytest.mark.django_db

FIELDS = {"title": "Fiche France Connect", "kind": "fiche-pratique", "body": "Texte"}


@pytest.fixture
def admin_client(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


def test_only_a_resource_places_are_editable(admin_client):
    resource = services.create_resource(by=make_user(), fields=FIELDS)
    revision = resource.revisions.get()
    assert editable(admin_client, resource) == {"places"}
    assert editable(admin_client, revision) == set()
    assert admin_client.get(reverse("admin:commons_resource_add")).status_code == 403
    assert admin_client.get(reverse("admin:commons_revision_add")).status_code == 403
    assert admin_client.get(change_url(revision, "delete")).status_code == 403


def test_correcting_the_places_leaves_the_text_and_history(admin_client):
    resource = services.create_resource(by=make_user(), fields=FIELDS)
    place = make_place()
    response = post_change(admin_client, resource, places=str(place.pk), title="Autre")
    assert response.status_code == 302, response.context["adminform"].form.errors
    resource = Resource.objects.get(pk=resource.pk)
    assert list(resource.places.all()) == [place]
    assert resource.title == FIELDS["title"] and resource.revisions.count() == 1
