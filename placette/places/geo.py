"""Map data: places in a bounding box as GeoJSON, clustered on the server at low zoom.

Clusters are cells of a grid whose size follows the zoom (about CLUSTER_PX screen
pixels), counted in SQL, so the payload stays small whatever the number of places.
"""

from dataclasses import dataclass

from django.db.models import Avg, Count, F, FloatField, IntegerField, Min, QuerySet
from django.db.models.functions import Floor
from django.urls import reverse

from placette.places import vocab
from placette.places.models import Place, PlaceTag

CLUSTER_PX = 60
CLUSTER_MAX_ZOOM = 12  # above it, each place is its own feature…
MAX_POINTS = 3000  # …unless the box holds more than this, then cells stay clustered.
MAX_ZOOM = 20


class BadRequest(ValueError):
    pass


@dataclass(frozen=True)
class BBox:
    west: float
    south: float
    east: float
    north: float

    @classmethod
    def parse(cls, raw: str) -> "BBox":
        try:
            west, south, east, north = (float(part) for part in raw.split(","))
        except ValueError:
            raise BadRequest(
                "bbox doit valoir « ouest,sud,est,nord » en degrés décimaux."
            ) from None
        if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
            raise BadRequest("bbox hors des limites du globe (ou sud > nord).")
        return cls(west, south, east, north)

    def filter(self, queryset: QuerySet[Place]) -> QuerySet[Place]:
        queryset = queryset.filter(latitude__gte=self.south, latitude__lte=self.north)
        if self.west <= self.east:
            return queryset.filter(longitude__gte=self.west, longitude__lte=self.east)
        # The box crosses the antimeridian.
        return queryset.exclude(longitude__gt=self.east, longitude__lt=self.west)


def parse_zoom(raw: str | None) -> int:
    try:
        zoom = int(raw or "")
    except ValueError:
        raise BadRequest("zoom doit être un entier de 0 à 20.") from None
    if not 0 <= zoom <= MAX_ZOOM:
        raise BadRequest("zoom doit être un entier de 0 à 20.")
    return zoom


def cell_size(zoom: int) -> float:
    """Degrees covered by CLUSTER_PX pixels at this zoom (256-pixel tiles)."""
    return CLUSTER_PX * 360 / (256 * 2**zoom)


def feature_collection(queryset: QuerySet[Place], *, bbox: BBox, zoom: int) -> dict:
    in_box = bbox.filter(queryset)
    if zoom > CLUSTER_MAX_ZOOM and in_box.count() <= MAX_POINTS:
        features = _place_features(in_box)
    else:
        features = _cluster_features(in_box, zoom)
    return {
        "type": "FeatureCollection",
        "features": features,
        "total": sum(feature["properties"]["count"] for feature in features),
    }


class CellIndex(Floor):
    """FLOOR of a non-negative number (coordinates are shifted by +180 and +90 first).

    On SQLite, CAST AS INTEGER (a truncation, so the same value for x >= 0) is a bytecode
    instruction while FLOOR is a function call: a third less time for France at zoom 5.
    PostgreSQL keeps FLOOR, since its CAST rounds.
    """

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="CAST(%(expressions)s AS INTEGER)", **extra_context
        )


def _cluster_features(in_box: QuerySet[Place], zoom: int) -> list[dict]:
    size = cell_size(zoom)
    cells = (
        in_box.annotate(
            cx=CellIndex((F("longitude") + 180.0) / size),
            cy=CellIndex((F("latitude") + 90.0) / size),
        )
        .values("cx", "cy")
        .annotate(
            n=Count("pk"),
            lat=Avg("latitude", output_field=FloatField()),
            lon=Avg("longitude", output_field=FloatField()),
            first=Min("pk"),
        )
        .order_by()
    )
    cells = _merge_close(list(cells), size)
    singles = {cell["first"] for cell in cells if cell["n"] == 1}
    places = {}
    if singles:
        places = {
            feature["id"]: feature for feature in _place_features(in_box.filter(pk__in=singles))
        }
    features = []
    for cell in cells:
        if cell["n"] == 1 and cell["first"] in places:
            features.append(places[cell["first"]])
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(cell["lon"], 5), round(cell["lat"], 5)],
                },
                "properties": {"cluster": True, "count": cell["n"]},
            }
        )
    return features


def _merge_close(cells: list[dict], size: float) -> list[dict]:
    """Neighbouring cells whose centres lie within half a cell are drawn as one cluster.

    A grid cuts groups at arbitrary lines, so two markers of adjacent cells can overlap.
    Largest first, each cell joins a kept neighbour (of its 8) that close, or is kept:
    counts are summed, so they still add up to the places in the box.
    """
    kept: dict[tuple[int, int], dict] = {}
    for cell in sorted(cells, key=lambda c: (-c["n"], c["cx"], c["cy"])):
        near = (
            other
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            if (other := kept.get((cell["cx"] + dx, cell["cy"] + dy)))
            and abs(other["lon"] - cell["lon"]) < size / 2
            and abs(other["lat"] - cell["lat"]) < size / 2
        )
        target = next(near, None)
        if target is None:
            kept[cell["cx"], cell["cy"]] = dict(cell)
            continue
        total = target["n"] + cell["n"]
        for axis in ("lat", "lon"):
            target[axis] = (target[axis] * target["n"] + cell[axis] * cell["n"]) / total
        target["n"] = total
    return list(kept.values())


def _place_features(queryset: QuerySet[Place]) -> list[dict]:
    rows = list(queryset.values_list("pk", "name", "slug", "latitude", "longitude").order_by())
    families: dict[int, list[str]] = {}
    tag_rows = PlaceTag.objects.filter(
        kind=PlaceTag.Kind.FAMILY, place__in=queryset.values("pk")
    ).values_list("place_id", "code")
    for place_id, code in tag_rows:
        families.setdefault(place_id, []).append(code)
    detail = reverse("places:detail", kwargs={"slug": "__slug__"})
    return [
        {
            "type": "Feature",
            "id": pk,
            "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
            "properties": {
                "count": 1,
                "name": name,
                "url": detail.replace("__slug__", slug),
                "families": vocab.labels(vocab.Family, sorted(families.get(pk, []))),
            },
        }
        for pk, name, slug, lat, lon in rows
    ]
