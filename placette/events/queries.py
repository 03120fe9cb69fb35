"""Reads of the agenda: filters read from the query string (shared by the list, the map and
the feeds), upcoming occurrences with their free seats, a place's next events."""

import re
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, TextField
from django.db.models.functions import Cast, Coalesce
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from placette.events import vocab
from placette.events.models import Event, Occurrence, Registration
from placette.places import territories
from placette.places import vocab as place_vocab
from placette.places.models import Place

# Query-string names are French: they are part of shareable links.
PARAMS = {
    "start": "du",
    "end": "au",
    "kind": "type",
    "theme": "theme",
    "place": "lieu",
    "departement": "departement",
    "free": "gratuit",
    "online": "en_ligne",
    "accessible": "accessible",
}
VOCABULARIES = {
    "kind": vocab.Kind,
    "theme": place_vocab.Service,
    "accessible": vocab.Accessibility,
}
# Drafts are the organisers' own; the public sees the others, cancelled and postponed ones
# labelled as such until their date.
PUBLIC_STATUSES = [Event.Status.PUBLISHED, Event.Status.CANCELLED, Event.Status.POSTPONED]
# Feeds keep past dates a while: a subscribed calendar replaces its copy with the feed, and
# cancellations must reach it (RFC 5545 STATUS:CANCELLED) before they drop out.
FEED_PAST_DAYS = 30
FEED_LIMIT = 2000
MAP_LIMIT = 1000
PER_PAGE = 20
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,220}")
TRUE = {"1", "on", "true", "oui"}


@dataclass(frozen=True)
class EventFilters:
    start: date | None = None
    end: date | None = None
    kind: str = ""
    theme: str = ""  # places.vocab.Service code
    place: str = ""  # a place's slug: its own events and those held there
    departement: str = ""
    free: bool = False
    online: bool = False
    accessible: str = ""  # vocab.Accessibility code

    @classmethod
    def from_query(cls, data: QueryDict) -> "EventFilters":
        """Read the query string; values outside a vocabulary are dropped, not errors."""

        def get(name: str) -> str:
            return (data.get(PARAMS[name]) or "").replace("\x00", "").strip()

        values = {name: get(name) in TRUE for name in ("free", "online")}
        for name, choices in VOCABULARIES.items():
            values[name] = get(name) if get(name) in choices.values else ""
        values["start"] = _date(get("start"))
        values["end"] = _date(get("end"))
        values["place"] = get("place") if SLUG.fullmatch(get("place")) else ""
        departement = get("departement").upper()
        values["departement"] = departement if departement in territories.DEPARTEMENTS else ""
        return cls(**values)

    def _set_fields(self) -> list[str]:
        return [f.name for f in fields(self) if getattr(self, f.name) != f.default]

    @property
    def active_count(self) -> int:
        return len(self._set_fields())

    @property
    def active(self) -> bool:
        return self.active_count > 0

    def without(self, name: str) -> "EventFilters":
        return replace(self, **{name: self.__dataclass_fields__[name].default})

    def query_items(self) -> list[tuple[str, str]]:
        items = []
        for name in self._set_fields():
            value = getattr(self, name)
            if value is True:
                value = "1"
            elif isinstance(value, date):
                value = value.isoformat()
            items.append((PARAMS[name], str(value)))
        return items

    def querystring(self, **changes) -> str:
        return urlencode(replace(self, **changes).query_items())


def _date(raw: str) -> date | None:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def public() -> QuerySet[Occurrence]:
    """Occurrences the public may see (not those of drafts), past ones included."""
    return Occurrence.objects.filter(event__status__in=PUBLIC_STATUSES)


def _has_code(queryset: QuerySet, field: str, code: str) -> QuerySet:
    """Rows whose JSON list `field` holds `code`. JSON `contains` does not exist on SQLite;
    the list's text holds the quoted code on both databases (codes are vocabulary words)."""
    alias = field.replace("__", "_") + "_text"
    return queryset.alias(**{alias: Cast(field, TextField())}).filter(
        **{f"{alias}__contains": f'"{code}"'}
    )


def apply(queryset: QuerySet[Occurrence], filters: EventFilters) -> QuerySet[Occurrence]:
    if filters.start:
        queryset = queryset.filter(start__gte=_midnight(filters.start))
    if filters.end:
        queryset = queryset.filter(start__lt=_midnight(filters.end + timedelta(days=1)))
    if filters.kind:
        queryset = queryset.filter(event__kind=filters.kind)
    if filters.theme:
        queryset = _has_code(queryset, "event__themes", filters.theme)
    if filters.accessible:
        queryset = _has_code(queryset, "event__accessibility", filters.accessible)
    if filters.place:
        queryset = queryset.filter(
            Q(event__place__slug=filters.place) | Q(place__slug=filters.place)
        )
    if filters.departement:
        # An outside date has its own département; others are where their place is.
        code = filters.departement
        queryset = queryset.filter(
            Q(departement=code)
            | Q(departement="", place__departement=code)
            | Q(departement="", place__isnull=True, event__place__departement=code)
        )
    if filters.free:
        queryset = queryset.filter(event__is_free=True)
    if filters.online:
        queryset = queryset.filter(mode__in=[Occurrence.Mode.ONLINE, Occurrence.Mode.HYBRID])
    return queryset


def with_details(queryset: QuerySet[Occurrence]) -> QuerySet[Occurrence]:
    """The event, both places and the confirmed count, in the same query as the occurrences."""
    confirmed = (
        Registration.objects.filter(occurrence=OuterRef("pk"), status=Registration.Status.CONFIRMED)
        .order_by()
        .values("occurrence")
        .annotate(n=Count("*"))
        .values("n")
    )
    return queryset.select_related("event", "event__place", "place").annotate(
        confirmed_count=Coalesce(Subquery(confirmed, output_field=IntegerField()), 0)
    )


