"""Reads of the open data: the places an export holds, and what the /donnees/ page counts."""

import hashlib
import json
from collections import namedtuple
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import islice

from django.db import connections
from django.db.models import Count, JSONField, Max, QuerySet, Sum, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from placette.opendata import lamednum
from placette.places import queries as places
from placette.places.models import Place
from placette.sources.models import DataSource

CHUNK = 250  # places per chunk of an export (see chunks())
FETCH = 2000  # rows per read from the database (a round trip on PostgreSQL)

# Why a place is left out of the files: the required column it cannot fill.
MISSING_LABELS = {
    "nom": _("le nom"),
    "commune": _("la commune"),
    "adresse": _("l'adresse"),
    "code_postal": _("un code postal à 5 chiffres"),
}


# What an export reads of a place: the columns a row needs, as attributes (like a Place).
ExportedPlace = namedtuple("ExportedPlace", ["pk", *lamednum.FIELDS])
Tags = dict[str, list[str]]  # kind → codes
_JSON_FIELDS = {
    name for name in lamednum.FIELDS if isinstance(Place._meta.get_field(name), JSONField)
}
_EMPTY_JSON = {None, "", "[]", "null"}


def exported(filters: places.PlaceFilters) -> QuerySet[Place]:
    """The published places matching the directory's filters that the standard can carry,
    in a stable order (name, then id)."""
    matching = places.apply(places.published(), filters).exclude(lamednum.CANNOT_EXPORT)
    return matching.order_by("name", "id")


# Bump when the files' content changes for the same places (a new column, a new rule):
# caches holding the old ETag then download again.
FORMAT_VERSION = "2"


@dataclass(frozen=True)
class Version:
    etag: str
    last_modified: datetime | None


def version(filters: places.PlaceFilters, *, kind: str) -> Version:
    """What identifies the export's content, from two aggregate queries (not by writing the
    file). ETag: the places' count, ids and latest update, and the filters (a place's tags
    and fields change its `updated_at`; deleting it, the count and ids). Last-Modified: the
    latest update of any place, so that unpublishing one counts too (a deletion is seen by
    the ETag only)."""
    stats = (
        exported(filters)
        .order_by()
        .aggregate(n=Count("id"), ids=Sum("id"), latest=Max("updated_at"))
    )
    parts = [FORMAT_VERSION, kind, filters.querystring(), *map(str, stats.values())]
    etag = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    latest = Place.objects.aggregate(latest=Max("updated_at"))["latest"]
    return Version(etag=etag, last_modified=latest)


def chunks(
    queryset: QuerySet[Place], size: int | None = None
) -> Iterator[list[tuple[ExportedPlace, Tags]]]:
    """(place, tags) in lists of `size` (CHUNK), from one query read FETCH rows at a time (a
    server-side cursor on PostgreSQL), so memory does not grow with the number of places.

    For speed (docs/benchmarks.md, "Open data"): plain rows rather than model instances with
    prefetch_related (a third of the time); list fields read as JSON text and decoded only
    when not empty (most are); each place's tags joined into one text by the database, in
    the same query (a query per chunk of 250 places cost a fifth of the export); small
    chunks, so that fewer objects live at once and the garbage collector has less to do."""
    size = size or CHUNK
    vendor = connections[queryset.db].vendor
    rows = (
        queryset.annotate(
            **{_as_text(name): Cast(name, TextField()) for name in _JSON_FIELDS},
            tags_as_text=RawSQL(_TAGS_SQL.format(_JOINED[vendor]), ()),  # noqa: S611 (constant)
        )
        .values_list(
            "pk",
            *(_as_text(n) if n in _JSON_FIELDS else n for n in lamednum.FIELDS),
            "tags_as_text",
        )
        .iterator(chunk_size=max(size, FETCH))
    )
    positions = [i for i, name in enumerate(ExportedPlace._fields) if name in _JSON_FIELDS]
    make, decode = ExportedPlace._make, json.JSONDecoder().raw_decode
    while batch := list(islice(rows, size)):
        chunk = []
        for row in batch:
            values = list(row)
            for i in positions:
                text = values[i]
                values[i] = [] if text in _EMPTY_JSON else decode(text)[0]
            tags: Tags = {}
            if joined := values.pop():
                for pair in joined.split(","):
                    kind, code = pair.split(" ", 1)
                    tags.setdefault(kind, []).append(code)
            chunk.append((make(values), tags))
        yield chunk


# A place's tags as "kind code,kind code…" (codes are vocabulary slugs: no space, no comma).
_TAGS_SQL = "SELECT {} FROM places_placetag WHERE places_placetag.place_id = places_place.id"
_JOINED = {
    "sqlite": "GROUP_CONCAT(kind || ' ' || code, ',')",
    "postgresql": "STRING_AGG(kind || ' ' || code, ',')",
}


def _as_text(name: str) -> str:
    return f"{name}_as_text"


@dataclass(frozen=True)
class Missing:
    column: str
    label: str
    places: int


@dataclass(frozen=True)
class Credit:
    """A source of the published places, with what its licence asks us to say."""

    slug: str
    label: str
    licence: str
    licence_url: str
    url: str
    places: int


@dataclass(frozen=True)
class Overview:
    published: int
    exported: int
    left_out: int
    missing: list[Missing]  # a place may lack several values
    last_update: datetime | None
    own_places: int  # exported places created here rather than imported
    credits: list[Credit]


def overview() -> Overview:
    published = places.published()
    counts = published.aggregate(
        published=Count("pk"),
        left_out=Count("pk", filter=lamednum.CANNOT_EXPORT),
        last_update=Max("updated_at"),
        **{column: Count("pk", filter=q) for column, q in lamednum.MISSING.items()},
    )
    by_source = dict(
        published.exclude(lamednum.CANNOT_EXPORT)
        .values_list("source")
        .annotate(n=Count("*"))
        .order_by()
    )
    return Overview(
        published=counts["published"],
        exported=counts["published"] - counts["left_out"],
        left_out=counts["left_out"],
        missing=[
            Missing(column, str(label), counts[column])
            for column, label in MISSING_LABELS.items()
            if counts[column]
        ],
        last_update=counts["last_update"],
        own_places=by_source.pop("", 0),
        credits=credits(by_source),
    )


def credits(places_by_source: dict[str, int]) -> list[Credit]:
    """Each source's credit; a source never recorded as a DataSource shows its slug."""
    known = {source.slug: source for source in DataSource.objects.filter(slug__in=places_by_source)}
    result = []
    for slug, count in places_by_source.items():
        source = known.get(slug)
        result.append(
            Credit(
                slug=slug,
                label=source.label if source else slug,
                licence=source.licence if source else "",
                licence_url=source.licence_url if source else "",
                url=source.url if source else "",
                places=count,
            )
        )
    return sorted(result, key=lambda credit: credit.label.lower())
