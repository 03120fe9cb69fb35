"""What a moderator reads to decide: the proposal against the current record, field by field,
and the places it may duplicate (the rules of sources.duplicates: same SIRET, or close names
less than 100 m apart; for a place without coordinates, close names in the same commune)."""

import math
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from placette.contributions.models import Contribution
from placette.places.forms import PlaceForm
from placette.places.models import Place
from placette.sources import duplicates
from placette.sources.models import DuplicatePair

# Bookkeeping of PlaceForm.to_save: emptied so that save_place derives them again.
DERIVED = {"insee_code", "departement", "region"}
MAX_CANDIDATES = 10
# The fields whose change may make a place look like another one.
IDENTITY = {"name", "commune", "siret", "latitude", "longitude"}
SAME_COMMUNE = gettext_lazy("noms proches dans la même commune")


@dataclass
class Row:
    name: str
    label: str
    current: list[str]  # the values as text: empty, one value, or the items of a list
    proposed: list[str]

    @property
    def changed(self) -> bool:
        return self.current != self.proposed


def label_of(name: str) -> str:
    field = PlaceForm.base_fields.get(name)
    if field is not None:
        return str(field.label)
    try:
        return str(Place._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def as_text(name: str, value: Any) -> list[str]:
    """A value as the form showed it: choice codes as their labels, booleans in words."""
    if value is None or value == "" or value == []:
        return []
    if isinstance(value, bool):
        return [_("oui") if value else _("non")]
    field = PlaceForm.base_fields.get(name)
    choices = dict(getattr(field, "choices", None) or ())
    values = value if isinstance(value, list | tuple) else [value]
    return [str(choices.get(item, item)) for item in values]


def diff(contribution: Contribution) -> list[Row]:
    """The proposed fields, in the form's order: for a new place every filled field (nothing
    current), for a change each proposed field with the place's value now."""
    place = contribution.place if contribution.kind == Contribution.Kind.CHANGE else None
    order = {name: i for i, name in enumerate(_form_order())}
    names = sorted(
        (name for name in contribution.data if not _is_bookkeeping(name, contribution.data)),
        key=lambda name: (order.get(name, len(order)), name),
    )
    return [
        Row(
            name=name,
            label=label_of(name),
            current=as_text(name, _current(place, name)) if place else [],
            proposed=as_text(name, contribution.data[name]),
        )
        for name in names
    ]


def _form_order() -> list[str]:
    return [name for _title, names in PlaceForm.SECTIONS for name in names]


def _is_bookkeeping(name: str, data: dict) -> bool:
    return name in DERIVED and not data[name]


def _current(place: Place, name: str) -> Any:
    value = getattr(place, name, None)
    return sorted(value) if name in ("families", "services", "publics") else value


@dataclass
class Candidate:
    place: Place
    reason: str
    distance_m: float | None = None


def proposed_identity(contribution: Contribution) -> dict[str, Any]:
    """Name, commune, SIRET and position of the place as it would be once accepted."""
    place = contribution.place if contribution.kind == Contribution.Kind.CHANGE else None
    current = {name: getattr(place, name) for name in IDENTITY} if place else {}
    return {name: contribution.data.get(name, current.get(name)) for name in IDENTITY}


def possible_duplicates(contribution: Contribution) -> list[Candidate]:
    """Places the proposed one may duplicate: for a new place, and for a change that touches
    its name, commune, SIRET or position. Nearest first; at most MAX_CANDIDATES."""
    if contribution.kind == Contribution.Kind.CHANGE and not IDENTITY & contribution.data.keys():
        return []
    me = proposed_identity(contribution)
    if not me["name"]:
        return []
    others = Place.objects.all()
    if contribution.place_id:  # the place changed, or created by this very proposal
        others = others.exclude(pk=contribution.place_id)
    found: dict[int, Candidate] = {}
    if me["siret"]:
        for other in others.filter(siret=me["siret"])[:MAX_CANDIDATES]:
            found[other.pk] = Candidate(
                other, str(DuplicatePair.Reason.SIRET.label), _distance(me, other)
            )
    if me["latitude"] is not None and me["longitude"] is not None:
        for other in _around(others, me["latitude"], me["longitude"]):
            metres = _distance(me, other)
            if metres is not None and metres <= duplicates.MAX_DISTANCE_M and _same_name(me, other):
                found.setdefault(
                    other.pk,
                    Candidate(other, str(DuplicatePair.Reason.NEARBY_NAME.label), metres),
                )
    elif me["commune"]:
        for other in others.filter(commune__iexact=me["commune"])[:500]:
            if _same_name(me, other):
                found.setdefault(other.pk, Candidate(other, str(SAME_COMMUNE)))
    return sorted(
        found.values(),
        key=lambda c: (c.distance_m is None, c.distance_m or 0, c.place.name),
    )[:MAX_CANDIDATES]


def _around(places, latitude: float, longitude: float):
    """Places of the 3 × 3 grid cells around the point (each cell is over 100 m a side)."""
    row = math.floor(latitude / duplicates.CELL_LAT)
    col = math.floor(longitude / duplicates.CELL_LON)
    return places.filter(
        latitude__gte=(row - 1) * duplicates.CELL_LAT,
        latitude__lt=(row + 2) * duplicates.CELL_LAT,
        longitude__gte=(col - 1) * duplicates.CELL_LON,
        longitude__lt=(col + 2) * duplicates.CELL_LON,
    )[:500]


def _same_name(me: dict[str, Any], other: Place) -> bool:
    return duplicates.names_match(
        me["name"], other.name, commune_a=me["commune"] or "", commune_b=other.commune
    )


def _distance(me: dict[str, Any], other: Place) -> float | None:
    if None in (me["latitude"], me["longitude"], other.latitude, other.longitude):
        return None
    return duplicates.distance_m(me["latitude"], me["longitude"], other.latitude, other.longitude)
