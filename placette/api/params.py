"""The lists' query parameters, described for the OpenAPI document and checked by the API.

One list per operation: every field of a list's filters (queries.PlaceFilters for the places,
events.queries.EventFilters for the events) under its query-string name, so a filter added to
a list is taken, documented and checked by the API without a change here. The API refuses
(422) a value its document forbids (the document's parameters are the JSON schema of one
pydantic model per list, which also checks requests); once accepted, the list's from_query()
reads them as on the site's pages, where an unknown value is ignored.
"""

import types
import typing
from dataclasses import dataclass, fields
from datetime import date
from typing import Annotated, Literal

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from ninja.errors import ValidationError
from pydantic import BaseModel, BeforeValidator, Field, WithJsonSchema, create_model
from pydantic import ValidationError as PydanticError

from placette.core.filters import FIRST_DAY, LAST_DAY, TRUE, QueryFilters, iso_date
from placette.events.queries import EventFilters
from placette.places import queries

DATE = {"type": "string", "format": "date"}
# The years a list may name (core.filters.FIRST_DAY to LAST_DAY).
YEARS = {"pattern": r"^(19[0-9]{2}|2[0-9]{3})-[0-9]{2}-[0-9]{2}$"}
# What a yes/no filter may say: "1", "true"… turn it on, "0", "false"… leave it off.
FLAG_WORDS = TRUE | {"0", "off", "false", "non"}
TERRITORY = {
    "departement": _("Département (code INSEE, par exemple 35 ou 2A)."),
    "region": _("Région (code INSEE, par exemple 53 pour la Bretagne)."),
    "commune": _("Nom exact de la commune, sans tenir compte des majuscules."),
}


@dataclass(frozen=True)
class Described:
    """A list's filters with what the document says of them (by field name)."""

    filters: type[QueryFilters]
    help: dict
    generic: object
    bounds: dict
    examples: dict


PLACES = Described(
    filters=queries.PlaceFilters,
    help={
        "q": _(
            "Recherche plein texte dans le nom, la commune, la présentation et la famille : "
            "chaque mot doit figurer, sans tenir compte des accents ni des majuscules."
        ),
        "family": _("Famille de lieu (code)."),
        "service": _("Service proposé (code du référentiel LaMednum)."),
        "public": _("Public accueilli en particulier (code du référentiel LaMednum)."),
        **TERRITORY,
        "open_now": _(
            "Seulement les lieux ouverts en ce moment, d'après leurs horaires (ouvert=1 ou true)."
        ),
        "completeness_max": _("Seulement les fiches complètes à ce pourcentage au plus (0 à 100)."),
        "checked_before": _(
            "Seulement les fiches pas mises à jour depuis cette date (AAAA-MM-JJ), ou jamais "
            "datées."
        ),
        "sort": _("Ordre des résultats (par défaut, par nom)."),
    },
    generic=_("Filtre de l'annuaire, comme dans l'adresse de la page des lieux."),
    bounds={"completeness_max": {"le": 100}},
    examples={"q": "fablab", "family": "fablab", "departement": "35", "commune": "Rennes"},
)
EVENTS = Described(
    filters=EventFilters,
    help={
        "start": _("Dates à partir de ce jour (AAAA-MM-JJ ; par défaut, celles à venir)."),
        "end": _("Dates jusqu'à ce jour inclus (AAAA-MM-JJ)."),
        "kind": _("Type d'événement (code)."),
        "theme": _("Thème (code du référentiel LaMednum des services)."),
        "place": _(
            "Un lieu, par la partie de l'adresse de sa page (slug) : ses événements et ceux "
            "qui s'y tiennent."
        ),
        **TERRITORY,
        "free": _("Seulement les événements gratuits (gratuit=1 ou true)."),
        "online": _("Seulement les dates en ligne, ou sur place et en ligne (en_ligne=1)."),
        "accessible": _("Accessibilité annoncée (code)."),
    },
    generic=_("Filtre de l'agenda, comme dans l'adresse de la page de l'agenda."),
    bounds={},
    examples={"kind": "atelier", "departement": "35"},
)


def _unwrap(annotation):
    """int | None → int."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return next(arg for arg in typing.get_args(annotation) if arg is not type(None))
    return annotation


def _flag(raw: str) -> bool:
    if raw.lower() not in FLAG_WORDS:
        raise ValueError("Input should be one of: " + ", ".join(sorted(FLAG_WORDS)))
    return raw.lower() in TRUE


def _day(raw: str) -> date:
    day = iso_date(raw)
    if day is None:
        raise ValueError(f"Input should be a date YYYY-MM-DD from {FIRST_DAY} to {LAST_DAY}")
    return day


def _annotation(field, hint, bounds: dict) -> object:
    """The type a filter's value must have, as pydantic checks it and the document shows it:
    from the field's reader (a vocabulary, a pattern) or its Python type."""
    read = field.metadata["read"]
    values = getattr(read, "values", None)
    if values:
        if read.upper:  # "2a" is read as "2A"
            return Annotated[Literal[tuple(values)], BeforeValidator(str.upper)]
        return Literal[tuple(values)]
    if getattr(read, "pattern", None):
        return Annotated[str, Field(pattern=read.pattern)]
    kind = _unwrap(hint)
    if kind is bool:
        return Annotated[bool, BeforeValidator(_flag)]
    if kind is int:
        return Annotated[int, Field(ge=0, **bounds.get(field.name, {}))]
    if kind is date:
        return Annotated[date, BeforeValidator(_day), WithJsonSchema({**DATE, **YEARS})]
    return str


def _model(described: Described) -> type[BaseModel]:
    filters = described.filters
    hints = typing.get_type_hints(filters)
    params = filters.params()
    definitions = {
        field.name: (
            _annotation(field, hints[field.name], described.bounds) | None,
            Field(default=None, alias=params[field.name]),
        )
        for field in fields(filters)
    }
    return create_model(f"{filters.__name__}Query", **definitions)


MODELS = {described.filters: _model(described) for described in (PLACES, EVENTS)}


def validate(filters: type[QueryFilters], data: QueryDict) -> None:
    """Raise ninja's ValidationError (answered 422) for a filter value the document forbids.

    Values are read as from_query() reads them (NUL dropped, trimmed; empty means unset), and
    it then reads the same values the same way."""
    values = {}
    for name in filters.params().values():
        raw = (data.get(name) or "").replace("\x00", "").strip()
        if raw:
            values[name] = raw
    try:
        MODELS[filters].model_validate(values)
    except PydanticError as exc:
        errors = [
            {"loc": ["query", *error["loc"]], "msg": error["msg"], "type": error["type"]}
            for error in exc.errors()
        ]
        raise ValidationError(errors) from None


def _schema(field: dict) -> dict:
    """A property of a model's JSON schema without its null option, title and default."""
    options = [option for option in field.get("anyOf", [field]) if option.get("type") != "null"]
    return {k: v for k, v in options[0].items() if k not in {"title", "default"}}


def parameters(described: Described) -> list[dict]:
    """OpenAPI parameter objects of a list's filters, in declaration order."""
    properties = MODELS[described.filters].model_json_schema(by_alias=True)["properties"]
    params = described.filters.params()
    result = []
    for field in fields(described.filters):
        name = params[field.name]
        parameter = {
            "in": "query",
            "name": name,
            "required": False,
            "description": described.help.get(field.name, described.generic),
            "schema": _schema(properties[name]),
        }
        if field.name in described.examples:
            parameter["example"] = described.examples[field.name]
        result.append(parameter)
    return result


def filter_parameters() -> list[dict]:
    """The directory's filters (the places' operations)."""
    return parameters(PLACES)
