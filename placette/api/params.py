"""The directory's query parameters, described for the OpenAPI document.

One list: every field of queries.PlaceFilters under its query-string name (queries.PARAMS), so a
filter added to the directory is taken, and documented, by the API without a change here.
The API refuses (422) a value its document forbids (PlaceQuery: the document's parameters
are its JSON schema); once accepted, queries.PlaceFilters.from_query() reads them as on the list
and the map, where an unknown value is ignored.
"""

import types
import typing
from dataclasses import fields
from datetime import date
from typing import Annotated, Literal

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from ninja.errors import ValidationError
from pydantic import BaseModel, BeforeValidator, Field, WithJsonSchema, create_model
from pydantic import ValidationError as PydanticError

from placette.core.filters import FIRST_DAY, LAST_DAY, TRUE, iso_date
from placette.places import queries, territories

# Descriptions by PlaceFilters field; a filter without one here gets GENERIC.
HELP = {
    "q": _(
        "Recherche plein texte dans le nom, la commune, la présentation et la famille : chaque "
        "mot doit figurer, sans tenir compte des accents ni des majuscules."
    ),
    "family": _("Famille de lieu (code)."),
    "service": _("Service proposé (code du référentiel LaMednum)."),
    "public": _("Public accueilli en particulier (code du référentiel LaMednum)."),
    "departement": _("Département (code INSEE, par exemple 35 ou 2A)."),
    "region": _("Région (code INSEE, par exemple 53 pour la Bretagne)."),
    "commune": _("Nom exact de la commune, sans tenir compte des majuscules."),
    "open_now": _(
        "Seulement les lieux ouverts en ce moment, d'après leurs horaires (ouvert=1 ou true)."
    ),
    "completeness_max": _("Seulement les fiches complètes à ce pourcentage au plus (0 à 100)."),
    "checked_before": _(
        "Seulement les fiches pas mises à jour depuis cette date (AAAA-MM-JJ), ou jamais datées."
    ),
    "sort": _("Ordre des résultats (par défaut, par nom)."),
}
GENERIC = _("Filtre de l'annuaire, comme dans l'adresse de la page des lieux.")
BOUNDS = {"completeness_max": {"le": 100}}
DATE = {"type": "string", "format": "date"}
# What a yes/no filter may say: "1", "true"… turn it on, "0", "false"… leave it off.
FLAG_WORDS = TRUE | {"0", "off", "false", "non"}
EXAMPLES = {"q": "fablab", "family": "fablab", "departement": "35", "commune": "Rennes"}


def _enum(name: str) -> list[str] | None:
    if name in queries.VOCABULARIES:
        return list(queries.VOCABULARIES[name].values)
    if name == "departement":
        return list(territories.DEPARTEMENTS)
    if name == "region":
        return list(territories.REGIONS)
    if name == "sort" and hasattr(queries, "SORTS"):
        return [value for value in queries.SORTS if value]
    return None


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


def _annotation(name: str, hint) -> object:
    """The type a filter's value must have, as pydantic checks it and the document shows it."""
    enum = _enum(name)
    if enum:
        if name == "departement":  # "2a" is read as "2A"
            return Annotated[Literal[tuple(enum)], BeforeValidator(str.upper)]
        return Literal[tuple(enum)]
    kind = _unwrap(hint)
    if kind is bool:
        return Annotated[bool, BeforeValidator(_flag)]
    if kind is int:
        return Annotated[int, Field(ge=0, **BOUNDS.get(name, {}))]
    if kind is date:
        # The years a list may name (core.filters.FIRST_DAY to LAST_DAY).
        years = {"pattern": r"^(19[0-9]{2}|2[0-9]{3})-[0-9]{2}-[0-9]{2}$"}
        return Annotated[date, BeforeValidator(_day), WithJsonSchema({**DATE, **years})]
    return str


def _filters_model() -> type[BaseModel]:
    hints = typing.get_type_hints(queries.PlaceFilters)
    definitions = {
        field.name: (
            _annotation(field.name, hints[field.name]) | None,
            Field(default=None, alias=queries.PARAMS[field.name]),
        )
        for field in fields(queries.PlaceFilters)
    }
    return create_model("PlaceQuery", **definitions)


# One model: the document's parameters are its JSON schema, and validate() checks requests with it.
PlaceQuery = _filters_model()


def validate(data: QueryDict) -> None:
    """Raise ninja's ValidationError (answered 422) for a filter value the document forbids.

    Values are read as PlaceFilters reads them (NUL dropped, trimmed; empty means unset), and
    PlaceFilters then reads the same values the same way."""
    values = {}
    for name in queries.PARAMS.values():
        raw = (data.get(name) or "").replace("\x00", "").strip()
        if raw:
            values[name] = raw
    try:
        PlaceQuery.model_validate(values)
    except PydanticError as exc:
        errors = [
            {"loc": ["query", *error["loc"]], "msg": error["msg"], "type": error["type"]}
            for error in exc.errors()
        ]
        raise ValidationError(errors) from None


def _schema(field: dict) -> dict:
    """A property of PlaceQuery's JSON schema without its null option, title and default."""
    options = [option for option in field.get("anyOf", [field]) if option.get("type") != "null"]
    return {k: v for k, v in options[0].items() if k not in {"title", "default"}}


def filter_parameters() -> list[dict]:
    """OpenAPI parameter objects of the directory filters, in PlaceFilters order."""
    properties = PlaceQuery.model_json_schema(by_alias=True)["properties"]
    parameters = []
    for field in fields(queries.PlaceFilters):
        name = queries.PARAMS[field.name]
        parameter = {
            "in": "query",
            "name": name,
            "required": False,
            "description": HELP.get(field.name, GENERIC),
            "schema": _schema(properties[name]),
        }
        if field.name in EXAMPLES:
            parameter["example"] = EXAMPLES[field.name]
        parameters.append(parameter)
    return parameters
