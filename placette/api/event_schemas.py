"""What the API answers about the agenda: an event with its dates, and event_data().

Only what the public agenda shows: never who registered (no name, address or count per person),
never the connection link of a date that takes registrations (registrants get it by e-mail)."""

from datetime import datetime
from typing import Literal
from uuid import UUID

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, Field

from placette.api.schemas import Coded, Coordinates, _coded, blank, described
from placette.events import queries, vocab
from placette.events.models import Event, Occurrence
from placette.places import vocab as place_vocab

STATES = (
    queries.CANCELLED, queries.POSTPONED, queries.PAST, queries.ONGOING,
    queries.NO_REGISTRATION, queries.OPEN, queries.SEATS, queries.FULL,
)  # fmt: skip


class PlaceRef(BaseModel):
    model_config = described(_("Le lieu de l'annuaire qui organise l'événement."))
    uid: UUID = Field(description=_("Identifiant stable du lieu (voir /places/{uid})."))
    name: str = Field(description=_("Nom."))
    url: str = Field(description=_("Adresse de la page du lieu sur ce site."))


class EventDate(BaseModel):
    model_config = described(_("Une date d'un événement."))
    uid: UUID = Field(description=_("Identifiant stable de la date."))
    start: datetime = Field(description=_("Début (heure de Paris)."))
    end: datetime = Field(description=_("Fin (heure de Paris)."))
    mode: Coded = Field(description=_("Où : dans le lieu, hors les murs, en ligne, ou les deux."))
    state: Literal[STATES] = Field(description=_("État de la date (voir state_label)."))
    state_label: str = Field(description=_("L'état, en français."))
    seats_left: int | None = Field(ge=0, description=_("Places restantes, ou null sans limite."))
    place: PlaceRef | None = Field(
        description=_("Le lieu de l'annuaire où a lieu la date, ou null (hors les murs, en ligne).")
    )
    venue: str = Field(description=blank(_("Lieu d'accueil, hors les murs.")))
    address: str = Field(description=blank(_("Adresse, hors les murs.")))
    postal_code: str = Field(description=blank(_("Code postal, hors les murs.")))
    commune: str = Field(description=blank(_("Commune, hors les murs.")))
    coordinates: Coordinates | None = Field(description=_("Position, ou null (en ligne)."))
    online_url: str = Field(
        description=blank(
            _("Lien de connexion, quand il est public (sinon donné aux inscrits par e-mail).")
        )
    )


class EventOut(BaseModel):
    model_config = described(_("Un événement publié de l'agenda, avec ses dates."))
    uid: UUID = Field(description=_("Identifiant stable et public de l'événement."))
    title: str = Field(description=_("Titre."))
    slug: str = Field(description=_("Partie de l'adresse de sa page."))
    url: str = Field(description=_("Adresse de la page de l'événement sur ce site."))
    calendar_url: str = Field(description=_("Ses dates en iCalendar (.ics)."))
    status: Literal[tuple(queries.PUBLIC_STATUSES)] = Field(
        description=_("Publié, annulé ou reporté.")
    )
    kind: Coded = Field(description=_("Type d'événement."))
    summary: str = Field(description=blank(_("En une phrase.")))
    description: str = Field(description=blank(_("Description (Markdown).")))
    themes: list[Coded] = Field(description=_("Thèmes (référentiel LaMednum des services)."))
    publics: list[Coded] = Field(description=_("Publics (référentiel LaMednum)."))
    accessibility: list[Coded] = Field(description=_("Accessibilité annoncée."))
    free: bool = Field(description=_("Gratuit."))
    price: str = Field(description=blank(_("Tarif.")))
    language: str = Field(description=_("Langue (code)."))
    registration: bool = Field(description=_("Inscription sur ce site."))
    place: PlaceRef = Field(description=_("Le lieu qui organise."))
    dates: list[EventDate] = Field(description=_("Ses dates, dans l'ordre."))
    updated_at: datetime = Field(description=_("Dernière modification ici."))


class EventPage(BaseModel):
    model_config = described(_("Une page d'événements."))
    count: int = Field(ge=0, description=_("Nombre total d'événements correspondant aux filtres."))
    page: int = Field(ge=1, description=_("Numéro de cette page."))
    pages: int = Field(ge=1, description=_("Nombre de pages."))
    page_size: int = Field(ge=1, description=_("Nombre d'événements par page."))
    next: str | None = Field(description=_("Adresse de la page suivante, ou null."))
    previous: str | None = Field(description=_("Adresse de la page précédente, ou null."))
    results: list[EventOut] = Field(
        description=_("Les événements, par leur première date correspondant aux filtres.")
    )


def _place(place, absolute) -> dict | None:
    if place is None:
        return None
    return {"uid": place.uid, "name": place.name, "url": absolute(place.get_absolute_url())}


def date_data(item: queries.Item, *, absolute) -> dict:
    occurrence = item.occurrence
    point = item.point
    outside = occurrence.mode == Occurrence.Mode.OUTSIDE
    return {
        "uid": occurrence.uid,
        "start": timezone.localtime(occurrence.start),
        "end": timezone.localtime(occurrence.end),
        "mode": {"code": occurrence.mode, "label": str(occurrence.get_mode_display())},
        "state": item.state,
        "state_label": item.state_label,
        "seats_left": item.seats_left,
        "place": _place(item.place, absolute),
        "venue": occurrence.venue if outside else "",
        "address": occurrence.address if outside else "",
        "postal_code": occurrence.postal_code if outside else "",
        "commune": occurrence.commune if outside else "",
        "coordinates": {"latitude": point[0], "longitude": point[1]} if point else None,
        "online_url": item.online_link,
    }


def event_data(event: Event, items: list[queries.Item], *, absolute) -> dict:
    """An event as EventOut; `absolute` makes a path a full URL (request.build_absolute_uri)."""
    language = translation.get_language()
    return {
        "uid": event.uid,
        "title": event.title,
        "slug": event.slug,
        "url": absolute(event.get_absolute_url()),
        "calendar_url": absolute(reverse("events:ics", kwargs={"slug": event.slug})),
        "status": event.status,
        "kind": {"code": event.kind, "label": str(event.get_kind_display())},
        "summary": event.summary,
        "description": event.description,
        "themes": _coded(place_vocab.Service, event.themes, language),
        "publics": _coded(place_vocab.Public, event.publics, language),
        "accessibility": _coded(vocab.Accessibility, event.accessibility, language),
        "free": event.is_free,
        "price": event.price,
        "language": event.language,
        "registration": event.registration,
        "place": _place(event.place, absolute),
        "dates": [date_data(item, absolute=absolute) for item in items],
        "updated_at": event.updated_at,
    }
