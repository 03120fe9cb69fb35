"""Collections of resources: public and private pages, owner-only forms, order,
notes, duplicates refused nicely, script never runs, the demo kit."""

from dataclasses import dataclass

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from placette.commons.models import Collection, CollectionItem, Resource
from placette.commons.services import collections as services
from tests.factories import make_manager, make_moderator, make_place, make_resource, make_user

pytestmark = pytest.mark.django_db


def positions(collection: Collection) -> list[str]:
    return [item.resource.title for item in collection.items.select_related("resource")]


@dataclass
class World:
    owner: object
    users: dict
    resources: list[Resource]
    public: Collection
    private: Collection


@pytest.fixture
def world() -> World:
    owner = make_user(email="camille@example.org", first_name="Camille", last_name="Dupont")
    place = make_place(name="EPN du Blosne")
    users = {
        "visitor": None,
        "contributor": make_user(),
        "manager": make_manager(place),
        "moderator": make_moderator(),
        "owner": owner,
    }
    resources = [make_resource(title) for title in ("Accueillir", "Animer", "Choisir")]
    public = services.create_collection(
        owner=owner, title="Kit EPN", description="Pour **bien** démarrer."
    )
    for resource in resources[:2]:
        services.add_resource(collection=public, resource=resource, by=owner, note="Utile")
    private = services.create_collection(owner=owner, title="Mes brouillons", is_public=False)
    services.add_resource(collection=private, resource=resources[2], by=owner)
    return World(owner, users, resources, public, private)


def _item(world: World, index: int) -> CollectionItem:
    return world.public.items.order_by("position")[index]


def client_for(user):
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# --- Reading -----------------------------------------------------------------------------------


def test_public_list_newest_first_without_private_ones(client, world):
    newer = services.create_collection(owner=world.users["contributor"], title="Fablab en kit")
    html = client.get(reverse("commons:collections")).content.decode()
    assert html.index(newer.title) < html.index("Kit EPN")
    assert "Mes brouillons" not in html
    assert "2 ressources" in html and "par Camille Dupont" in html
    assert "camille@example.org" not in html


def test_a_collection_shows_its_description_and_resources_in_order_with_notes(client, world):
    html = client.get(world.public.get_absolute_url()).content.decode()
    assert "<strong>bien</strong>" in html
    assert html.index("Accueillir") < html.index("Animer")
    assert "Utile" in html
    assert f"http://testserver{world.public.get_absolute_url()}" in html  # the address to share
    assert "Choisir" not in html
    assert "Monter" not in html and "Retirer" not in html  # no owner's tools for visitors


@pytest.mark.parametrize("role", ["visitor", "contributor", "manager", "moderator"])
def test_a_private_collection_is_a_404_but_for_its_owner(world, role):
    url = world.private.get_absolute_url()
    assert client_for(world.users[role]).get(url).status_code == 404
    response = client_for(world.owner).get(url)
    assert response.status_code == 200 and "Choisir" in response.content.decode()
    assert "privée" in response.content.decode()
    html = client_for(world.users[role]).get(reverse("commons:collections")).content.decode()
    assert "Mes brouillons" not in html


def test_my_collections_lists_mine_public_and_private(world):
    html = client_for(world.owner).get(reverse("commons:my_collections")).content.decode()
    assert "Kit EPN" in html and "Mes brouillons" in html
    other = client_for(world.users["contributor"]).get(reverse("commons:my_collections"))
    assert "Kit EPN" not in other.content.decode()
    assert client_for(None).get(reverse("commons:my_collections")).status_code == 302


# --- Who may write: each role × each action is in tests/commons/test_permissions.py ------------


@pytest.mark.parametrize("role", ["contributor", "moderator"])
def test_others_cannot_open_the_owner_forms(world, role):
    client = client_for(world.users[role])
    for name in ("commons:collection_edit", "commons:collection_delete"):
        assert client.get(reverse(name, args=[world.public.slug])).status_code == 403
        assert client.get(reverse(name, args=[world.private.slug])).status_code == 404


def test_nobody_adds_to_a_private_collection_of_someone_else(world):
    client = client_for(world.users["contributor"])
    url = reverse("commons:collection_add", args=[world.resources[0].slug])
    assert client.post(url, {"collection": world.private.pk}).status_code == 403
    assert world.private.items.count() == 1


# --- Owner's writes ----------------------------------------------------------------------------


def test_create_a_collection_starting_with_a_resource(world):
    client = client_for(world.users["contributor"])
    url = reverse("commons:collection_new")
    assert (
        "Elle commencera par « Choisir »"
        in client.get(url, {"ressource": world.resources[2].slug}).content.decode()
    )
    response = client.post(
        url,
        {"title": "Ateliers seniors", "description": "", "ressource": world.resources[2].slug},
    )
    collection = Collection.objects.get(title="Ateliers seniors")
    assert response["Location"] == collection.get_absolute_url()
    assert collection.owner == world.users["contributor"] and not collection.is_public
    assert positions(collection) == ["Choisir"]


