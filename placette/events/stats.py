"""A place's activity over a period, as a funder asks for it: dates held, registrations,
attendance, people accompanied, by public, by kind of event and by month. Dates count once
begun (statistics tell what happened); dates of drafts never count.

Everything is counted in SQL (aggregate / values().annotate()); Python only lays the rows
out. A registration counts when confirmed (the waiting list never got a seat); "personnes
accompagnées" are distinct people marked present, known by their e-mail, else their phone,
else their name (registered at the desk by name alone).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Lower, NullIf, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from placette.events import vocab
from placette.events.models import Event, Occurrence, Registration
from placette.places.models import Place
from placette.places.vocab import Public

CONFIRMED = Registration.Status.CONFIRMED
PRESENT = vocab.Attendance.PRESENT
ABSENT = vocab.Attendance.ABSENT
UNSPECIFIED = _("Non précisé")
KEYS = ("registered", "present", "absent")


def default_period(today: date) -> tuple[date, date]:
    """The last 12 months, today included."""
    return today - relativedelta(years=1) + timedelta(days=1), today


@dataclass
class Row:
    label: str
    registered: int
    present: int
    absent: int
    dates: int | None = None  # None where it means nothing (by public)

    @property
    def not_taken(self) -> int:
        return self.registered - self.present - self.absent


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return (
        timezone.make_aware(datetime.combine(start, time.min)),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)),
    )


def occurrences(*, place: Place, start: date, end: date) -> QuerySet[Occurrence]:
    """Dates of the events the place organises, within the period (drafts never count)."""
    low, high = _bounds(start, end)
    return Occurrence.objects.filter(event__place=place, start__gte=low, start__lt=high).exclude(
        event__status=Event.Status.DRAFT
    )


def _person():
    return Coalesce(NullIf("email", Value("")), NullIf("phone", Value("")), Lower("name"))


def _counts(prefix: str = "") -> dict:
    """Registered / present / absent, counted over the `prefix` relation."""
    status, attendance = f"{prefix}status", f"{prefix}attendance"
    confirmed = Q(**{status: CONFIRMED})
    return {
        "registered": Count(f"{prefix}id", filter=confirmed),
        "present": Count(f"{prefix}id", filter=confirmed & Q(**{attendance: PRESENT})),
        "absent": Count(f"{prefix}id", filter=confirmed & Q(**{attendance: ABSENT})),
    }


def place_stats(*, place: Place, start: date, end: date) -> dict:
    dates = occurrences(place=place, start=start, end=end)
    # Held: begun, and neither the date nor its event called off.
    held = dates.filter(
        status=Occurrence.Status.SCHEDULED,
        event__status=Event.Status.PUBLISHED,
        start__lte=timezone.now(),
    )
    called_off = Q(status=Occurrence.Status.CANCELLED) | Q(
        event__status__in=[Event.Status.CANCELLED, Event.Status.POSTPONED]
    )
    # Holds never confirmed are nobody's: not a registration, nor a cancellation.
    registrations = Registration.objects.filter(occurrence__in=held, expires_at__isnull=True)
    confirmed = Q(status=CONFIRMED)
    totals = registrations.aggregate(
        **_counts(),
        waiting=Count("id", filter=Q(status=Registration.Status.WAITING)),
        cancelled=Count("id", filter=Q(status=Registration.Status.CANCELLED)),
        mediated=Count("id", filter=confirmed & Q(registered_by__isnull=False)),
        people_registered=Count(_person(), filter=confirmed, distinct=True),
        people_present=Count(_person(), filter=confirmed & Q(attendance=PRESENT), distinct=True),
    )
    totals.update(
        held.aggregate(dates=Count("id"), events=Count("event", distinct=True)),
        cancelled_dates=dates.filter(called_off).count(),
    )
    totals["not_taken"] = totals["registered"] - totals["present"] - totals["absent"]
    return {
        "totals": totals,
        "by_public": _by_public(registrations),
        "by_kind": _by_kind(held),
        "by_month": _by_month(held, start=start, end=end),
    }


def _by_public(registrations: QuerySet[Registration]) -> list[Row]:
    labels = dict(Public.choices)
    counted = {
        row["public"]: row
        for row in registrations.values("public").annotate(**_counts()).order_by("public")
    }
    rows = []
    for code in [*labels, *sorted(set(counted) - set(labels) - {""}), ""]:
        row = counted.get(code)
        if row and row["registered"]:
            label = labels.get(code, code) if code else UNSPECIFIED
            rows.append(Row(label=str(label), **{k: row[k] for k in KEYS}))
    return rows


def _with_dates(held: QuerySet[Occurrence], key: dict) -> QuerySet:
    # A date joined to its registrations repeats: count dates distinct.
    return (
        held.values(**key)
        .annotate(dates=Count("id", distinct=True), **_counts("registrations__"))
        .order_by(*key)
    )


def _by_kind(held: QuerySet[Occurrence]) -> list[Row]:
    counted = {row["kind"]: row for row in _with_dates(held, {"kind": F("event__kind")})}
    return [
        Row(label=str(label), **{k: counted[code][k] for k in ("dates", *KEYS)})
        for code, label in vocab.Kind.choices
        if code in counted
    ]


def _by_month(held: QuerySet[Occurrence], *, start: date, end: date) -> list[tuple[date, Row]]:
    """Every month of the period, the empty ones too (a funder reads the gaps)."""
    zone = timezone.get_current_timezone()
    month = TruncMonth("start", tzinfo=zone)
    counted = {
        row["month"].astimezone(zone).date(): row for row in _with_dates(held, {"month": month})
    }
    rows = []
    current = start.replace(day=1)
    while current <= end:
        row = counted.get(current)
        rows.append(
            (
                current,
                Row(
                    label=current.isoformat()[:7],
                    dates=row["dates"] if row else 0,
                    **{k: row[k] if row else 0 for k in KEYS},
                ),
            )
        )
        current += relativedelta(months=1)
    return rows


def upcoming(*, place: Place, now: datetime, limit: int = 20) -> QuerySet[Occurrence]:
    """The next dates with registration, for the organiser's links to their registrants."""
    return (
        Occurrence.objects.filter(
            event__place=place,
            event__registration=True,
            status=Occurrence.Status.SCHEDULED,
            end__gte=now - timedelta(days=1),
        )
        .exclude(event__status=Event.Status.DRAFT)
        .select_related("event")
        .annotate(
            registered=Count("registrations", filter=Q(registrations__status=CONFIRMED)),
            waiting=Count(
                "registrations",
                filter=Q(
                    registrations__status=Registration.Status.WAITING,
                    registrations__expires_at__isnull=True,
                ),
            ),
        )
        .order_by("start")[:limit]
    )
