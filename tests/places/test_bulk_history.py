"""Imports are part of a place's history: each place an import creates or changes gets a
version, so that a revert to a version before an import puts back what the import changed."""

import pytest

from placette.places.models import Place, PlaceVersion
from placette.places.services import history
from placette.places.services.places import edit_by_manager, upsert_from_source
from tests.factories import make_moderator, make_user

pytestmark = pytest.mark.django_db

FIELDS = {"name": "La Fabrique", "commune": "Amanlis", "postal_code": "35150", "phone": "0299"}


def test_import_versions_and_a_revert_across_an_import():
    created = upsert_from_source(
        source="lamednum", source_id="1", fields=dict(FIELDS), tags={"services": ["loisirs"]}
    )
    place = Place.objects.get(pk=created.place.pk)
    [first] = place.versions.all()
    assert (first.kind, first.origin, first.author) == ("imported", "import lamednum", None)

    edit_by_manager(place=place, fields={"summary": "Un atelier partagé"}, tags={}, by=make_user())
    edited = place.versions.get(kind=PlaceVersion.Kind.EDITED)

    upsert_from_source(
        source="lamednum",
        source_id="1",
        fields={**FIELDS, "phone": "0299 12 34 56"},
        tags={"services": ["loisirs", "demarches"]},
    )
    newest = place.versions.first()
    assert newest.kind == "imported"
    assert newest.changes == {
        "phone": ["0299", "0299 12 34 56"],
        "services": [["loisirs"], ["demarches", "loisirs"]],
    }

    history.revert(version=edited, by=make_moderator())
    place = Place.objects.get(pk=place.pk)
    assert place.phone == "0299" and place.services == ["loisirs"]
    assert place.summary == "Un atelier partagé"  # the manager's edit is kept


def test_an_import_that_changes_nothing_records_nothing():
    upsert_from_source(source="lamednum", source_id="1", fields=dict(FIELDS), tags={})
    upsert_from_source(source="lamednum", source_id="1", fields=dict(FIELDS), tags={})
    assert PlaceVersion.objects.count() == 1
