"""Direct edits of a place by its managers and by moderators: permissions, CSRF, kept values,
recorded versions, and the place form itself."""

import pytest
from django.test import Client

from placette.places.forms import LIST_NAMES, PlaceForm
from placette.places.models import Place, PlaceVersion
from tests.factories import make_manager, make_moderator, make_place, make_user


def edit_url(place):
    return f"/lieux/{place.slug}/modifier/"


def form_data(place, **changes):
    """What the edit form posts for `place` as it is, with `changes`."""
    data = {}
    for name, value in PlaceForm.initial_for(place).items():
        if name in LIST_NAMES:
            data[name] = "\n".join(value)  # one per line
        elif isinstance(value, list):
            data[name] = value  # checkboxes
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else str(value)
    data.update(changes)
    return data


@pytest.fixture
def two_places():
    a = make_place(name="Lieu A", families=["fablab"])
    b = make_place(name="Lieu B", families=["epn"], websites=["https://lieu-b.fr"])
    return a, b


@pytest.mark.django_db
def test_manager_of_a_cannot_edit_b(client, two_places):
    a, b = two_places
    client.force_login(make_manager(a))
    versions = PlaceVersion.objects.count()
    assert client.get(edit_url(b)).status_code == 403
    response = client.post(edit_url(b), form_data(b, name="Pris !"))
    assert response.status_code == 403
    b.refresh_from_db()
    assert b.name == "Lieu B" and b.manager_edits == {}
    assert PlaceVersion.objects.count() == versions
    assert client.get(edit_url(a)).status_code == 200


@pytest.mark.django_db
def test_signed_in_non_manager_gets_403_and_visitor_is_sent_to_login(client, two_places):
    a, _b = two_places
    response = client.get(edit_url(a))
    assert response.status_code == 302 and response["Location"].startswith("/comptes/login/")
    response = client.post(edit_url(a), form_data(a, name="Anonyme"))
    assert response.status_code == 302
    client.force_login(make_user())
    assert client.get(edit_url(a)).status_code == 403
    assert client.post(edit_url(a), form_data(a, name="Intrus")).status_code == 403
    a.refresh_from_db()
    assert a.name == "Lieu A"


