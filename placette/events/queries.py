"""Reads of the agenda: filters read from the query string (shared by the list, the map and
the feeds), upcoming occurrences with their free seats, a place's next events."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from placette.core.db import json_list_contains
from placette.core.filters import QueryFilters, flag, iso_date, one_of, param, slug, string
from placette.events import vocab
from placette.events.models import Event, Occurrence, Registration
from placette.places import territories
from placette.places import vocab as place_vocab
from placette.places.models import Place

# Drafts are the organisers' own; the public sees the others, cancelled and postponed ones
# labelled as such until their date.
PUBLIC_STATUSES = [Event.Status.PUBLISHED, Event.Status.CANCELLED, Event.Status.POSTPONED]
# Feeds keep past dates a while: a subscribed calendar replaces its copy with the feed, and
# cancellations must reach it (RFC 5545 STATUS:CANCELLED) before they drop out.
FEED_PAST_DAYS = 30
FEED_LIMIT = 2000
MAP_LIMIT = 1000
PER_PAGE = 20


@dataclass(frozen=True)
class EventFilters(QueryFilters):
    """The agenda's filters: the list, the map and the calendar feeds."""

    start: date | None = param("du", iso_date, default=None)
    end: date | None = param("au", iso_date, default=None)
    kind: str = param("type", one_of(vocab.Kind.values))
    theme: str = param("theme", one_of(place_vocab.Service.values))  # places.vocab.Service
    place: str = param("lieu", slug)  # a place's slug: its own events and those held there
    departement: str = param("departement", one_of(territories.DEPARTEMENTS, upper=True))
    free: bool = param("gratuit", flag, default=False)
    online: bool = param("en_ligne", flag, default=False)
    accessible: str = param("accessible", one_of(vocab.Accessibility.values))
    # The rest of a territory (the agenda widget and the API): where the date happens.
    region: str = param("region", one_of(territories.REGIONS))
    commune: str = param("commune", string(150))


def filter_place(filters: EventFilters) -> Place | None:
    if not filters.place:
        return None
    return Place.objects.filter(slug=filters.place, is_published=True).first()


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def public_events() -> QuerySet[Event]:
    return Event.objects.filter(status__in=PUBLIC_STATUSES)


def public() -> QuerySet[Occurrence]:
    """Occurrences the public may see (not those of drafts), past ones included."""
    return Occurrence.objects.filter(event__status__in=PUBLIC_STATUSES)


def agenda() -> QuerySet[Occurrence]:
    """The public dates less imported copies: the same date reached through two calendars
    (same UID, or same title and start for the same organising place) shows once, the
    place's own typed event or else the first imported one."""
    copy_of = (
        Occurrence.objects.filter(
            start=OuterRef("start"),
            status=Occurrence.Status.SCHEDULED,
            event__status=Event.Status.PUBLISHED,  # a cancelled copy hides no other
        )
        .filter(Q(event__feed__isnull=True) | Q(pk__lt=OuterRef("pk")))
        .exclude(event__feed=OuterRef("event__feed"))
        .filter(
            Q(event__external_uid=OuterRef("event__external_uid"), event__feed__isnull=False)
            | Q(
                event__title__iexact=OuterRef("event__title"), event__place=OuterRef("event__place")
            )
        )
    )
    return public().exclude(Q(event__feed__isnull=False) & Exists(copy_of))


def _base(filters: EventFilters) -> QuerySet[Occurrence]:
    """One place's dates: all it follows, copies included; else the agenda, copies left out."""
    return public() if filters.place else agenda()


def apply(queryset: QuerySet[Occurrence], filters: EventFilters) -> QuerySet[Occurrence]:
    if filters.start:
        queryset = queryset.filter(start__gte=_midnight(filters.start))
    if filters.end:
        queryset = queryset.filter(start__lt=_midnight(filters.end + timedelta(days=1)))
    if filters.kind:
        queryset = queryset.filter(event__kind=filters.kind)
    if filters.theme:
        queryset = queryset.filter(json_list_contains("event__themes", filters.theme))
    if filters.accessible:
        queryset = queryset.filter(json_list_contains("event__accessibility", filters.accessible))
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
    if filters.region:
        codes = [
            code
            for code in territories.DEPARTEMENTS
            if territories.region_of(code) == filters.region
        ]
        queryset = queryset.filter(_where("departement", "in", codes))
    if filters.commune:
        queryset = queryset.filter(_where("commune", "iexact", filters.commune))
    if filters.free:
        queryset = queryset.filter(event__is_free=True)
    if filters.online:
        queryset = queryset.filter(mode__in=[Occurrence.Mode.ONLINE, Occurrence.Mode.HYBRID])
    return queryset


