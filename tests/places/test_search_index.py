"""Text search stays exact whatever backs it: SQLite's trigram index or LIKE on PostgreSQL."""

import pytest
from django.db import connection

from placette.places import queries, search_index
from placette.places.services import places as services
from tests.factories import make_place

pytestmark = pytest.mark.django_db
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index only")


def found(q: str) -> set[str]:
    return set(queries.search(queries.PlaceFilters(q=q)).values_list("name", flat=True))


def test_words_match_inside_longer_words_and_short_words_still_work():
    make_place(name="Anticafé", commune="Paris")
    make_place(name="La Cantine", commune="Nantes")
    assert found("cafe") == {"Anticafé"}
    assert found("la cantine") == {"La Cantine"}
    assert found("la") == {"La Cantine"}  # two letters: not in the trigram index, still found
    assert found("cantine paris") == set()


def test_renaming_and_deleting_places_keep_the_search_exact():
    place = make_place(name="Ancien Nom")
    services.save_place(place=place, fields={"name": "Nouvelle Fabrique"}, tags={"families": []})
    assert found("ancien") == set()
    assert found("fabrique") == {"Nouvelle Fabrique"}
    place.delete()
    assert found("fabrique") == set()


@on_sqlite
def test_sqlite_uses_the_trigram_index():
    assert search_index.available("default")
    make_place(name="Fablab du Blosne")
    sql = str(queries.search(queries.PlaceFilters(q="blosne")).query)
    where = sql.split(" ORDER BY ")[0]  # the ranking reads only the matching rows
    assert "MATCH" in where and "LIKE" not in where


@on_sqlite
def test_lost_triggers_are_rebuilt_by_ensure():
    make_place(name="Avant")
    with connection.cursor() as cursor:
        for name in ("insert", "update", "delete"):
            cursor.execute(f"DROP TRIGGER places_place_search_{name}")
    make_place(name="Pendant")  # not indexed: no trigger
    assert search_index.ensure()
    assert found("pendant") == {"Pendant"}  # the rebuild indexed it
    make_place(name="Après")
    assert found("apres") == {"Après"}  # the triggers are back