@pytest.mark.django_db
def test_manager_edit_is_saved_recorded_and_stamped(client, two_places):
    a, _b = two_places
    manager = make_manager(a)
    client.force_login(manager)
    page = client.get(edit_url(a)).content.decode()
    assert 'value="Lieu A"' in page
    response = client.post(
        edit_url(a),
        form_data(
            a,
            name="Lieu A rénové",
            families=["fablab", "coworking"],
            opening_hours="Mo-Fr 09:00-18:00",
            websites="lieu-a.fr\nhttps://blog.lieu-a.fr",
            emails="contact@lieu-a.fr",
        ),
    )
    assert response.status_code == 302 and response["Location"] == a.get_absolute_url()
    a = Place.objects.get(pk=a.pk)
    assert a.name == "Lieu A rénové"
    assert a.families == ["coworking", "fablab"]
    assert a.websites == ["https://lieu-a.fr", "https://blog.lieu-a.fr"]
    assert a.emails == ["contact@lieu-a.fr"]
    assert set(a.manager_edits) == {"name", "families", "opening_hours", "websites", "emails"}
    version = a.versions.first()
    assert version.kind == PlaceVersion.Kind.EDITED and version.author == manager
    assert version.changes["name"] == ["Lieu A", "Lieu A rénové"]
    assert version.changes["families"] == [["fablab"], ["coworking", "fablab"]]
    assert "Fiche enregistrée" in client.get(a.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_moderator_edit_is_recorded_but_not_stamped_as_the_place_s_word(client, two_places):
    a, _b = two_places
    moderator = make_moderator()
    client.force_login(moderator)
    client.post(edit_url(a), form_data(a, summary="Vérifié par la modération."))
    a.refresh_from_db()
    assert a.summary == "Vérifié par la modération."
    assert a.manager_edits == {}
    assert a.versions.first().author == moderator


@pytest.mark.django_db
def test_edit_keeps_typed_values_on_error(client, two_places):
    a, _b = two_places
    client.force_login(make_manager(a))
    response = client.post(
        edit_url(a),
        form_data(
            a,
            name="Mon nouveau nom",
            postal_code="3500",
            opening_hours="lundi matin",
            description="Une longue présentation\nsur deux lignes.",
            latitude="48.2",
            longitude="",
            families=["epn"],
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Mon nouveau nom"' in html
    assert 'value="3500"' in html
    assert 'value="lundi matin"' in html
    assert "Une longue présentation\nsur deux lignes." in html
    assert 'value="epn" id="id_families_1" checked' in html
    assert "Le code postal compte 5 chiffres." in html
    assert "Horaires illisibles" in html
    assert "la latitude et la longitude, ou aucune des deux" in html
    assert 'aria-describedby="id_postal_code_helptext id_postal_code_error"' in html or (
        'aria-describedby="id_postal_code_error"' in html
    )
    assert 'role="alert"' in html
    a.refresh_from_db()
    assert a.name == "Lieu A" and a.versions.count() == 1


@pytest.mark.django_db
def test_post_without_csrf_token_is_refused(two_places):
    a, _b = two_places
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_manager(a))
    response = client.post(edit_url(a), form_data(a, name="Sans jeton"))
    assert response.status_code == 403
    a.refresh_from_db()
    assert a.name == "Lieu A"


@pytest.mark.django_db
def test_new_postal_code_derives_the_territory_again(client):
    place = make_place(postal_code="35000", commune="Rennes", insee_code="35238")
    assert place.departement == "35"
    client.force_login(make_manager(place))
    client.post(edit_url(place), form_data(place, postal_code="69004", commune="Lyon"))
    place.refresh_from_db()
    assert (place.departement, place.region, place.insee_code) == ("69", "84", "")


def test_place_form_cleans_lists_coordinates_and_siret():
    form = PlaceForm(
        {
            "name": "  Lieu  ",
            "postal_code": "35000",
            "latitude": "48,11",
            "longitude": "-1.68",
            "websites": "lieu.fr\n\nlieu.fr\nhttp://autre.fr",
            "emails": "a@lieu.fr\r\nb@lieu.fr",
            "siret": "12345678901234",
            "phone": "02 99 00 00 00",
            "services": ["demarches"],
        }
    )
    assert form.is_valid(), form.errors
    fields, tags = form.to_save()
    assert fields["name"] == "Lieu"
    assert (fields["latitude"], fields["longitude"]) == (48.11, -1.68)
    assert fields["websites"] == ["https://lieu.fr", "http://autre.fr"]
    assert fields["emails"] == ["a@lieu.fr", "b@lieu.fr"]
    assert tags == {"families": [], "services": ["demarches"], "publics": []}
    assert "departement" in fields and fields["departement"] == ""  # derived again on save


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x", "latitude": "95", "longitude": "1"}, "latitude"),
        ({"name": "x", "latitude": "45", "longitude": "200"}, "longitude"),
        ({"name": "x", "longitude": "1"}, "latitude"),
        ({"name": "x", "siret": "1234"}, "siret"),
        ({"name": "x", "emails": "pas une adresse"}, "emails"),
        ({"name": "x", "websites": "https://ok.fr\nhttps://pas bon"}, "websites"),
        ({"name": "x", "accessibility_url": "javascript:alert(1)"}, "accessibility_url"),
        ({"name": "x", "families": ["inconnue"]}, "families"),
        ({"name": "x", "fees": ["cher"]}, "fees"),
        ({"name": "x", "phone": "appelez-nous"}, "phone"),
        ({"name": "x", "opening_hours": "Mo-Fr 9-18"}, "opening_hours"),
    ],
)
def test_place_form_rejects(data, field):
    form = PlaceForm(data)
    assert not form.is_valid()
    assert field in form.errors


@pytest.mark.django_db
def test_place_form_round_trips_a_place():
    place = make_place(
        name="Fablab",
        websites=["https://fablab.fr"],
        emails=["a@fablab.fr"],
        access_modes=["telephoner"],
        opening_hours="Mo-Fr 09:00-18:00",
        families=["fablab"],
        publics=["jeunes"],
    )
    form = PlaceForm(form_data(place), initial=PlaceForm.initial_for(place))
    assert form.is_valid(), form.errors
    assert not form.has_changed()
    fields, tags = form.to_save()
    assert fields["access_modes"] == ["telephoner"]
    assert "departement" not in fields  # unchanged address: territory kept
    assert tags["families"] == ["fablab"] and tags["publics"] == ["jeunes"]
