"""LaMednum places as a GeoJSON FeatureCollection (what /donnees/lieux.geojson publishes).

Each feature is one place: its properties are named as the LaMednum v1.0.2 columns and hold
the same text as the CSV cells (a list is read as "|"-joined values, a number as its text);
its coordinates come from the Point geometry, which wins over latitude/longitude properties
(a feature without geometry keeps them). Each feature is then checked exactly as a CSV row
(mednum.row_record): required fields, enumerations, patterns, hours, URLs.

Errors are reported per feature and field. The "line" of an error is the feature's number in
`features`, from 1, and its message repeats it ("entité n° 3"); line 0 is the file itself
(not JSON, not a FeatureCollection). Like every import, one bad feature rejects the file.
"""

import json
import math

from placette.places.importers import mednum
from placette.places.importers import mednum_schema as schema
from placette.places.importers.base import Record, RowError

SOURCE = mednum.SOURCE  # our GeoJSON and our CSV carry the same ids: the same places


def parse(text: str) -> tuple[list[Record], list[RowError]]:
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except ValueError as exc:
        return [], [RowError(0, "(fichier)", f"JSON illisible : {exc}")]
    except RecursionError:
        return [], [RowError(0, "(fichier)", "JSON illisible : imbrication trop profonde")]
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        return [], [RowError(0, "type", "un objet GeoJSON « FeatureCollection » est attendu")]
    features = data.get("features")
    if not isinstance(features, list):
        return [], [RowError(0, "features", "une liste d'entités est attendue")]
    records, errors = [], []
    for number, feature in enumerate(features, start=1):
        row, feature_errors = _row(feature, number)
        if row is not None and not feature_errors:
            record, feature_errors = mednum.row_record(row, number)
            if record:
                records.append(record)
        errors.extend(
            RowError(error.line, error.field, f"{error.message} (entité n° {number})")
            for error in feature_errors
        )
    return records, errors


def _row(feature, number: int) -> tuple[dict[str, str] | None, list[RowError]]:
    """The feature as a CSV row (column → stripped text), or the errors of its structure."""

    def error(field: str, message: str) -> tuple[None, list[RowError]]:
        return None, [RowError(number, field, message)]

    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return error("type", "une entité « Feature » est attendue")
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        return error("properties", "un objet est attendu")
    row, errors = {}, []
    for name in schema.COLUMNS:
        value = properties.get(name)
        text = _text(value)
        if text is None:
            errors.append(RowError(number, name, f"valeur inattendue : {value!r}"))
        else:
            row[name] = text
    geometry = feature.get("geometry")
    if geometry is not None:
        point = _point(geometry)
        if point is None:
            errors.append(
                RowError(number, "geometry", "un point [longitude, latitude] est attendu")
            )
        else:
            row["longitude"], row["latitude"] = (repr(float(value)) for value in point)
    return (None, errors) if errors else (row, [])


def _text(value) -> str | None:
    """A property as CSV cell text; None when it cannot be one (an object, a boolean…)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(value) if math.isfinite(value) else None
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return "|".join(item.strip() for item in value)
    return None


def _point(geometry) -> list | None:
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        return None
    coordinates = geometry.get("coordinates")
    if (
        isinstance(coordinates, list)
        and len(coordinates) in {2, 3}
        and all(isinstance(c, int | float) and not isinstance(c, bool) for c in coordinates)
    ):
        return coordinates[:2]
    return None
