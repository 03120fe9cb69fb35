"""What the API answers: the JSON shapes (documented in the OpenAPI document) and place_data()."""

from datetime import date, datetime
from functools import cache
from uuid import UUID

from django.db import models
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ConfigDict, Field

from placette.places import territories, vocab
from placette.places.models import Place


def blank(text) -> str:
    """The description of a text field that may be empty."""
    return format_lazy("{} {}", text, _("Chaîne vide si non renseigné."))


def described(text) -> ConfigDict:
    return ConfigDict(json_schema_extra={"description": text})


class Coded(BaseModel):
    model_config = described(_("Une valeur d'un référentiel : son code et son libellé."))
    code: str = Field(description=_("Code stable, à utiliser dans les filtres."))
    label: str = Field(description=_("Libellé en français."))


class Address(BaseModel):
    model_config = described(_("Adresse et territoire du lieu."))
    street: str = Field(description=blank(_("Numéro et voie.")))
    extra: str = Field(description=blank(_("Complément d'adresse.")))
    postal_code: str = Field(description=blank(_("Code postal.")))
    commune: str = Field(description=blank(_("Commune.")))
    insee_code: str = Field(description=blank(_("Code INSEE de la commune.")))
    departement: Coded | None = Field(description=_("Département, ou null s'il est inconnu."))
    region: Coded | None = Field(description=_("Région, ou null si elle est inconnue."))


class Coordinates(BaseModel):
    model_config = described(_("Position du lieu (WGS 84)."))
    latitude: float = Field(description=_("Latitude, en degrés."))
    longitude: float = Field(description=_("Longitude, en degrés."))


class Contact(BaseModel):
    model_config = described(_("Moyens de contacter le lieu."))
    phone: str = Field(description=blank(_("Téléphone.")))
    emails: list[str] = Field(description=_("Courriels."))
    websites: list[str] = Field(description=_("Sites web."))
    social_links: list[str] = Field(description=_("Pages sur les réseaux sociaux."))
    appointment_url: str = Field(description=blank(_("Prise de rendez-vous en ligne.")))


class Source(BaseModel):
    model_config = described(_("D'où viennent les données du lieu."))
    name: str = Field(description=blank(_("Source de l'import dont le lieu est issu.")))
    collected_by: str = Field(description=blank(_("Qui a collecté les données.")))
    updated_on: date | None = Field(description=_("Date de mise à jour donnée par la source."))


class PlaceOut(BaseModel):
    model_config = described(_("Un tiers-lieu publié dans l'annuaire."))
    uid: UUID = Field(description=_("Identifiant stable et public du lieu."))
    name: str = Field(description=_("Nom."))
    slug: str = Field(description=_("Partie de l'adresse de sa page."))
    url: str = Field(description=_("Adresse de la page du lieu sur ce site."))
    summary: str = Field(description=blank(_("Présentation courte.")))
    description: str = Field(description=blank(_("Présentation détaillée.")))
    address: Address = Field(description=_("Adresse et territoire."))
    coordinates: Coordinates | None = Field(description=_("Position, ou null si inconnue."))
    itinerant: bool = Field(description=_("Lieu itinérant (sans adresse fixe)."))
    families: list[Coded] = Field(description=_("Familles de lieu."))
    services: list[Coded] = Field(description=_("Services proposés (référentiel LaMednum)."))
    publics: list[Coded] = Field(description=_("Publics accueillis (référentiel LaMednum)."))
    contact: Contact = Field(description=_("Contact."))
    opening_hours: str = Field(
        description=blank(_("Horaires dans la syntaxe opening_hours d'OpenStreetMap."))
    )
    opening_hours_note: str = Field(description=blank(_("Précisions sur les horaires.")))
    access_modes: list[Coded] = Field(description=_("Modalités d'accès (LaMednum)."))
    support_modes: list[Coded] = Field(description=_("Modalités d'accompagnement (LaMednum)."))
    specific_support: list[Coded] = Field(description=_("Prise en charge spécifique (LaMednum)."))
    fees: list[Coded] = Field(description=_("Frais à charge (LaMednum)."))
    national_programmes: list[Coded] = Field(
        description=_("Dispositifs et programmes nationaux (LaMednum).")
    )
    training_labels: list[Coded] = Field(description=_("Formations et labels (LaMednum)."))
    other_training_labels: list[str] = Field(description=_("Autres formations et labels."))
    accessibility_url: str = Field(description=blank(_("Fiche accessibilité.")))
    parent_organisation: str = Field(description=blank(_("Structure parente.")))
    structure_types: list[str] = Field(
        description=_(
            "Typologie de la structure (codes data·inclusion, tels que donnés par la source)."
        )
    )
    siret: str = Field(description=blank(_("SIRET.")))
    rna: str = Field(description=blank(_("Numéro RNA d'association.")))
    completeness: int = Field(ge=0, le=100, description=_("Complétude de la fiche, en %."))
    checked_on: date | None = Field(
        description=_("Fraîcheur : dernière date où la fiche a été vérifiée exacte, ou null.")
    )
    source: Source = Field(description=_("Provenance des données."))
    updated_at: datetime = Field(description=_("Dernière modification de la fiche ici."))


