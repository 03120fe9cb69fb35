"""Imports in batches: the rules of services.upsert_from_source, with a few queries per
batch of records instead of several per record (20,000 rows: docs/benchmarks.md)."""

import dataclasses
import functools
import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, time
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import NotSupportedError, connections, router
from django.db.models import Field, Model
from django.db.models.constants import OnConflict
from django.utils import timezone, translation

from placette.core import text
from placette.places import hours, search_index
from placette.places.models import Place, PlaceSource, PlaceTag, PlaceVersion
from placette.places.services import history
from placette.places.services import places as services

BATCH = 500
CACHE_KIB = 64 * 1024  # SQLite page cache during a big import (see _page_cache)
Item = tuple[str, dict[str, Any], dict[str, list[str]]]  # source id, fields, tags
_TAG_FIELD = {kind: name for name, kind in services.TAG_FIELDS.items()}  # kind → tag field
# The columns of a new place: every concrete field but the id.
_PLACE_FIELDS = [field.attname for field in Place._meta.concrete_fields if not field.primary_key]
_DEFAULTS = [field.get_default for field in Place._meta.concrete_fields]


def upsert_many(*, source: str, items: list[Item]) -> list[services.Upsert]:
    """Create or update the place of each (source, source id), in the order given; each source
    id once. Call it in a transaction: a batch is written with bulk queries, so a failure
    midway leaves a part.

    Batch by batch: what the database knows of the records is read, then what to write is
    worked out in Python (_plan, no query), then written. With several batches, a worker
    thread plans the next batch while this thread waits for the database to write the
    current one (PostgreSQL works in its own process; SQLite's library releases the GIL):
    for 20,000 rows, 3 s less on PostgreSQL, 1 s on SQLite (docs/benchmarks.md)."""
    if not items:
        return []
    if len({source_id for source_id, _f, _t in items}) < len(items):
        raise ValueError("a source id is given twice")
    batches = [items[start : start + BATCH] for start in range(0, len(items), BATCH)]
    slugs = _Slugs()
    results: list[services.Upsert] = []
    using = router.db_for_write(Place)
    many = len(items) >= search_index.BULK_FROM
    with (
        _page_cache(using, many=many),
        search_index.indexing_in_bulk(using, many=many) as index,
        _Planner(source, slugs, threaded=len(batches) > 1) as planner,
    ):
        planned = planner.submit(batches[0], _read(source, batches[0], slugs))
        for following in [*batches[1:], None]:
            plan = planned.result()
            if following:  # planned meanwhile in the worker thread
                planned = planner.submit(following, _read(source, following, slugs))
            _write(source, plan, index, planner.insert)
            results += plan.results
    return results


class _Planner:
    """Runs _plan in a worker thread (or at once), in the language and time zone of the
    caller, which are thread-local."""

    def __init__(self, source: str, slugs: "_Slugs", *, threaded: bool):
        self.source, self.slugs = source, slugs
        self.insert = Insert(Place, _PLACE_FIELDS, returning=True)  # in this thread: see Insert
        self.executor = ThreadPoolExecutor(max_workers=1) if threaded else None
        self.language, self.timezone = translation.get_language(), timezone.get_current_timezone()

    def __enter__(self) -> "_Planner":
        return self

    def __exit__(self, *exc_info) -> None:
        if self.executor:
            self.executor.shutdown(cancel_futures=True)

    def submit(self, items: list[Item], known: "_Known") -> Future:
        if self.executor:
            return self.executor.submit(self._plan, items, known)
        future = Future()
        future.set_result(self._plan(items, known))
        return future

    def _plan(self, items: list[Item], known: "_Known") -> "_Plan":
        with translation.override(self.language), timezone.override(self.timezone):
            return _plan(self.source, items, known, self.slugs, self.insert)


@contextmanager
def _page_cache(using: str, *, many: bool) -> Iterator[None]:
    """On SQLite, a big import writes to every index of the place table: with the default
    2 MB page cache, changed pages are spilled to the WAL and read back again and again
    (about 10 % of the time at 20,000 places). The cache grows as needed, up to CACHE_KIB
    during the import, then returns to the connection's own size."""
    connection = connections[using]
    if not many or connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (size,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(size)}")


