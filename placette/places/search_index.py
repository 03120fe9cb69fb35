"""A trigram index of Place.search_text on SQLite, so that text search is not a full scan.

`search_text__contains=word` is `LIKE '%word%'` over every row: about 200 ms at
100 000 places (docs/benchmarks.md). An FTS5 table with the trigram tokenizer answers
the same question from an index: a quoted word is a phrase of consecutive trigrams,
that is exactly "this substring", for words of three characters or more (shorter
words keep the LIKE filter). detail=full (trigram positions) is what allows phrases;
the index weighs about 2.5 times the indexed text.

The table is "external content" over places_place, kept in step by triggers. Triggers
die with their table, and Django's SQLite schema editor rebuilds a table to alter it,
so `ensure()` runs after every `migrate` (post_migrate): it creates what is missing and
then rebuilds the index. PostgreSQL keeps the LIKE filter.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import RawSQL

TABLE = "places_place_search"
MIN_LENGTH = 3
_CREATE = (
    "CREATE VIRTUAL TABLE places_place_search USING fts5("
    "search_text, content='places_place', content_rowid='id', tokenize='trigram')"
)
_DELETE = (
    "INSERT INTO places_place_search(places_place_search, rowid, search_text)"
    " VALUES ('delete', old.id, old.search_text);"
)
_INSERT = "INSERT INTO places_place_search(rowid, search_text) VALUES (new.id, new.search_text);"
_TRIGGERS = {
    "places_place_search_insert": f"AFTER INSERT ON places_place BEGIN {_INSERT} END",
    "places_place_search_delete": f"AFTER DELETE ON places_place BEGIN {_DELETE} END",
    "places_place_search_update": (
        f"AFTER UPDATE OF search_text ON places_place BEGIN {_DELETE} {_INSERT} END"
    ),
}
_REBUILD = "INSERT INTO places_place_search(places_place_search) VALUES ('rebuild')"
_MATCH = "SELECT rowid FROM places_place_search WHERE places_place_search MATCH %s"
_ADD = "INSERT INTO places_place_search(rowid, search_text) VALUES "
BULK_FROM = 1000  # records of an import from which its new places are indexed in bulk
_available: dict[tuple[str, str], bool] = {}


def _supported(connection: BaseDatabaseWrapper) -> bool:
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        try:
            cursor.execute(
                "CREATE VIRTUAL TABLE temp.placette_probe USING fts5(x, tokenize='trigram')"
            )
        except DatabaseError:  # no FTS5, or SQLite older than 3.34 (no trigram tokenizer)
            return False
        cursor.execute("DROP TABLE temp.placette_probe")
    return True


def ensure(using: str = "default") -> bool:
    """Create the index and its triggers where missing (then fill it). True if it exists."""
    connection = connections[using]
    _available.clear()
    if not _supported(connection):
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        existing = {name for (name,) in cursor.fetchall()}
        if "places_place" not in existing:
            return False
        missing = [name for name in (TABLE, *_TRIGGERS) if name not in existing]
        if TABLE in missing:
            cursor.execute(_CREATE)
        for name in missing:
            if name in _TRIGGERS:
                cursor.execute(f"CREATE TRIGGER {name} {_TRIGGERS[name]}")
        if missing:
            cursor.execute(_REBUILD)
    return True


def on_post_migrate(sender, using: str = "default", **kwargs) -> None:
    ensure(using)


def available(using: str) -> bool:
    """Whether the database `using` has the index (looked up once per database)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    key = (using, str(connection.settings_dict["NAME"]))
    if key not in _available:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [TABLE]
            )
            _available[key] = cursor.fetchone() is not None
    return _available[key]


def matching_ids(words: list[str]) -> RawSQL:
    """Ids of the places whose search_text contains every word or phrase (folded, 3+
    characters; "saint etienne" is one substring)."""
    # Folded words and phrases are [0-9a-z ]+, so quoting them cannot change the query's syntax.
    phrases = " ".join(f'"{word}"' for word in words)
    return RawSQL(_MATCH, [phrases])  # noqa: S611 (constant SQL, the words are a parameter)


class BulkIndex:
    """Where an import reports the places it inserts (see indexing_in_bulk)."""

    def __init__(self, using: str, suspended: bool):
        self.using = using
        self.suspended = suspended

    def add(self, rows: list[tuple[int, str]]) -> None:
        """Index new places, (id, search_text), if the insert trigger is suspended."""
        if not self.suspended:
            return
        with connections[self.using].cursor() as cursor:
            for start in range(0, len(rows), 400):  # 800 parameters: under any SQLite's limit
                chunk = rows[start : start + 400]
                values = ", ".join(["(%s, %s)"] * len(chunk))
                cursor.execute(_ADD + values, [value for row in chunk for value in row])


@contextmanager
def indexing_in_bulk(using: str, *, many: bool) -> Iterator[BulkIndex]:
    """For an import of `many` places, in a transaction, on SQLite: the insert trigger is
    dropped meanwhile and the new places are indexed with BulkIndex.add, a statement per
    batch rather than a trigger run per row (3–4 s less for 20,000 places, docs/benchmarks.md).
    The trigger is created again before the transaction ends, so no other connection sees the
    table without it (DDL is transactional in SQLite; a rollback undoes the drop as well).
    Updates and deletes keep their triggers."""
    connection = connections[using]
    name = "places_place_search_insert"
    suspended = False
    if many and connection.in_atomic_block and available(using):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type='trigger' AND name=%s", [name])
            if cursor.fetchone():  # a lost trigger stays lost until ensure() (and its rebuild)
                cursor.execute(f"DROP TRIGGER {name}")
                suspended = True
    try:
        yield BulkIndex(using, suspended)
    finally:
        if suspended:
            with connection.cursor() as cursor:
                cursor.execute(f"CREATE TRIGGER {name} {_TRIGGERS[name]}")
