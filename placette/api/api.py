"""The JSON API, version 1 (django-ninja): published places, with the directory's filters.

Everything under /api/v1/ answers in French (labels of the vocabularies, messages), whatever
the language of the site chosen by the client: one body per URL, simple to cache.
"""

import json
from functools import cache, wraps
from math import ceil
from typing import Annotated
from uuid import UUID

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Max, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.gzip import gzip_page
from ninja import NinjaAPI, Path, Query, Status
from ninja.decorators import decorate_view
from ninja.errors import ValidationError

from placette.api import caching, params
from placette.api.event_schemas import EventOut, EventPage, event_data
from placette.api.ratelimit import describe_rate, rate_limited
from placette.api.schemas import Error, PlaceOut, PlacePage, ValidationProblem, place_data
from placette.events import queries as event_queries
from placette.places import geo, queries
from placette.places.views import directory

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
PageNumber = Annotated[int, Query(ge=1, description=gettext_lazy("Numéro de page, à partir de 1."))]
PageSize = Annotated[
    int,
    Query(
        ge=1, le=MAX_PAGE_SIZE, description=gettext_lazy("Nombre de lieux par page (100 au plus).")
    ),
]
PlaceUid = Annotated[UUID, Path(description=gettext_lazy("Identifiant stable du lieu (uid)."))]