class _Slugs:
    """Every slug in use, read once (in the main thread) before the first new place needs one."""

    def __init__(self):
        self.taken: set[str] | None = None

    def load(self) -> None:
        if self.taken is None:
            self.taken = set(Place.objects.values_list("slug", flat=True))

    def new(self, place: Place) -> str:
        # As services.save_place names one, with the slugs in use held in memory.
        base = text.slug_base(services.slug_text(place), fallback=services.SLUG_FALLBACK)
        slug = text.next_free(base, self.taken)
        self.taken.add(slug)
        return slug


@dataclasses.dataclass
class _Known:
    """What the database holds of a batch's records: their links, and the current tags and
    sources of the places these designate."""

    links: dict[str, PlaceSource]
    tags: dict[int, list[PlaceTag]]
    sources: dict[int, set[str]]


@dataclasses.dataclass
class _Plan:
    """What to write for a batch, worked out without a query."""

    results: list[services.Upsert] = dataclasses.field(default_factory=list)
    new_places: list[Place] = dataclasses.field(default_factory=list)
    # The INSERTs of new_places, made by the planning thread.
    place_statements: list[tuple[str, list]] = dataclasses.field(default_factory=list)
    # (place, source id, source date) and (place, tag kind, code)
    new_links: list[tuple[Place, str, Any]] = dataclasses.field(default_factory=list)
    new_tags: list[tuple[Place, str, str]] = dataclasses.field(default_factory=list)
    changed_links: list[PlaceSource] = dataclasses.field(default_factory=list)
    stale_tags: list[int] = dataclasses.field(default_factory=list)
    updated: list[Place] = dataclasses.field(default_factory=list)
    update_fields: set[str] = dataclasses.field(default_factory=set)
    # (place, changes) of the history: {} for a place the import created (places.history)
    versions: list[tuple[Place, dict[str, list[Any]]]] = dataclasses.field(default_factory=list)


def _read(source: str, items: list[Item], slugs: _Slugs) -> _Known:
    links = {
        link.source_id: link
        for link in PlaceSource.objects.select_related("place").filter(
            source=source, source_id__in=[source_id for source_id, _f, _t in items]
        )
    }
    if len(links) < len(items):
        slugs.load()
    place_ids = [link.place_id for link in links.values()]
    tags: dict[int, list[PlaceTag]] = defaultdict(list)
    sources: dict[int, set[str]] = defaultdict(set)
    if place_ids:
        for tag in PlaceTag.objects.filter(place_id__in=place_ids):
            tags[tag.place_id].append(tag)
        for place_id, name in PlaceSource.objects.filter(place_id__in=place_ids).values_list(
            "place_id", "source"
        ):
            sources[place_id].add(name)
    return _Known(links=links, tags=tags, sources=sources)


def _plan(
    source: str, items: list[Item], known: _Known, slugs: _Slugs, insert_places: "Insert"
) -> _Plan:
    """The rules of services.upsert_from_source applied to a batch. No query: this may run
    in a worker thread."""
    now = timezone.now()
    plan = _Plan()
    for source_id, fields, tags in items:
        link = known.links.get(source_id)
        updated_on = fields.get("source_updated_on")
        if link is None:
            place = Place(*[make() for make in _DEFAULTS])  # positional: a third faster
            place.source = source
            _apply(place, dict(fields), tags, {})
            place.slug = slugs.new(place)
            place.created_at = place.updated_at = now
            plan.new_places.append(place)
            plan.new_links.append((place, source_id, updated_on))
            plan.new_tags += [
                (place, services.TAG_FIELDS[name], code)
                for name, values in tags.items()
                for code in set(values)
            ]
            plan.results.append(
                services.Upsert(place=place, created=True, changed=[*fields, *tags])
            )
            plan.versions.append((place, {}))
            continue
        place = link.place
        current_tags = known.tags[place.pk]
        codes = _codes(current_tags)
        fields, tags, changed, kept = services.plan_update(
            place,
            source=source,
            fields=fields,
            tags=tags,
            codes=codes,
            sources=known.sources[place.pk],
        )
        if changed:
            before = {
                name: history.as_json(getattr(place, name)) for name in changed if name in fields
            }
            plan.update_fields.update(_apply(place, fields, tags, codes))
            plan.versions.append((place, _changes(place, before, tags, codes)))
            place.updated_at = now
            plan.updated.append(place)
            for tag in current_tags:
                name = _TAG_FIELD[tag.kind]
                if name in tags and tag.code not in tags[name]:
                    plan.stale_tags.append(tag.pk)
            plan.new_tags += [
                (place, services.TAG_FIELDS[name], code)
                for name, values in tags.items()
                for code in set(values) - set(codes[name])
            ]
        if link.updated_on != updated_on:
            link.updated_on = updated_on
            plan.changed_links.append(link)
        plan.results.append(services.Upsert(place=place, created=False, changed=changed, kept=kept))
    plan.place_statements = insert_places.statements(
        [[getattr(place, name) for name in _PLACE_FIELDS] for place in plan.new_places]
    )
    return plan