def upcoming(filters: EventFilters, *, now: datetime | None = None) -> QuerySet[Occurrence]:
    """Occurrences not over yet, soonest first."""
    now = now or timezone.now()
    return with_details(apply(public().filter(end__gt=now), filters)).order_by("start", "pk")


def for_feed(filters: EventFilters, *, now: datetime | None = None) -> QuerySet[Occurrence]:
    """What a calendar feed carries: upcoming dates and those of the last 30 days."""
    now = now or timezone.now()
    since = now - timedelta(days=FEED_PAST_DAYS)
    return with_details(apply(public().filter(end__gt=since), filters)).order_by("start", "pk")[
        :FEED_LIMIT
    ]


def mappable(filters: EventFilters) -> QuerySet[Occurrence]:
    """Upcoming dates that have a point: not online-only ones."""
    return upcoming(filters).exclude(mode=Occurrence.Mode.ONLINE)[:MAP_LIMIT]


def event_dates(event: Event) -> QuerySet[Occurrence]:
    return with_details(event.occurrences.all()).order_by("start", "pk")


def next_for_place(place: Place, *, limit: int = 5) -> list["Item"]:
    """A place's next dates: its own events and those held there (one query)."""
    occurrences = (
        with_details(public().filter(Q(event__place=place) | Q(place=place)))
        .filter(end__gt=timezone.now())
        .order_by("start", "pk")[:limit]
    )
    return items(occurrences)


# What a date says about itself, in the list and on the event page.
CANCELLED, POSTPONED, PAST, ONGOING = "cancelled", "postponed", "past", "ongoing"
NO_REGISTRATION, OPEN, SEATS, FULL = "no_registration", "open", "seats", "full"
STATE_LABELS = {
    CANCELLED: _("Annulé"),
    POSTPONED: _("Reporté : nouvelle date à venir"),
    PAST: _("Terminé"),
    ONGOING: _("En cours"),
    NO_REGISTRATION: _("Sans inscription"),
    OPEN: _("Inscription ouverte"),
    FULL: _("Complet : inscription en liste d’attente"),
}


@dataclass(frozen=True)
class Item:
    """One date, with its state and free seats (from with_details' count)."""

    occurrence: Occurrence
    state: str
    seats_left: int | None

    @property
    def event(self) -> Event:
        return self.occurrence.event

    @property
    def place(self) -> Place | None:
        """The place of the directory where it happens (PLACE / HYBRID dates)."""
        occurrence = self.occurrence
        if occurrence.mode not in (Occurrence.Mode.PLACE, Occurrence.Mode.HYBRID):
            return None
        return occurrence.place or occurrence.event.place

    @property
    def point(self) -> tuple[float, float] | None:
        """(latitude, longitude) on the map; None online or when unknown."""
        occurrence = self.occurrence
        if occurrence.mode == Occurrence.Mode.OUTSIDE:
            if occurrence.latitude is None or occurrence.longitude is None:
                return None
            return occurrence.latitude, occurrence.longitude
        place = self.place
        if place is None or not place.has_location:
            return None
        return place.latitude, place.longitude

    @property
    def online_link(self) -> str:
        """The connection link, when anyone may have it. With registration only registrants
        get it (by e-mail): public pages and feeds leave it out."""
        occurrence = self.occurrence
        if occurrence.mode not in (Occurrence.Mode.ONLINE, Occurrence.Mode.HYBRID):
            return ""
        return "" if occurrence.event.registration else occurrence.online_url

    @property
    def state_label(self) -> str:
        if self.state == SEATS:
            return ngettext("%(n)s place restante", "%(n)s places restantes", self.seats_left) % {
                "n": self.seats_left
            }
        return str(STATE_LABELS[self.state])

    @property
    def is_cancelled(self) -> bool:
        return self.state == CANCELLED

    @property
    def registration_open(self) -> bool:
        return self.state in (OPEN, SEATS, FULL)


def state_of(occurrence: Occurrence, *, now: datetime) -> tuple[str, int | None]:
    event = occurrence.event
    seats = occurrence.seats
    left = None if seats is None else max(0, seats - occurrence.confirmed_count)
    if event.status == Event.Status.CANCELLED or occurrence.status == Occurrence.Status.CANCELLED:
        return CANCELLED, left
    if event.status == Event.Status.POSTPONED:
        return POSTPONED, left
    if occurrence.end <= now:
        return PAST, left
    if occurrence.start <= now:
        return ONGOING, left
    if not event.registration or event.status != Event.Status.PUBLISHED:
        return NO_REGISTRATION, left
    if left is None:
        return OPEN, None
    return (SEATS if left > 0 else FULL), left


def items(occurrences, *, now: datetime | None = None) -> list[Item]:
    now = now or timezone.now()
    return [Item(occurrence, *state_of(occurrence, now=now)) for occurrence in occurrences]


def by_day(agenda_items: list[Item]) -> list[tuple[date, list[Item]]]:
    """Items grouped by their local day, in order."""
    days: list[tuple[date, list[Item]]] = []
    for item in agenda_items:
        day = timezone.localdate(item.occurrence.start)
        if days and days[-1][0] == day:
            days[-1][1].append(item)
        else:
            days.append((day, [item]))
    return days


def departement_choices() -> list[tuple[str, str]]:
    return sorted(
        ((code, territories.departement_label(code)) for code in territories.DEPARTEMENTS),
        key=lambda pair: pair[1],
    )
