"""The directory's query parameters, described for the OpenAPI document.

One list: every field of queries.PlaceFilters under its query-string name (queries.PARAMS), so a
filter added to the directory is taken, and documented, by the API without a change here.
queries.PlaceFilters.from_query() parses them, as on the list and the map: a value it does not
know is ignored, not an error.
"""

import types
import typing
from dataclasses import fields
from datetime import date

from django.utils.translation import gettext_lazy as _

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
BOUNDS = {"completeness_max": {"maximum": 100}}
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


def _json_type(annotation) -> dict:
    """JSON schema of a filter's Python type (str, bool, int, date, or one of them | None)."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        annotation = next(arg for arg in typing.get_args(annotation) if arg is not type(None))
    if annotation is bool:
        return {"type": "boolean"}
    if annotation is int:
        return {"type": "integer", "minimum": 0}
    if annotation is date:
        return {"type": "string", "format": "date"}
    return {"type": "string"}


def filter_parameters() -> list[dict]:
    """OpenAPI parameter objects of the directory filters, in PlaceFilters order."""
    hints = typing.get_type_hints(queries.PlaceFilters)
    parameters = []
    for field in fields(queries.PlaceFilters):
        schema = {**_json_type(hints[field.name]), **BOUNDS.get(field.name, {})}
        enum = _enum(field.name)
        if enum:
            schema = {"type": "string", "enum": enum}
        parameter = {
            "in": "query",
            "name": queries.PARAMS[field.name],
            "required": False,
            "description": HELP.get(field.name, GENERIC),
            "schema": schema,
        }
        if field.name in EXAMPLES:
            parameter["example"] = EXAMPLES[field.name]
        parameters.append(parameter)
    return parameters