def _write(
    source: str, plan: _Plan, index: search_index.BulkIndex, insert_places: "Insert"
) -> None:
    if plan.new_places:
        ids = insert_places.run(plan.place_statements)
        for place, pk in zip(plan.new_places, ids, strict=True):
            place.pk = pk
            place._state.adding, place._state.db = False, index.using
        index.add([(place.pk, place.search_text) for place in plan.new_places])
    if plan.updated:
        Place.objects.bulk_update(plan.updated, sorted(plan.update_fields | {"updated_at"}))
    if plan.stale_tags:
        PlaceTag.objects.filter(pk__in=plan.stale_tags).delete()
    insert(
        PlaceTag,
        ["place_id", "kind", "code"],
        [(place.pk, kind, code) for place, kind, code in plan.new_tags],
    )
    insert(
        PlaceSource,
        ["place_id", "source", "source_id", "updated_on"],
        [(place.pk, source, source_id, day) for place, source_id, day in plan.new_links],
    )
    if plan.changed_links:
        PlaceSource.objects.bulk_update(plan.changed_links, ["updated_on"])
    insert(
        PlaceVersion,
        ["place_id", "created_at", "kind", "author_id", "origin", "note", "changes"],
        [
            (
                place.pk,
                place.updated_at,
                PlaceVersion.Kind.IMPORTED,
                None,
                f"import {source}",
                "",
                changes,
            )
            for place, changes in plan.versions
        ],
    )


def _changes(
    place: Place, before: dict[str, Any], tags: dict[str, list[str]], codes: dict[str, list[str]]
) -> dict[str, list[Any]]:
    """The history's record of an import's update: each changed field and tag kind."""
    changes = {
        name: [old, history.as_json(getattr(place, name))]
        for name, old in before.items()
        if name in history.FIELDS
    }
    for name, values in tags.items():
        if sorted(values) != codes[name]:
            changes[name] = [codes[name], sorted(values)]
    return changes


def _apply(
    place: Place, fields: dict[str, Any], tags: dict[str, list[str]], codes: dict[str, list[str]]
) -> set[str]:
    """Set fields as services.save_place does, with the derived ones; return the names set."""
    services.fill_territory(fields)
    opening_hours = fields.get("opening_hours", "")
    if opening_hours and hours.parse(opening_hours) is None:  # parse() is cached
        hours.validate(opening_hours)
    for name, value in fields.items():
        setattr(place, name, value)
    services.derive(
        place,
        families=tags.get("families", codes.get("families", [])),
        services=tags.get("services", codes.get("services", [])),
    )
    return {*fields, *services.DERIVED}


def _codes(tags: list[PlaceTag]) -> dict[str, list[str]]:
    codes = {name: [] for name in services.TAG_FIELDS}
    for tag in tags:
        codes[_TAG_FIELD[tag.kind]].append(tag.code)
    return {name: sorted(values) for name, values in codes.items()}


def insert(
    model: type[Model],
    names: list[str],
    rows: Sequence[Sequence[Any]],
    *,
    returning: bool = False,
    ignore_conflicts: bool = False,
) -> list[int]:
    """INSERT `rows` (values of the fields `names`, by attname, in that order) into `model`'s
    table, many rows per statement; with `returning`, return the new ids in order; with
    `ignore_conflicts`, skip the rows a unique constraint refuses (no ids then). See Insert."""
    statement = Insert(model, names, returning=returning, ignore_conflicts=ignore_conflicts)
    return statement.run(statement.statements(rows))


