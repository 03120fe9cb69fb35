"""A place's history: who may read it, what it says, and reverts (moderators only), which are
recorded and can themselves be reverted."""

import pytest
from django.test import Client

from placette.places.models import Place, PlaceVersion
from placette.places.services import history
from placette.places.services.places import edit_by_manager, save_place
from tests.factories import make_manager, make_moderator, make_place, make_user


def history_url(place):
    return f"/lieux/{place.slug}/historique/"


def revert_url(version):
    return f"/lieux/{version.place.slug}/historique/{version.pk}/retablir/"


@pytest.fixture
def edited():
    """A place created, then edited by its manager (name, families, hours)."""
    place = make_place(name="Fablab des Lices", families=["fablab"], publics=["jeunes"])
    manager = make_manager(place, email="equipe@lices.fr")
    place = Place.objects.get(pk=place.pk)
    edit_by_manager(
        place=place,
        fields={"name": "Fablab des Lices (Rennes)", "opening_hours": "Mo-Fr 09:00-18:00"},
        tags={"families": ["fablab", "coworking"], "publics": []},
        by=manager,
    )
    return Place.objects.get(pk=place.pk), manager


@pytest.mark.django_db
def test_history_for_managers_and_moderators_only(client, edited):
    place, manager = edited
    other_place = make_place()
    response = client.get(history_url(place))
    assert response.status_code == 302 and response["Location"].startswith("/comptes/login/")
    client.force_login(make_user())
    assert client.get(history_url(place)).status_code == 403
    client.force_login(make_manager(other_place))
    assert client.get(history_url(place)).status_code == 403
    client.force_login(manager)
    assert client.get(history_url(place)).status_code == 200
    client.force_login(make_moderator())
    assert client.get(history_url(place)).status_code == 200


@pytest.mark.django_db
def test_history_shows_labelled_changes(client, edited):
    place, manager = edited
    client.force_login(manager)
    html = client.get(history_url(place)).content.decode()
    assert "Modification" in html and "Création" in html
    assert '<th scope="row">Nom</th>' in html
    assert "Fablab des Lices (Rennes)" in html
    assert '<th scope="row">Familles</th>' in html
    assert "Coworking / bureaux partagés, Fablab / makerspace / hackerspace" in html
    assert '<th scope="row">Publics</th>' in html and "Jeunes" in html
    # The manager sees "l'équipe du lieu", not e-mail addresses; no revert links.
    assert "équipe du lieu" in html
    assert "equipe@lices.fr" not in html
    assert "/retablir/" not in html


@pytest.mark.django_db
def test_history_authors_as_moderators_see_them(client, edited):
    place, _manager = edited
    save_place(fields={"summary": "Importé."}, tags={}, place=place, origin="import cget n° 3")
    save_place(fields={"summary": "Sans auteur."}, tags={}, place=place)
    client.force_login(make_moderator())
    html = client.get(history_url(place)).content.decode()
    assert "equipe@lices.fr" in html
    assert "import cget n° 3" in html
    assert "compte supprimé" in html
    # Every version but the latest (the place as it is) can be gone back to.
    versions = list(place.versions.all())
    assert revert_url(versions[0]) not in html
    for version in versions[1:]:
        assert revert_url(version) in html


@pytest.mark.django_db
def test_deleted_author_shows_as_deleted_account(client, edited):
    place, manager = edited
    manager.delete()
    client.force_login(make_moderator())
    html = client.get(history_url(place)).content.decode()
    assert "equipe@lices.fr" not in html
    assert html.count("compte supprimé") == 2  # creation (no author) and the edit


@pytest.mark.django_db
def test_revert_restores_fields_and_tags_and_is_recorded(client, edited):
    place, _manager = edited
    created = place.versions.order_by("created_at", "pk").first()
    moderator = make_moderator()
    client.force_login(moderator)
    preview = client.get(revert_url(created)).content.decode()
    assert "Fablab des Lices (Rennes)" in preview and "Ce qui changera" in preview
    response = client.post(revert_url(created), {"note": "vandalisme"})
    assert response.status_code == 302 and response["Location"] == history_url(place)
    place = Place.objects.get(pk=place.pk)
    assert place.name == "Fablab des Lices"
    assert place.opening_hours == ""
    assert place.families == ["fablab"] and place.publics == ["jeunes"]
    revert = place.versions.first()
    assert revert.kind == PlaceVersion.Kind.REVERTED
    assert revert.author == moderator and revert.note == "vandalisme"
    assert revert.changes["families"] == [["coworking", "fablab"], ["fablab"]]

    # The revert itself can be reverted: back to the manager's edit.
    edit = place.versions.filter(kind=PlaceVersion.Kind.EDITED).get()
    client.post(revert_url(edit))
    place = Place.objects.get(pk=place.pk)
    assert place.name == "Fablab des Lices (Rennes)"
    assert place.families == ["coworking", "fablab"] and place.publics == []
    assert place.versions.filter(kind=PlaceVersion.Kind.REVERTED).count() == 2


@pytest.mark.django_db
def test_revert_to_the_current_state_changes_nothing(client, edited):
    place, _manager = edited
    latest = place.versions.first()
    client.force_login(make_moderator())
    html = client.get(revert_url(latest)).content.decode()
    assert "rien ne changerait" in html
    client.post(revert_url(latest))
    assert place.versions.count() == 2


@pytest.mark.django_db
def test_revert_is_for_moderators_only(client, edited):
    place, manager = edited
    created = place.versions.order_by("created_at", "pk").first()
    for user in (manager, make_user()):
        client.force_login(user)
        assert client.get(revert_url(created)).status_code == 403
        assert client.post(revert_url(created)).status_code == 403
    place = Place.objects.get(pk=place.pk)
    assert place.name == "Fablab des Lices (Rennes)" and place.versions.count() == 2


@pytest.mark.django_db
def test_revert_needs_csrf_and_the_right_place(edited):
    place, _manager = edited
    created = place.versions.order_by("created_at", "pk").first()
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_moderator())
    assert client.post(revert_url(created)).status_code == 403
    assert Place.objects.get(pk=place.pk).name == "Fablab des Lices (Rennes)"
    other = make_place()
    assert client.get(f"/lieux/{other.slug}/historique/{created.pk}/retablir/").status_code == 404


@pytest.mark.django_db
def test_state_at_walks_back_every_later_version(edited):
    place, manager = edited
    created, edit = place.versions.order_by("created_at", "pk")
    edit_by_manager(place=place, fields={"name": "Troisième nom"}, tags={}, by=manager)
    assert history.state_at(created)["name"] == "Fablab des Lices"
    assert history.state_at(edit)["name"] == "Fablab des Lices (Rennes)"
    assert history.state_at(edit)["families"] == ["coworking", "fablab"]
    assert history.state_at(place.versions.first())["name"] == "Troisième nom"


def test_display_values_in_words():
    assert history.display("families", ["fablab"]) == "Fablab / makerspace / hackerspace"
    assert history.display("fees", ["gratuit", "inconnu"]) == "Gratuit, inconnu"
    assert history.display("itinerant", True) == "oui"
    assert history.display("confirmed_on", "2024-03-05") == "5 mars 2024"
    assert history.display("websites", ["https://a.fr", "https://b.fr"]) == (
        "https://a.fr, https://b.fr"
    )
    assert history.display("summary", "") == ""
    assert history.label("postal_code") == "Code postal"
