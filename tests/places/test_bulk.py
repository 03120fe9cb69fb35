"""Big imports (places.bulk): the search index kept exact when built in bulk, values written
as bulk_create writes them, on SQLite and PostgreSQL alike."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from placette.places import queries, search_index
from placette.places.models import Place, PlaceSource, PlaceTag
from placette.places.services import bulk
from placette.sources.models import ImportRun
from tests.factories import make_place
from tests.factories.sources import (
    cget_row,
    cget_text,
    import_cget,
    import_mednum,
    mednum_row,
    mednum_text,
)

pytestmark = pytest.mark.django_db


def found(q: str) -> set[str]:
    return set(queries.search(queries.PlaceFilters(q=q)).values_list("name", flat=True))


def insert_trigger() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type='trigger' AND name='places_place_search_insert'"
        )
        return cursor.fetchone() is not None


@pytest.fixture
def in_bulk(monkeypatch):
    """Imports of 3 records or more take the big-import path (1,000 is a lot for a test)."""
    monkeypatch.setattr(search_index, "BULK_FROM", 3)


def test_a_big_import_is_found_by_the_search_and_changed_text_is_not(in_bulk):
    make_place(name="Fabrique Existante")
    rows = [cget_row(str(i), f"Atelier Zephyr {i}") for i in range(1, 5)]
    run = import_cget(cget_text(*rows, cget_row("9", "Repaire Quetzal")))
    assert (run.status, run.created) == (ImportRun.Status.APPLIED, 5)
    assert found("zephyr") == {f"Atelier Zephyr {i}" for i in range(1, 5)}
    assert found("quetzal rennes") == {"Repaire Quetzal"}
    assert found("fabrique") == {"Fabrique Existante"}

    rows[0] = cget_row("1", "Atelier Renomme")  # a big re-import changes a name
    run = import_cget(cget_text(*rows, cget_row("9", "Repaire Quetzal")))
    assert (run.created, run.updated, run.unchanged) == (0, 1, 4)
    assert found("renomme") == {"Atelier Renomme"}
    assert found("zephyr") == {f"Atelier Zephyr {i}" for i in range(2, 5)}

    Place.objects.filter(name="Repaire Quetzal").delete()
    assert found("quetzal") == set()
    make_place(name="Après Import")  # the insert trigger works again
    assert found("apres import") == {"Après Import"}
    if search_index.available("default"):
        assert insert_trigger()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index only")
def test_a_failed_big_import_leaves_the_insert_trigger(in_bulk, monkeypatch):
    def broken(*args, **kwargs):
        raise IntegrityError("disk on fire")

    monkeypatch.setattr(search_index.BulkIndex, "add", broken)
    rows = [cget_row(str(i), f"Atelier {i}") for i in range(1, 5)]
    run = import_cget(cget_text(*rows))
    assert run.status == ImportRun.Status.REJECTED and not Place.objects.exists()
    assert insert_trigger()
    make_place(name="Toujours Indexé")
    assert found("indexe") == {"Toujours Indexé"}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index only")
def test_the_trigger_is_suspended_for_many_places_only_and_always_put_back():
    with search_index.indexing_in_bulk("default", many=False) as index:
        assert not index.suspended and insert_trigger()
    with transaction.atomic():
        with search_index.indexing_in_bulk("default", many=True) as index:
            assert index.suspended and not insert_trigger()
        assert insert_trigger()
    with (
        pytest.raises(RuntimeError),
        transaction.atomic(),
        search_index.indexing_in_bulk("default", many=True),
    ):
        raise RuntimeError
    assert insert_trigger()


def test_the_page_cache_is_given_back_after_a_big_import(in_bulk):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        import_cget(cget_text(*[cget_row(str(i), f"Lieu {i}") for i in range(1, 5)]))
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone() == (before,)


def test_inserted_places_hold_the_values_bulk_create_would_write(in_bulk):
    rows = [mednum_row(f"s-{i}", nom=f"Lieu {i}") for i in range(1, 4)]
    rows[0]["date_maj"] = "2024-03-05"
    import_mednum(mednum_text(*rows))
    place = Place.objects.get(name="Lieu 1")
    assert place.source_updated_on == date(2024, 3, 5) and place.checked_on == date(2024, 3, 5)
    assert place.emails and place.websites and place.social_links == []
    assert place.uid and place.slug == "lieu-1-reims" and place.created_at == place.updated_at
    assert place.search_text.startswith("lieu 1 reims")
    assert (place.latitude, place.longitude) == (43.52609, 5.41423)
    link = PlaceSource.objects.get(place=place)
    assert (link.source, link.source_id, link.updated_on) == (
        "lamednum",
        "s-1",
        place.source_updated_on,
    )
    assert place.families and place.services and place.publics


def test_insert_returns_ids_in_order_and_can_skip_conflicts():
    a, b = make_place(name="A"), make_place(name="B")
    PlaceSource.objects.create(place=a, source="s", source_id="1")
    rows = [(a.pk, "s", "1", None), (b.pk, "s", "2", date(2024, 1, 2))]  # the first exists
    columns = ["place_id", "source", "source_id", "updated_on"]
    assert bulk.insert(PlaceSource, columns, rows, ignore_conflicts=True) == []
    assert PlaceSource.objects.get(source_id="2").updated_on == date(2024, 1, 2)
    tags = [(b.pk, "family", "x"), (b.pk, "family", "y")]
    ids = bulk.insert(PlaceTag, ["place_id", "kind", "code"], tags, returning=True)
    assert ids == [PlaceTag.objects.get(code=code).pk for code in ("x", "y")]
    with pytest.raises(ValueError):
        bulk.insert(
            PlaceTag, ["place_id", "kind", "code"], [], returning=True, ignore_conflicts=True
        )


@pytest.fixture
def threaded(monkeypatch):
    """Batches of 2 records: the worker thread plans all but the first."""
    monkeypatch.setattr(bulk, "BATCH", 2)


def test_batches_planned_in_a_worker_thread_give_the_same_places(threaded):
    existing = bulk.upsert_many(
        source="s", items=[("3", {"name": "Trois", "commune": "Rennes"}, {})]
    )
    items = [
        (str(i), {"name": f"Lieu {i}", "commune": "Rennes"}, {"families": ["fablab"]})
        for i in range(1, 6)
    ]
    results = bulk.upsert_many(source="s", items=items)
    assert [r.created for r in results] == [True, True, False, True, True]
    assert results[2].place.pk == existing[0].place.pk and "name" in results[2].changed
    assert sorted(Place.objects.values_list("name", flat=True)) == [
        f"Lieu {i}" for i in range(1, 6)
    ]
    slugs = {f"lieu-{i}-rennes" for i in (1, 2, 4, 5)} | {"trois-rennes"}  # a slug stays
    assert {p.slug for p in Place.objects.all()} == slugs
    assert all(p.families == ["fablab"] for p in Place.objects.all())
    assert found("lieu 5") == {"Lieu 5"}


def test_an_error_in_the_worker_thread_reaches_the_caller(threaded):
    items = [
        (str(i), {"name": f"Lieu {i}", "opening_hours": "Mo-Fr 09:00-18:00"}, {}) for i in range(4)
    ]
    items[3][1]["opening_hours"] = "toujours ouvert"
    with pytest.raises(ValidationError), transaction.atomic():
        bulk.upsert_many(source="s", items=items)
    assert not Place.objects.exists()


def test_a_source_id_given_twice_is_refused():
    with pytest.raises(ValueError):
        bulk.upsert_many(source="s", items=[("1", {"name": "A"}, {}), ("1", {"name": "B"}, {})])
    assert bulk.upsert_many(source="s", items=[]) == []
