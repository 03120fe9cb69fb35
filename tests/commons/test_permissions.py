"""Who may write what in the commons: each role × each write action, checking the answer
(allowed, 403, sent to log in) and the effect (a refused action changes nothing; a
contributor's edit becomes a proposal, not a change)."""

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from placette.commons.models import REVISED_FIELDS, Attachment, Resource, Revision
from placette.commons.services import resources as services
from tests.factories import make_manager, make_moderator, make_place, make_user

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "contributor", "creator", "manager", "other_manager", "moderator"]
DECIDERS = {"creator", "manager", "moderator"}
PDF = b"%PDF-1.4\n%%EOF\n"


@dataclass
class World:
    resource: Resource
    proposal: Revision
    attachment: Attachment
    users: dict[str, Any]


@pytest.fixture
def world(settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    place, other = make_place(), make_place()
    creator = make_user()
    users = {
        "visitor": None,
        "contributor": make_user(),
        "creator": creator,
        "manager": make_manager(place),
        "other_manager": make_manager(other),
        "moderator": make_moderator(),
    }
    resource = services.create_resource(
        by=creator,
        fields={"title": "Fiche France Connect", "kind": "fiche-pratique", "body": "Texte"},
        places=[place],
    )
    services.edit_resource(resource=resource, by=creator, fields={"body": "Texte 2"})
    proposal = services.edit_resource(
        resource=resource, by=make_user(), fields={"summary": "Proposé"}
    )
    attachment = services.add_attachment(
        resource=resource, by=creator, title="Fiche", upload=SimpleUploadedFile("f.pdf", PDF)
    )
    return World(resource, proposal, attachment, users)


def _client(client, world: World, role: str):
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def _state(world: World) -> tuple:
    resource = Resource.objects.get(pk=world.resource.pk)
    return (
        tuple(getattr(resource, name) for name in REVISED_FIELDS),
        list(Revision.objects.values_list("pk", "status", "number")),
        list(Attachment.objects.values_list("pk", flat=True)),
        Resource.objects.count(),
    )


def _expect(response, role: str, allowed: bool) -> None:
    if role == "visitor":
        assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    elif allowed:
        assert response.status_code in (200, 302), response.status_code
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_create(client, world, role):
    before = Resource.objects.count()
    url = reverse("commons:create")
    _expect(_client(client, world, role).get(url), role, allowed=True)
    data = {"title": "Nouvelle fiche", "kind": "outil", "licence": "cc-by-sa-4.0"}
    response = client.post(url, data)
    _expect(response, role, allowed=True)
    assert Resource.objects.count() == before + (role != "visitor")


@pytest.mark.parametrize("role", ROLES)
def test_edit_is_direct_for_editors_and_a_proposal_for_others(client, world, role):
    url = reverse("commons:edit", args=[world.resource.slug])
    _expect(_client(client, world, role).get(url), role, allowed=True)
    before = _state(world)
    latest = services.latest_revision(world.resource)
    data = {
        "title": "Fiche France Connect",
        "kind": "fiche-pratique",
        "body": f"Édité par {role}",
        "licence": "cc-by-sa-4.0",
        "base": latest.pk,
    }
    response = client.post(url, data)
    _expect(response, role, allowed=True)
    resource = Resource.objects.get(pk=world.resource.pk)
    if role == "visitor":
        assert _state(world) == before
    elif role in DECIDERS:
        assert resource.body == f"Édité par {role}"
        assert services.latest_revision(resource).author == world.users[role]
    else:  # contributor, other_manager: a proposal, the text unchanged
        assert resource.body == "Texte 2"
        assert Revision.objects.filter(
            status="proposed", author=world.users[role], body=f"Édité par {role}"
        ).exists()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("decision", ["accept", "reject"])
def test_decide_on_a_proposal(client, world, role, decision):
    url = reverse("commons:review", args=[world.proposal.pk])
    _expect(_client(client, world, role).get(url), role, allowed=role in DECIDERS)
    before = _state(world)
    response = client.post(url, {"decision": decision, "reason": "Pas clair"})
    _expect(response, role, allowed=role in DECIDERS)
    world.proposal.refresh_from_db()
    if role in DECIDERS:
        assert world.proposal.status == ("accepted" if decision == "accept" else "rejected")
        assert world.proposal.decided_by == world.users[role]
    else:
        assert world.proposal.status == "proposed"
        assert _state(world) == before


@pytest.mark.parametrize("role", ROLES)
def test_revert(client, world, role):
    url = reverse("commons:revert", args=[world.resource.slug, 1])
    _expect(_client(client, world, role).get(url), role, allowed=role in DECIDERS)
    before = _state(world)
    _expect(client.post(url, {"note": ""}), role, allowed=role in DECIDERS)
    resource = Resource.objects.get(pk=world.resource.pk)
    if role in DECIDERS:
        assert resource.body == "Texte"
        assert services.latest_revision(resource).reverts.number == 1
    else:
        assert _state(world) == before


@pytest.mark.parametrize("role", ROLES)
def test_add_a_file(client, world, role):
    url = reverse("commons:attachments", args=[world.resource.slug])
    _expect(_client(client, world, role).get(url), role, allowed=role in DECIDERS)
    before = Attachment.objects.count()
    upload = SimpleUploadedFile("g.pdf", PDF)
    _expect(client.post(url, {"title": "Guide", "file": upload}), role, allowed=role in DECIDERS)
    assert Attachment.objects.count() == before + (role in DECIDERS)


@pytest.mark.parametrize("role", ROLES)
def test_remove_a_file(client, world, role):
    url = reverse("commons:attachment_delete", args=[world.resource.slug, world.attachment.pk])
    before = _state(world)
    _expect(_client(client, world, role).post(url), role, allowed=role in DECIDERS)
    exists = Attachment.objects.filter(pk=world.attachment.pk).exists()
    assert exists == (role not in DECIDERS)
    if role not in DECIDERS:
        assert _state(world) == before


def test_services_refuse_the_same_people_as_the_views(world):
    contributor = world.users["contributor"]
    with pytest.raises(services.PermissionDenied):
        services.accept(revision=world.proposal, by=contributor)
    with pytest.raises(services.PermissionDenied):
        services.revert(
            resource=world.resource, to=world.resource.revisions.get(number=1), by=contributor
        )
    with pytest.raises(services.PermissionDenied):
        services.edit_resource(resource=world.resource, by=None, fields={"body": "x"})
    with pytest.raises(services.PermissionDenied):
        services.delete_attachment(attachment=world.attachment, by=world.users["other_manager"])
