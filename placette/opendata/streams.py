"""The export files, written chunk by chunk while the response streams, and their names."""

import csv
import json
import re
from collections.abc import Iterator
from datetime import date, tzinfo

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from placette.core.spreadsheets import safe_cell
from placette.opendata import lamednum, queries
from placette.places import territories
from placette.places.models import Place
from placette.places.queries import PlaceFilters

# The standard's file name: YYYY-MM-DD_<SIRET|RNA>_lieux-de-mediation-numerique_<Territoire>.csv
FILE_NAME = "{day:%Y-%m-%d}_{publisher}_lieux-de-mediation-numerique_{territory}.{extension}"
BOM = "\ufeff"
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_NOT_IN_NAME = re.compile(r"[\W_]+")  # the name keeps letters, digits and "-"


class _Echo:
    """The file of a csv.writer whose writerow() returns the line instead of storing it."""

    def write(self, value: str) -> str:
        return value


def csv_text(places: QuerySet[Place]) -> Iterator[str]:
    """The LaMednum CSV: a BOM and the header, then one string per chunk of places. The
    standard allows UTF-8 with or without BOM; with it, a spreadsheet reads the accents
    right (without, Excel takes the file for Windows-1252)."""
    writer = csv.writer(_Echo())
    site_name, tz = settings.SITE_NAME, timezone.get_current_timezone()
    yield BOM + writer.writerow(lamednum.COLUMNS)
    for chunk in queries.chunks(places):
        yield "".join(
            writer.writerow(_safe(lamednum.row(place, site_name=site_name, tags=tags, tz=tz)))
            for place, tags in chunk
        )


def _safe(row: dict[str, str]) -> list[str]:
    """The row's values, free text made formula-safe (typed and patterned columns unchanged)."""
    for name in lamednum.FREE_TEXT:
        row[name] = safe_cell(row[name])
    return list(row.values())


def geojson_text(places: QuerySet[Place]) -> Iterator[str]:
    """A GeoJSON FeatureCollection: one Point feature per place (no geometry if the place has
    no position), its properties the LaMednum columns with the same values as the CSV."""
    site_name, tz = settings.SITE_NAME, timezone.get_current_timezone()
    yield '{"type":"FeatureCollection","features":['
    separator = "\n"
    for chunk in queries.chunks(places):
        features = (
            _JSON.encode(feature(place, tags, site_name=site_name, tz=tz)) for place, tags in chunk
        )
        yield separator + ",\n".join(features)
        separator = ",\n"
    yield "\n]}\n"


def feature(
    place: queries.ExportedPlace, tags: queries.Tags, *, site_name: str, tz: tzinfo | None = None
) -> dict:
    properties = lamednum.row(place, site_name=site_name, tags=tags, tz=tz)
    geometry = None
    if properties["latitude"]:
        geometry = {"type": "Point", "coordinates": [place.longitude, place.latitude]}
    return {
        "type": "Feature",
        "id": properties["id"],
        "geometry": geometry,
        "properties": properties,
    }


def publisher_id() -> str:
    """Our SIRET or RNA (setting PLACETTE_PUBLISHER_ID), else the standard's "unknown"."""
    value = getattr(settings, "PLACETTE_PUBLISHER_ID", "") or ""
    return value if re.fullmatch(r"[a-zA-Z0-9]{9,14}", value) else lamednum.UNKNOWN_PIVOT


def territory(filters: PlaceFilters) -> str:
    """The territory an export covers, for its file name: the commune, département or région
    filtered on, else France."""
    if filters.commune:
        name = filters.commune
    elif filters.departement:
        name = territories.DEPARTEMENTS[filters.departement][0]
    elif filters.region:
        name = territories.REGIONS[filters.region]
    else:
        return "France"
    return _NOT_IN_NAME.sub("-", name).strip("-")[:60] or "France"


def file_name(filters: PlaceFilters, *, extension: str, day: date) -> str:
    return FILE_NAME.format(
        day=day, publisher=publisher_id(), territory=territory(filters), extension=extension
    )
