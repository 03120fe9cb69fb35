"""Places, built through the directory's services as production builds them."""

import itertools
from datetime import date
from typing import Any

from placette.places.models import Place
from placette.places.services import places as services

_counter = itertools.count(1)


def make_place(
    *,
    families: list[str] | None = None,
    services_: list[str] | None = None,
    publics: list[str] | None = None,
    **fields: Any,
) -> Place:
    n = next(_counter)
    data = {
        "name": f"Lieu {n}",
        "commune": "Rennes",
        "postal_code": "35000",
        "insee_code": "35238",
        "latitude": 48.11,
        "longitude": -1.68,
    }
    data.update(fields)
    tags = {"families": families or [], "services": services_ or [], "publics": publics or []}
    return services.save_place(fields=data, tags=tags)


def full_place(**changes) -> Place:
    """A place with every field of the open-data standard filled."""
    fields = {
        "name": "La Fabrique du Blosne",
        "commune": "Rennes",
        "postal_code": "35200",
        "insee_code": "35238",
        "address": "7 boulevard de Yougoslavie",
        "address_extra": "Rez-de-chaussée, porte B",
        "latitude": 48.0877,
        "longitude": -1.6584,
        "itinerant": True,
        "opening_hours": "Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00",
        "phone": "+33299000000",
        "emails": ["contact@fabrique.example", "atelier@fabrique.example"],
        "websites": ["https://fabrique.example/", "https://www.facebook.com/fabrique"],
        "summary": "Un fablab de quartier, ouvert à toutes et à tous.",
        "description": 'Imprimantes 3D, "découpe laser" ; ateliers.\nSur deux lignes | un',
        "collected_by": "Réseau des fablabs bretons",
        "parent_organisation": "Ville de Rennes",
        "source_updated_on": date(2025, 3, 14),
        "structure_types": ["FABLAB", "ASSO"],
        "fees": ["gratuit-sous-condition", "payant"],
        "national_programmes": ["conseillers-numeriques", "relais-numerique"],
        "training_labels": ["etapes-numeriques", "duplex"],
        "other_training_labels": ["Label Numérique Inclusif", "Pass Numérique"],
        "specific_support": ["surdite", "anglais"],
        "access_modes": ["se-presenter", "rdv-en-ligne"],
        "support_modes": ["individuel", "distance"],
        "accessibility_url": "https://acceslibre.beta.gouv.fr/app/35-rennes/a/fablab/erp/fab/",
        "appointment_url": "https://rdv.fabrique.example/",
        "siret": "12345678900015",  # its Luhn key is right
    }
    fields.update(changes)
    tags = {
        "families": fields.pop("families", ["fablab", "coworking"]),
        "services": fields.pop("services", ["loisirs", "demarches", "acces-materiel"]),
        "publics": fields.pop("publics", ["seniors", "jeunes"]),
    }
    return services.save_place(fields=fields, tags=tags)
