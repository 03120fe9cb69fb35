"""Who may write what in the commons (the role × action check: tests/permissions/harness.py).
Any contributor may edit a resource, but only its deciders (its creator, the managers of its
places, moderation) edit it directly and decide on proposals; the others' edits wait as
proposals. A collection is its owner's alone."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from placette.commons.models import Attachment, Collection, Resource, Revision
from placette.commons.services import resources as services
from tests.permissions.harness import MODERATION, SIGNED_IN, Action, client_for
from tests.permissions.world import PDF, World

DECIDERS = MODERATION | {"author", "manager"}
OWNER = frozenset({"author"})


def _edit(w) -> dict:
    return {
        "title": "Fiche France Connect",
        "kind": "fiche-pratique",
        "body": f"Édité par {w.role}",
        "licence": "cc-by-sa-4.0",
        "base": services.latest_revision(w.resource).pk,
    }


def _decided(w, status: str) -> bool:
    proposal = w.refreshed(w.proposal)
    return proposal.status == status and proposal.decided_by == w.user


def _revision_url(name: str):
    return lambda w: reverse(f"commons:{name}", args=[w.resource.slug, 1])


def _item_url(name: str, index: int):
    return lambda w: reverse(f"commons:{name}", args=[w.collection.slug, w.item(index).pk])


def _titles(w) -> list[str]:
    items = w.collection.items.select_related("resource").order_by("position")
    return [item.resource.title for item in items]


ACTIONS = [
    Action(
        "see the new resource form", lambda w: reverse("commons:create"), SIGNED_IN, method="get"
    ),
    Action(
        "create a resource",
        lambda w: reverse("commons:create"),
        SIGNED_IN,
        data=lambda w: {"title": "Nouvelle fiche", "kind": "outil", "licence": "cc-by-sa-4.0"},
        done=lambda w: Resource.objects.filter(title="Nouvelle fiche").exists(),
    ),
    Action(
        "see the edit form",
        lambda w: reverse("commons:edit", args=[w.resource.slug]),
        SIGNED_IN,
        method="get",
    ),
    Action(
        "edit a resource",  # directly, or as a proposal: test_edit_is_direct_… below
        lambda w: reverse("commons:edit", args=[w.resource.slug]),
        SIGNED_IN,
        data=_edit,
        done=lambda w: Revision.objects.filter(author=w.user, body=f"Édité par {w.role}").exists(),
    ),
    Action(
        "see a proposal",
        lambda w: reverse("moderation:resource_proposal", args=[w.proposal.pk]),
        DECIDERS,
        method="get",
    ),
    Action(
        "accept a proposal",
        lambda w: reverse("moderation:resource_proposal", args=[w.proposal.pk]),
        DECIDERS,
        data=lambda w: {"decision": "accept", "reason": "Pas clair"},
        done=lambda w: _decided(w, Revision.Status.ACCEPTED),
    ),
    Action(
        "reject a proposal",
        lambda w: reverse("moderation:resource_proposal", args=[w.proposal.pk]),
        DECIDERS,
        data=lambda w: {"decision": "reject", "reason": "Pas clair"},
        done=lambda w: _decided(w, Revision.Status.REJECTED),
    ),
    Action("see the revert form", _revision_url("revert"), DECIDERS, method="get"),
    Action(
        "revert a resource",
        _revision_url("revert"),
        DECIDERS,
        data=lambda w: {"note": ""},
        done=lambda w: (
            w.refreshed(w.resource).body == "Texte"
            and services.latest_revision(w.resource).reverts_id is not None
        ),
    ),
    Action(
        "see a resource's files",
        lambda w: reverse("commons:attachments", args=[w.resource.slug]),
        DECIDERS,
        method="get",
    ),
    Action(
        "add a file",
        lambda w: reverse("commons:attachments", args=[w.resource.slug]),
        DECIDERS,
        data=lambda w: {"title": "Guide", "file": SimpleUploadedFile("g.pdf", PDF)},
        done=lambda w: Attachment.objects.filter(title="Guide").exists(),
    ),
    Action(
        "remove a file",
        lambda w: reverse("commons:attachment_delete", args=[w.resource.slug, w.attachment.pk]),
        DECIDERS,
        done=lambda w: not Attachment.objects.filter(pk=w.attachment.pk).exists(),
    ),
    Action(
        "start a collection",
        lambda w: reverse("commons:collection_new"),
        SIGNED_IN,
        data=lambda w: {"title": "Ateliers seniors", "description": ""},
        done=lambda w: Collection.objects.filter(title="Ateliers seniors").exists(),
    ),
    Action(
        "edit a collection",
        lambda w: reverse("commons:collection_edit", args=[w.collection.slug]),
        OWNER,
        data=lambda w: {"title": "Kit EPN (revu)", "description": "", "is_public": "on"},
        done=lambda w: Collection.objects.filter(title="Kit EPN (revu)").exists(),
        ok=(302,),
    ),
    Action(
        "delete a collection",
        lambda w: reverse("commons:collection_delete", args=[w.collection.slug]),
        OWNER,
        done=lambda w: not Collection.objects.filter(pk=w.collection.pk).exists(),
        ok=(302,),
    ),
    Action(
        "add a resource to a collection",
        lambda w: reverse("commons:collection_add", args=[w.resource.slug]),
        OWNER,
        data=lambda w: {"collection": w.collection.pk, "note": "Aussi"},
        done=lambda w: w.collection.items.filter(resource=w.resource).exists(),
        ok=(302,),
    ),
    Action(
        "remove an item",
        _item_url("collection_item_remove", 0),
        OWNER,
        done=lambda w: w.collection.items.count() == 1,
        ok=(302,),
    ),
    Action(
        "move an item",
        _item_url("collection_item_move", 1),
        OWNER,
        data=lambda w: {"sens": "haut"},
        done=lambda w: _titles(w) == ["Animer", "Accueillir"],
        ok=(302,),
    ),
    Action(
        "annotate an item",
        _item_url("collection_item_note", 0),
        OWNER,
        data=lambda w: {f"item-{w.item(0).pk}-note": "Le point de départ"},
        done=lambda w: w.item(0).note == "Le point de départ",
        ok=(302,),
    ),
]


@pytest.fixture
def world(db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    return World()


@pytest.mark.parametrize("role", ["contributor", "author", "manager", "other_manager", "moderator"])
def test_edit_is_direct_for_deciders_and_a_proposal_for_others(world, role):
    world.role = role
    client_for(world.user).post(reverse("commons:edit", args=[world.resource.slug]), _edit(world))
    resource = Resource.objects.get(pk=world.resource.pk)
    if role in DECIDERS:
        assert resource.body == f"Édité par {role}"
        assert services.latest_revision(resource).author == world.user
    else:  # a proposal, the text unchanged
        assert resource.body == "Texte 2"
        assert Revision.objects.filter(
            status=Revision.Status.PROPOSED, author=world.user, body=f"Édité par {role}"
        ).exists()


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
