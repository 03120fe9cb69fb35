from collections.abc import Callable, Iterator

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import condition, require_GET

from placette.opendata import queries, streams
from placette.places import territories, vocab
from placette.places.queries import PlaceFilters

EXAMPLE_FILTERS = ["departement=35", "famille=fablab&region=84"]


@require_GET
def index(request):
    csv_url = reverse("opendata:places_csv")
    context = {
        "overview": queries.overview(),
        "csv_name": streams.file_name(PlaceFilters(), extension="csv", day=timezone.localdate()),
        "examples": [f"{csv_url}?{query}" for query in EXAMPLE_FILTERS],
        "families": vocab.Family.choices,
        "regions": sorted(territories.REGIONS.items(), key=lambda item: item[1]),
        "departements": sorted(
            ((code, territories.departement_label(code)) for code in territories.DEPARTEMENTS),
            key=lambda item: item[1],
        ),
    }
    return render(request, "opendata/index.html", context)


def _export(
    request, *, text: Callable[..., Iterator[str]], content_type: str, extension: str
) -> StreamingHttpResponse:
    filters = PlaceFilters.from_query(request.GET)
    response = StreamingHttpResponse(text(queries.exported(filters)), content_type=content_type)
    name = streams.file_name(filters, extension=extension, day=timezone.localdate())
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "public, max-age=300"
    return response


def _version(request) -> queries.Version:
    """The export's version, computed once per request (the ETag and Last-Modified share it)."""
    if not hasattr(request, "_export_version"):
        filters = PlaceFilters.from_query(request.GET)
        request._export_version = queries.version(filters, kind=request.path)
    return request._export_version


# Harvesters and spreadsheets poll the files: a conditional GET (If-None-Match or
# If-Modified-Since) is answered 304 from one aggregate query, without writing the file.
conditional = condition(
    etag_func=lambda request: _version(request).etag,
    last_modified_func=lambda request: _version(request).last_modified,
)


@require_GET
@gzip_page  # public data, no secret in it: safe to compress (and makes the ETag weak)
@conditional
def places_csv(request):
    return _export(
        request, text=streams.csv_text, content_type="text/csv; charset=utf-8", extension="csv"
    )


@require_GET
@gzip_page
@conditional
def places_geojson(request):
    return _export(
        request,
        text=streams.geojson_text,
        content_type="application/geo+json",
        extension="geojson",
    )
