"""The commons' list pages cost the same number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from placette.commons.services import collections as collection_services
from placette.commons.services import resources as services
from tests.factories import make_manager, make_place

pytestmark = pytest.mark.django_db


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


def _resources(n: int, *, by, place) -> list:
    return [
        services.create_resource(
            by=by,
            fields={"title": f"Fiche {i}", "kind": "fiche-pratique", "body": f"Texte {i}"},
            places=[place],
        )
        for i in range(n)
    ]


def test_resource_list_detail_and_history_do_not_grow_with_the_rows(client):
    place = make_place(name="EPN des Lices")
    author = make_manager(place)
    first = _resources(2, by=author, place=place)
    client.get("/ressources/")  # per-process caches warmed
    few = _queries(client, "/ressources/")
    few_history = _queries(client, f"/ressources/{first[0].slug}/historique/")
    _resources(10, by=author, place=place)
    for n in range(6):  # more revisions, by the same and by other hands
        services.edit_resource(
            resource=first[0],
            by=author,
            fields={**services.latest_revision(first[0]).snapshot(), "body": f"Texte revu {n}"},
            base=services.latest_revision(first[0]),
        )
    assert _queries(client, "/ressources/") == few
    assert _queries(client, f"/ressources/{first[0].slug}/historique/") == few_history


def test_collection_pages_do_not_grow_with_the_items(client):
    place = make_place(name="EPN des Lices")
    author = make_manager(place)
    resources = _resources(12, by=author, place=place)
    collection = collection_services.create_collection(owner=author, title="Kit EPN")
    for resource in resources[:2]:
        collection_services.add_resource(collection=collection, resource=resource, by=author)
    client.get(collection.get_absolute_url())
    few = _queries(client, collection.get_absolute_url())
    few_list = _queries(client, "/collections/")
    for resource in resources[2:]:
        collection_services.add_resource(collection=collection, resource=resource, by=author)
    for n in range(5):
        collection_services.create_collection(owner=author, title=f"Autre kit {n}")
    assert _queries(client, collection.get_absolute_url()) == few
    assert _queries(client, "/collections/") == few_list