def test_a_form_with_errors_keeps_what_was_typed(world):
    client = client_for(world.owner)
    response = client.post(
        reverse("commons:collection_new"), {"title": "", "description": "Mon texte gardé"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in html
    assert "Mon texte gardé" in html
    assert 'aria-describedby="id_title_error' in html and 'aria-invalid="true"' in html
    assert Collection.objects.count() == 2


def test_reserved_words_are_not_slugs(world):
    collection = services.create_collection(owner=world.owner, title="Nouvelle")
    assert collection.slug == "nouvelle-2"
    again = services.create_collection(owner=world.owner, title="Kit EPN")
    assert again.slug == "kit-epn-2"
    wordless = services.create_collection(owner=world.owner, title="« ! »")
    assert wordless.slug == "collection"


def test_order_moves_and_removal(world):
    client = client_for(world.owner)
    collection = world.public
    third = world.resources[2]
    client.post(reverse("commons:collection_add", args=[third.slug]), {"collection": collection.pk})
    assert positions(collection) == ["Accueillir", "Animer", "Choisir"]
    items = {item.resource.title: item for item in collection.items.select_related("resource")}

    def move(title: str, sens: str) -> None:
        url = reverse("commons:collection_item_move", args=[collection.slug, items[title].pk])
        response = client.post(url, {"sens": sens})
        assert response["Location"].endswith(f"#element-{items[title].pk}")

    move("Choisir", "haut")
    assert positions(collection) == ["Accueillir", "Choisir", "Animer"]
    move("Accueillir", "bas")
    assert positions(collection) == ["Choisir", "Accueillir", "Animer"]
    move("Choisir", "haut")  # already first: nothing changes
    move("Animer", "bas")  # already last
    assert positions(collection) == ["Choisir", "Accueillir", "Animer"]
    url = reverse("commons:collection_item_remove", args=[collection.slug, items["Accueillir"].pk])
    client.post(url)
    assert positions(collection) == ["Choisir", "Animer"]
    assert list(collection.items.values_list("position", flat=True)) == [0, 1]
    html = client.get(collection.get_absolute_url()).content.decode()
    assert html.index("Choisir") < html.index("Animer")


def test_a_duplicate_is_refused_nicely(world):
    client = client_for(world.owner)
    resource = world.resources[0]
    back = reverse("commons:collections")
    response = client.post(
        reverse("commons:collection_add", args=[resource.slug]),
        {"collection": world.public.pk, "next": back},
    )
    assert response.status_code == 302 and response["Location"] == back
    (message,) = get_messages(response.wsgi_request)
    assert str(message) == "« Accueillir » est déjà dans la collection « Kit EPN »."
    assert world.public.items.filter(resource=resource).count() == 1


def test_adding_goes_back_only_to_this_site(world):
    client = client_for(world.owner)
    resource = world.resources[2]
    response = client.post(
        reverse("commons:collection_add", args=[resource.slug]),
        {"collection": world.public.pk, "next": "https://ailleurs.example/"},
    )
    assert response["Location"] == resource.get_absolute_url()
    response = client.post(
        reverse("commons:collection_add", args=[resource.slug]), {"collection": "abc"}
    )
    assert response.status_code == 302
    assert "Choisissez une de vos collections." in [
        str(m) for m in get_messages(response.wsgi_request)
    ]


def test_a_note_too_long_is_shown_again_with_its_error(world):
    client = client_for(world.owner)
    item = _item(world, 0)
    typed = "x" * 301
    url = reverse("commons:collection_item_note", args=[world.public.slug, item.pk])
    response = client.post(url, {f"item-{item.pk}-note": typed})
    html = response.content.decode()
    assert response.status_code == 400
    assert f'value="{typed}"' in html
    assert f'aria-describedby="id_item-{item.pk}-note_error"' in html
    item.refresh_from_db()
    assert item.note == "Utile"


def test_edit_keeps_the_slug_and_delete_goes_to_my_collections(world):
    client = client_for(world.owner)
    slug = world.public.slug
    client.post(
        reverse("commons:collection_edit", args=[slug]),
        {"title": "Tout autre titre", "description": "Neuf"},
    )
    world.public.refresh_from_db()
    assert world.public.slug == slug and world.public.title == "Tout autre titre"
    assert not world.public.is_public
    response = client.post(reverse("commons:collection_delete", args=[slug]))
    assert response["Location"] == reverse("commons:my_collections")
    assert Resource.objects.count() == 3  # the resources stay


# --- Script never runs ---------------------------------------------------------------------------

PAYLOAD = '<script>alert("x")</script>'


def test_script_in_title_description_and_note_is_escaped(world):
    client = client_for(world.owner)
    client.post(
        reverse("commons:collection_edit", args=[world.public.slug]),
        {
            "title": f"Kit {PAYLOAD}",
            "description": f'{PAYLOAD} [lien](javascript:alert(1)) <img src=x onerror="alert(2)">',
            "is_public": "on",
        },
    )
    item = _item(world, 0)
    client.post(
        reverse("commons:collection_item_note", args=[world.public.slug, item.pk]),
        {f"item-{item.pk}-note": f"Note {PAYLOAD}"},
    )
    Resource.objects.filter(pk=item.resource_id).update(title=f"Ressource {PAYLOAD}")
    for viewer in (world.owner, None):
        html = client_for(viewer).get(world.public.get_absolute_url()).content.decode()
        assert PAYLOAD not in html
        # Left as text (escaped), never a link or an element.
        assert 'href="javascript:' not in html and "<img" not in html
        assert "&lt;script&gt;" in html
    html = client_for(None).get(reverse("commons:collections")).content.decode()
    assert PAYLOAD not in html and "Kit &lt;script&gt;" in html


# --- The partial on a resource's page, and the demo -----------------------------------------------


def test_the_add_partial(world):
    from placette.commons import queries

    request = RequestFactory().get(world.resources[2].get_absolute_url())
    request.user = world.owner
    context = {
        "resource": world.resources[2],
        "my_collections": queries.collections_of(world.owner),
        "user": world.owner,
        "request": request,
    }
    html = render_to_string("commons/_add_to_collection.html", context)
    assert reverse("commons:collection_add", args=[world.resources[2].slug]) in html
    assert "Kit EPN" in html and "Mes brouillons" in html
    assert '<label for="add-to-collection">' in html

    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    context.update(user=request.user, my_collections=queries.collections_of(request.user))
    html = render_to_string("commons/_add_to_collection.html", context)
    assert "Connectez-vous" in html and "<form" not in html