class Insert:
    """bulk_create without model instances nor its per-value compilation (half of the
    import's time at 20,000 places): one converter per field, the field's get_db_prep_save
    (skipped for values already in their database form). No signals, no pre_save: the rows
    must hold every value, auto_now dates included. On PostgreSQL, the rows travel as one JSON
    text: psycopg binds parameters on the client, and quoting each value of an array
    (bulk_create's UNNEST) costs it more than the rest of the import's Python.

    Made in the thread of the transaction; statements() makes the SQL without a query (a worker
    thread may call it), run() runs it."""

    def __init__(
        self,
        model: type[Model],
        names: list[str],
        *,
        returning: bool = False,
        ignore_conflicts: bool = False,
    ):
        if returning and ignore_conflicts:
            raise ValueError("the ids of skipped rows are unknown: returning or ignore_conflicts")
        self.connection = connections[router.db_for_write(model)]
        self.returning = returning
        ops = self.connection.ops
        by_attname = {field.attname: field for field in model._meta.concrete_fields}
        self.fields = [by_attname[name] for name in names]
        self.as_json = self.connection.vendor == "postgresql"
        self.converters = [
            _converter(field, self.connection, as_json=self.as_json) for field in self.fields
        ]
        on_conflict = OnConflict.IGNORE if ignore_conflicts else None
        table = ops.quote_name(model._meta.db_table)
        columns = ", ".join(ops.quote_name(field.column) for field in self.fields)
        self.statement = f"{ops.insert_statement(on_conflict=on_conflict)} {table} ({columns})"
        if returning:
            self.suffix = f" RETURNING {table}.{ops.quote_name(model._meta.pk.column)}"
        else:
            self.suffix = " " + (
                ops.on_conflict_suffix_sql(self.fields, on_conflict, None, None) or ""
            )
        # Rows per statement: within the limit of parameters per query, one JSON parameter.
        per_statement = BATCH if self.as_json else _max_parameters(self.connection) // len(names)
        self.size = max(1, min(BATCH, per_statement))
        if self.as_json:
            self.keys = [field.column for field in self.fields]
            self.source = f"SELECT {columns} FROM json_populate_recordset(NULL::{table}, %s)"  # noqa: S608
        else:
            self.placeholders = f"({', '.join(['%s'] * len(self.fields))})"

    def statements(self, rows: Sequence[Sequence[Any]]) -> list[tuple[str, list]]:
        result = []
        for start in range(0, len(rows), self.size):
            chunk = [
                [convert(value) for convert, value in zip(self.converters, row, strict=True)]
                for row in rows[start : start + self.size]
            ]
            if self.as_json:
                objects = [dict(zip(self.keys, row, strict=True)) for row in chunk]
                source = self.source
                params = [json.dumps(objects, default=_json_scalar, allow_nan=False)]
            else:
                source = "VALUES " + ", ".join([self.placeholders] * len(chunk))
                params = [value for row in chunk for value in row]
            result.append((f"{self.statement} {source}{self.suffix}", params))
        return result

    def run(self, statements: list[tuple[str, list]]) -> list[int]:
        if self.returning and not self.connection.features.can_return_rows_from_bulk_insert:
            raise NotSupportedError("INSERT … RETURNING is needed (SQLite ≥ 3.35, PostgreSQL)")
        ids = []
        with self.connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                if self.returning:
                    ids += [pk for (pk,) in cursor.fetchall()]
        return ids


def _max_parameters(connection) -> int:
    """SQLite's own limit (250,000 since 3.32) rather than Django's 999 for older builds:
    fewer statements."""
    connection.ensure_connection()
    if connection.vendor == "sqlite" and hasattr(connection.connection, "getlimit"):
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return connection.features.max_query_params or 999


# Values of these types go to the database as they are, whatever the backend.
_PLAIN = {
    "CharField": str,
    "SlugField": str,
    "TextField": str,
    "FloatField": float,
    "BooleanField": bool,
    "PositiveSmallIntegerField": int,
    "ForeignKey": int,
}


def _converter(field: Field, connection, *, as_json: bool) -> Callable[[Any], Any]:
    prepare = functools.partial(field.get_db_prep_save, connection=connection)
    kind = field.get_internal_type()
    if kind == "JSONField":
        if as_json and field.encoder is None:  # the value itself, in the JSON of the rows
            return lambda value: value
        empty = prepare([])  # most list fields are empty: encode [] once
        return lambda value: empty if value == [] else prepare(value)
    plain = _PLAIN.get(kind)
    if plain is None:
        return lambda value: None if value is None else prepare(value)
    return lambda value: value if value is None or type(value) is plain else prepare(value)


def _json_scalar(value: Any) -> str:
    """The text PostgreSQL reads for a prepared value that JSON has no type for."""
    if isinstance(value, date | time):  # datetime included
        return value.isoformat()
    if isinstance(value, UUID | Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} in a bulk insert")