def _where(field: str, lookup: str, value) -> Q:
    """Dates in a territory: an outside date has its own (`field` set), others are where
    their place is (as for the département)."""
    return (
        Q(**{f"{field}__{lookup}": value})
        | Q(**{field: "", f"place__{field}__{lookup}": value})
        | Q(**{field: "", "place__isnull": True, f"event__place__{field}__{lookup}": value})
    )


def with_details(queryset: QuerySet[Occurrence]) -> QuerySet[Occurrence]:
    """The event, both places and the seats taken (confirmed, or held for an address until the
    hold's time: services.registrations.taken_count), in the same query as the occurrences."""
    taken = Q(status=Registration.Status.CONFIRMED) | Q(
        status=Registration.Status.PENDING, expires_at__gt=Now()
    )
    confirmed = (
        Registration.objects.filter(taken, occurrence=OuterRef("pk"))
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
    return with_details(apply(_base(filters).filter(end__gt=now), filters)).order_by("start", "pk")


def for_feed(filters: EventFilters, *, now: datetime | None = None) -> QuerySet[Occurrence]:
    """What a calendar feed carries: upcoming dates and those of the last 30 days."""
    now = now or timezone.now()
    since = now - timedelta(days=FEED_PAST_DAYS)
    return with_details(apply(_base(filters).filter(end__gt=since), filters)).order_by(
        "start", "pk"
    )[:FEED_LIMIT]


def matching(filters: EventFilters, *, now: datetime | None = None) -> QuerySet[Occurrence]:
    """Public dates matching the filters: those not over yet, unless a first day is given."""
    queryset = public()
    if not filters.start:
        queryset = queryset.filter(end__gt=now or timezone.now())
    return apply(queryset, filters)


def events_of(dates: QuerySet[Occurrence]) -> QuerySet[Event]:
    """The events of these dates, by their first one (the API)."""
    return (
        Event.objects.filter(occurrences__in=dates.values("pk"))
        .annotate(first_start=Min("occurrences__start"))
        .select_related("place")
        .order_by("first_start", "pk")
    )


def dates_of(events: list[Event], dates: QuerySet[Occurrence]) -> dict[int, list["Item"]]:
    """event pk → its dates among `dates`, as items, in order (one query)."""
    found: dict[int, list[Item]] = {event.pk: [] for event in events}
    chosen = with_details(dates.filter(event__in=list(found))).order_by("start", "pk")
    for item in items(chosen):
        found[item.occurrence.event_id].append(item)
    return found


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


def places_with_upcoming_events() -> list[tuple[str, str]]:
    """(slug, name) of the published places whose events have dates to come (the widget)."""
    upcoming_dates = public().filter(end__gt=timezone.now())
    return list(
        Place.objects.filter(is_published=True, events__occurrences__in=upcoming_dates)
        .distinct()
        .order_by("name")
        .values_list("slug", "name")
    )


def departement_choices() -> list[tuple[str, str]]:
    return sorted(
        ((code, territories.departement_label(code)) for code in territories.DEPARTEMENTS),
        key=lambda pair: pair[1],
    )


@dataclass(frozen=True)
class FeedVersion:
    fingerprint: str  # changes whenever the feed's content does
    last_modified: datetime | None


def feed_version(filters: EventFilters) -> FeedVersion:
    """What identifies a feed's content, from one aggregate query over the dates for_feed()
    gives (not by writing the calendar): their count, ids, sequences and statuses, and the
    latest update of their events and places (Last-Modified)."""
    dates = Occurrence.objects.filter(pk__in=for_feed(filters).values("pk"))
    stats = dates.aggregate(
        n=Count("pk"),
        ids=Sum("pk"),
        sequences=Sum("sequence"),
        cancelled=Count("pk", filter=Q(status=Occurrence.Status.CANCELLED)),
        event_at=Max("event__updated_at"),
        place_at=Max("place__updated_at"),
        host_at=Max("event__place__updated_at"),
    )
    stamps = [stats[name] for name in ("event_at", "place_at", "host_at") if stats[name]]
    fingerprint = "|".join([filters.querystring(), *map(str, stats.values())])
    return FeedVersion(fingerprint=fingerprint, last_modified=max(stamps, default=None))