def in_french(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            response = view(request, *args, **kwargs)
        response["Content-Language"] = settings.LANGUAGE_CODE
        return response

    return wrapper


class PlacetteAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        # Paths relative to the server, itself an absolute path on whatever host serves the site.
        schema = super().get_openapi_schema(path_prefix="", path_params=path_params)
        schema["servers"] = [{"url": self.get_root_path(path_params or {}).rstrip("/")}]
        schema["info"]["description"] = _(
            "Les tiers-lieux publiés dans l'annuaire, avec les mêmes filtres que la liste et la "
            "carte du site. Lecture seule, sans clé ni inscription, depuis n'importe quel site "
            "(CORS). Réponses en français, mises en cache %(max_age)s secondes, avec ETag et "
            "Last-Modified pour les requêtes conditionnelles. Limite : %(rate)s par adresse IP. "
            "Données sous Licence Ouverte 2.0 (Etalab) : citez la source."
        ) % {"max_age": caching.MAX_AGE, "rate": describe_rate(settings.PLACETTE_API_RATE)}
        schema["info"]["description"] += " " + _(
            "Aussi les événements publics de l'agenda (/events), sans rien des personnes inscrites."
        )
        return schema


api = PlacetteAPI(
    title="Placette",
    version="1",
    # No Swagger UI: it loads from a CDN, which the Content-Security-Policy forbids. The
    # documentation page (/api/) is rendered on the server from the same OpenAPI document.
    docs_url=None,
    docs_decorator=in_french,
    urls_namespace="api:v1",  # mounted at v1/ by placette.api.urls (app "api")
    openapi_extra={
        "info": {"license": {"name": "Licence Ouverte 2.0", "identifier": "etalab-2.0"}}
    },
)

LIMITED = {
    "description": gettext_lazy("Trop de requêtes depuis cette adresse IP."),
    "headers": {
        "Retry-After": {
            "description": gettext_lazy("Secondes à attendre avant de réessayer."),
            "required": True,
            "schema": {"type": "integer", "minimum": 1},
        }
    },
}
VALIDATORS = {
    "ETag": {
        "description": gettext_lazy("Version de la réponse, pour If-None-Match."),
        "required": True,
        "schema": {"type": "string"},
    },
    "Last-Modified": {
        "description": gettext_lazy(
            "Dernière modification des lieux de la réponse, pour If-Modified-Since (absent avec "
            "le filtre « ouvert », qui change avec l'heure)."
        ),
        "schema": {"type": "string"},
    },
    "Cache-Control": {"required": True, "schema": {"type": "string"}},
}
# French descriptions of the statuses (django-ninja writes the English reason phrases).
STATUSES = {
    200: {"description": gettext_lazy("Succès."), "headers": VALIDATORS},
    304: {
        "description": gettext_lazy("Non modifié depuis la version qu'a le client (ETag ou date).")
    },
    404: {"description": gettext_lazy("Introuvable.")},
    422: {"description": gettext_lazy("Paramètres invalides.")},
    429: LIMITED,
}


@cache
def representation() -> str:
    """A digest of the JSON shape of a place, in ETags: a new field changes every ETag."""
    with translation.override(settings.LANGUAGE_CODE):
        shape = json.dumps(PlaceOut.model_json_schema(), cls=DjangoJSONEncoder, sort_keys=True)
    return caching.etag(shape)


@api.get(
    "/places",
    response={200: PlacePage, 304: None, 404: Error, 422: ValidationProblem, 429: Error},
    operation_id="listPlaces",
    summary=gettext_lazy("Lieux publiés, filtrés et paginés"),
    description=gettext_lazy(
        "Les lieux publiés qui correspondent à tous les filtres donnés, par pages, dans un ordre "
        "stable (par nom, sauf si « tri » en demande un autre). Les filtres sont ceux de la page "
        "des lieux ; une valeur que ce document ne permet pas répond 422, avec la raison. Une "
        "page au-delà de la dernière répond 404."
    ),
    tags=["lieux"],
    openapi_extra={
        "parameters": params.filter_parameters(),
        "responses": STATUSES,
    },
)
@decorate_view(rate_limited, gzip_page, in_french)
def list_places(
    request: HttpRequest,
    response: HttpResponse,
    page: PageNumber = 1,
    par_page: PageSize = DEFAULT_PAGE_SIZE,
):
    params.validate(queries.PlaceFilters, request.GET)
    filters = queries.PlaceFilters.from_query(request.GET)
    matching = queries.search(filters)
    # One query gives the total and the validators; the page and its tags are two more.
    summary = matching.aggregate(count=Count("pk"), latest=Max("updated_at"))
    count, latest = summary["count"], summary["latest"]
    pages = max(1, ceil(count / par_page))
    if page > pages:
        message = _("Il n'y a pas de page %(page)s : la dernière est la page %(pages)s.")
        return Status(404, {"detail": message % {"page": page, "pages": pages}})
    # "Ouvert en ce moment" changes with the clock, not with the data: one version a minute.
    minute = timezone.now().replace(second=0, microsecond=0) if filters.open_now else None
    # The body depends on the URL (filters, page, links) and on the matching places.
    tag = caching.etag(representation(), request.build_absolute_uri(), count, latest, minute)
    last_modified = None if filters.open_now else latest
    unchanged = caching.not_modified(request, response, tag=tag, last_modified=last_modified)
    if unchanged:
        return unchanged
    start = (page - 1) * par_page
    places = queries.with_tags(matching)[start : start + par_page]
    # Validated here by pydantic, which django-ninja then does not repeat (five times slower).
    return PlacePage.model_validate(
        {
            "count": count,
            "page": page,
            "pages": pages,
            "page_size": par_page,
            "next": _page_url(request, page + 1) if page < pages else None,
            "previous": _page_url(request, page - 1) if page > 1 else None,
            "results": [
                place_data(place, url=request.build_absolute_uri(place.get_absolute_url()))
                for place in places
            ],
        }
    )


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@api.get(
    "/places/{uid}",
    response={200: PlaceOut, 304: None, 404: Error, 422: ValidationProblem, 429: Error},
    operation_id="getPlace",
    summary=gettext_lazy("Un lieu publié"),
    description=gettext_lazy(
        "Un lieu par son identifiant stable (uid). Un lieu inconnu ou retiré de l'annuaire "
        "répond 404."
    ),
    tags=["lieux"],
    openapi_extra={"responses": STATUSES},
)
@decorate_view(rate_limited, gzip_page, in_french)
def get_place(
    request: HttpRequest,
    response: HttpResponse,
    uid: PlaceUid,
):
    place = queries.published().filter(uid=uid).first()
    if place is None:
        return Status(404, {"detail": _("Aucun lieu publié n'a cet identifiant.")})
    url = request.build_absolute_uri(place.get_absolute_url())
    tag = caching.etag(representation(), url, place.uid, place.updated_at)
    unchanged = caching.not_modified(request, response, tag=tag, last_modified=place.updated_at)
    if unchanged:
        return unchanged
    prefetch_related_objects([place], "tags")
    return PlaceOut.model_validate(place_data(place, url=url))


# --- The agenda ------------------------------------------------------------------------------

EVENT_STATUSES = {
    200: {
        "description": gettext_lazy("Succès."),
        "headers": {"Cache-Control": VALIDATORS["Cache-Control"]},
    },
    404: {"description": gettext_lazy("Introuvable.")},
    422: {"description": gettext_lazy("Paramètres invalides.")},
    429: LIMITED,
}
EventUid = Annotated[
    UUID, Path(description=gettext_lazy("Identifiant stable de l'événement (uid)."))
]
EventPageSize = Annotated[
    int,
    Query(
        ge=1,
        le=MAX_PAGE_SIZE,
        description=gettext_lazy("Nombre d'événements par page (100 au plus)."),
    ),
]


@api.get(
    "/events",
    response={200: EventPage, 404: Error, 422: ValidationProblem, 429: Error},
    operation_id="listEvents",
    summary=gettext_lazy("Événements publiés, filtrés et paginés"),
    description=gettext_lazy(
        "Les événements publics de l'agenda (publiés, annulés ou reportés ; jamais les "
        "brouillons) dont une date correspond à tous les filtres, par leur première date, "
        "avec ces dates. Sans « du », seulement les dates à venir. Les filtres sont ceux de "
        "l'agenda, plus la région et la commune ; une valeur que ce document ne permet pas "
        "répond 422, avec la raison. Une page au-delà de la dernière répond 404."
    ),
    tags=["agenda"],
    openapi_extra={
        "parameters": params.parameters(params.EVENTS),
        "responses": EVENT_STATUSES,
    },
)
@decorate_view(rate_limited, gzip_page, in_french)
def list_events(
    request: HttpRequest,
    response: HttpResponse,
    page: PageNumber = 1,
    par_page: EventPageSize = DEFAULT_PAGE_SIZE,
):
    params.validate(event_queries.EventFilters, request.GET)
    filters = event_queries.EventFilters.from_query(request.GET)
    dates = event_queries.matching(filters)
    events = event_queries.events_of(dates)
    count = events.count()
    pages = max(1, ceil(count / par_page))
    if page > pages:
        message = _("Il n'y a pas de page %(page)s : la dernière est la page %(pages)s.")
        return Status(404, {"detail": message % {"page": page, "pages": pages}})
    patch_cache_control(response, public=True, max_age=caching.MAX_AGE)
    start = (page - 1) * par_page
    chosen = list(events[start : start + par_page])
    by_event = event_queries.dates_of(chosen, dates)
    absolute = request.build_absolute_uri
    return EventPage.model_validate(
        {
            "count": count,
            "page": page,
            "pages": pages,
            "page_size": par_page,
            "next": _page_url(request, page + 1) if page < pages else None,
            "previous": _page_url(request, page - 1) if page > 1 else None,
            "results": [
                event_data(event, by_event[event.pk], absolute=absolute) for event in chosen
            ],
        }
    )


@api.get(
    "/events/{uid}",
    response={200: EventOut, 404: Error, 422: ValidationProblem, 429: Error},
    operation_id="getEvent",
    summary=gettext_lazy("Un événement publié"),
    description=gettext_lazy(
        "Un événement public par son identifiant stable (uid), avec toutes ses dates, passées "
        "comprises. Un brouillon ou un événement inconnu répond 404."
    ),
    tags=["agenda"],
    openapi_extra={"responses": EVENT_STATUSES},
)
@decorate_view(rate_limited, gzip_page, in_french)
def get_event(request: HttpRequest, response: HttpResponse, uid: EventUid):
    event = event_queries.public_events().filter(uid=uid).select_related("place").first()
    if event is None:
        return Status(404, {"detail": _("Aucun événement publié n'a cet identifiant.")})
    patch_cache_control(response, public=True, max_age=caching.MAX_AGE)
    dates = event_queries.items(event_queries.event_dates(event))
    return EventOut.model_validate(event_data(event, dates, absolute=request.build_absolute_uri))


DEGREES = r"-?[0-9]{1,3}(\.[0-9]+)?"
MAP_PARAMETERS = [
    {
        "in": "query",
        "name": "bbox",
        "required": False,
        "description": gettext_lazy(
            "Rectangle de la carte : « ouest,sud,est,nord » en degrés (longitudes de -180 à "
            "180, latitudes de -90 à 90). Par défaut, le monde entier."
        ),
        "schema": {"type": "string", "pattern": rf"^{DEGREES}(,{DEGREES}){{3}}$"},
        "example": "-5.5,41.2,9.8,51.2",
    },
    {
        "in": "query",
        "name": "zoom",
        "required": False,
        "description": gettext_lazy("Niveau de zoom de la carte, de 0 à 20 (par défaut 5)."),
        "schema": {"type": "integer", "minimum": 0, "maximum": geo.MAX_ZOOM},
    },
]
FEATURES = {
    "type": "object",
    "required": ["type", "features", "total"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {"type": "array", "items": {"type": "object"}},
        "total": {"type": "integer", "minimum": 0},
    },
}


@api.get(
    "/places.geojson",
    operation_id="mapPlaces",
    summary=gettext_lazy("Les lieux sur une carte (GeoJSON)"),
    description=gettext_lazy(
        "Ce que montre la carte du site : les lieux publiés d'un rectangle, regroupés par "
        "cellules aux petits zooms (chaque point porte alors « count ») et un par un aux grands "
        "zooms. Accepte aussi les filtres de la liste des lieux, lus comme sur la carte : une "
        "valeur inconnue y est ignorée. Un rectangle ou un zoom invalide répond 400."
    ),
    tags=["lieux"],
    openapi_extra={
        "parameters": MAP_PARAMETERS,
        "responses": {
            200: {
                "description": gettext_lazy("Une collection d'entités GeoJSON (RFC 7946)."),
                "content": {"application/geo+json": {"schema": FEATURES}},
            },
            400: {
                "description": gettext_lazy("Rectangle ou zoom invalide."),
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["error"],
                            "properties": {"error": {"type": "string"}},
                        }
                    }
                },
            },
        },
    },
)
def map_places(request: HttpRequest):
    # The map's own view (the places app), documented here; the site's map pages call it too.
    return directory.places_geojson(request)


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc: ValidationError):
    problem = {
        "detail": _("Paramètres invalides : voyez la documentation de l'API."),
        "errors": [
            {"loc": list(error["loc"]), "msg": error["msg"], "type": error["type"]}
            for error in exc.errors
        ],
    }
    return api.create_response(request, problem, status=422)