class PlacePage(BaseModel):
    model_config = described(_("Une page de résultats."))
    count: int = Field(ge=0, description=_("Nombre total de lieux correspondant aux filtres."))
    page: int = Field(ge=1, description=_("Numéro de cette page."))
    pages: int = Field(ge=1, description=_("Nombre de pages."))
    page_size: int = Field(ge=1, description=_("Nombre de lieux par page."))
    next: str | None = Field(description=_("Adresse de la page suivante, ou null."))
    previous: str | None = Field(description=_("Adresse de la page précédente, ou null."))
    results: list[PlaceOut] = Field(description=_("Les lieux de la page, dans un ordre stable."))


class Error(BaseModel):
    model_config = described(_("Une erreur, expliquée en français."))
    detail: str = Field(description=_("Message d'erreur."))


class InvalidParameter(BaseModel):
    model_config = described(_("Un paramètre refusé."))
    loc: list[str | int] = Field(
        description=_("Où est l'erreur : emplacement (query, path), puis nom du paramètre.")
    )
    msg: str = Field(description=_("Message de validation (en anglais)."))
    type: str = Field(description=_("Type d'erreur."))


class ValidationProblem(Error):
    model_config = described(_("Des paramètres invalides."))
    errors: list[InvalidParameter] = Field(description=_("Chaque paramètre refusé."))


@cache
def _vocabulary(choices: type[models.TextChoices], language: str) -> list[tuple[str, str]]:
    """(code, label) in the active language, worked out once: a place reads nine vocabularies."""
    return [(code, str(label)) for code, label in choices.choices]


def _coded(choices: type[models.TextChoices], codes: list[str], language: str) -> list[dict]:
    """Codes in vocabulary order, with labels; codes no longer in it are left out (as on pages)."""
    vocabulary = _vocabulary(choices, language)
    return [{"code": code, "label": label} for code, label in vocabulary if code in codes]


def place_data(place: Place, *, url: str) -> dict:
    """A place as PlaceOut; reads prefetched tags only (queries.with_tags)."""
    language = translation.get_language()
    return {
        "uid": place.uid,
        "name": place.name,
        "slug": place.slug,
        "url": url,
        "summary": place.summary,
        "description": place.description,
        "address": {
            "street": place.address,
            "extra": place.address_extra,
            "postal_code": place.postal_code,
            "commune": place.commune,
            "insee_code": place.insee_code,
            "departement": {"code": place.departement, "label": place.departement_label}
            if place.departement in territories.DEPARTEMENTS
            else None,
            "region": {"code": place.region, "label": place.region_label}
            if place.region in territories.REGIONS
            else None,
        },
        "coordinates": {"latitude": place.latitude, "longitude": place.longitude}
        if place.has_location
        else None,
        "itinerant": place.itinerant,
        "families": _coded(vocab.Family, place.families, language),
        "services": _coded(vocab.Service, place.services, language),
        "publics": _coded(vocab.Public, place.publics, language),
        "contact": {
            "phone": place.phone,
            "emails": place.emails,
            "websites": place.websites,
            "social_links": place.social_links,
            "appointment_url": place.appointment_url,
        },
        "opening_hours": place.opening_hours,
        "opening_hours_note": place.opening_hours_note,
        "access_modes": _coded(vocab.AccessMode, place.access_modes, language),
        "support_modes": _coded(vocab.SupportMode, place.support_modes, language),
        "specific_support": _coded(vocab.SpecificSupport, place.specific_support, language),
        "fees": _coded(vocab.Fee, place.fees, language),
        "national_programmes": _coded(vocab.NationalProgramme, place.national_programmes, language),
        "training_labels": _coded(vocab.TrainingLabel, place.training_labels, language),
        "other_training_labels": place.other_training_labels,
        "accessibility_url": place.accessibility_url,
        "parent_organisation": place.parent_organisation,
        "structure_types": place.structure_types,
        "siret": place.siret,
        "rna": place.rna,
        "completeness": place.completeness,
        "checked_on": place.checked_on,
        "source": {
            "name": place.source,
            "collected_by": place.collected_by,
            "updated_on": place.source_updated_on,
        },
        "updated_at": place.updated_at,
    }
