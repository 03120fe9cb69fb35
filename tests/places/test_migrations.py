"""PlaceManager and Claim moved from accounts to places without touching their tables:
rows survive the move both ways, and the content types (hence permissions) follow."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from placette.places import search_index
from placette.places.models import Claim, Place, PlaceManager
from tests.factories import make_place, make_user

BEFORE = [
    ("accounts", "0002_moderators_and_cache"),
    ("places", "0008_place_confirmed_on_place_reminded_on_placeversion"),
]


def migrate(targets=None):
    """Migrate to `targets`, or to the latest migrations when None."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return MigrationExecutor(connection).loader.project_state(targets).apps


def team_types() -> list[tuple[str, str]]:
    found = ContentType.objects.filter(model__in=["claim", "placemanager"])
    return sorted(found.values_list("app_label", "model"))


@pytest.mark.django_db(transaction=True)
def test_team_moves_back_and_forth_with_its_rows():
    place, person = make_place(), make_user()
    claim = Claim.objects.create(place=place, user=person, role="médiatrice", status="approved")
    PlaceManager.objects.create(place=place, user=person, claim=claim)
    ContentType.objects.get_for_models(Claim, PlaceManager)

    old = migrate(BEFORE)
    assert team_types() == [("accounts", "claim"), ("accounts", "placemanager")]
    OldClaim = old.get_model("accounts", "Claim")
    assert list(old.get_model("accounts", "PlaceManager").objects.values_list("claim__role")) == [
        ("médiatrice",)
    ]
    OldClaim.objects.create(place_id=place.pk, user_id=person.pk, role="bénévole")

    migrate()
    assert team_types() == [("places", "claim"), ("places", "placemanager")]
    assert list(Claim.objects.order_by("pk").values_list("role", "status")) == [
        ("médiatrice", "approved"),
        ("bénévole", "pending"),
    ]
    assert PlaceManager.objects.get().claim == claim


@pytest.mark.django_db(transaction=True)
def test_commune_key_is_filled_for_existing_places_and_removed_backwards():
    old = migrate([("places", "0009_team_from_accounts")])
    OldPlace = old.get_model("places", "Place")
    OldPlace.objects.create(name="Le Chaudron", slug="le-chaudron", commune="ST-ÉTIENNE")
    OldPlace.objects.create(name="Sans commune", slug="sans-commune")
    try:
        migrate()
        keys = dict(Place.objects.values_list("slug", "commune_key"))
        assert keys == {"le-chaudron": "saint etienne", "sans-commune": ""}
    finally:
        search_index.ensure()  # rebuilding the table dropped the SQLite index's triggers
