"""Regular slots ("every Tuesday 14:00–17:00 except school holidays"): an RFC 5545 rule whose
dates become Occurrences.

Event.rrule holds three content lines, in local wall-clock time (Europe/Paris):

    DTSTART;TZID=Europe/Paris:20260901T140000
    DTEND;TZID=Europe/Paris:20260901T170000
    RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630T215959Z

DTSTART is the first date; DTEND gives the slot's end time. Dates are expanded in wall-clock
time, then placed in the zone, so 14:00 stays 14:00 in winter and in summer.
Event.skip_school_holidays ("A", "B", "C") leaves out the days of that zone's school holidays.
"""

import itertools
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from placette.events.models import Event, Occurrence
from placette.places.school_holidays import (  # noqa: F401  (re-exported: forms, views, demo)
    ZONE_BY_DEPARTEMENT,
    is_school_holiday,
    zone_for,
)

log = logging.getLogger(__name__)

TZ = ZoneInfo(settings.TIME_ZONE)
TZID = settings.TIME_ZONE
HORIZON_DAYS = 180
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@dataclass(frozen=True)
class Rule:
    start: datetime  # first date, aware
    end: datetime  # its end, aware
    rrule: str  # the RRULE value: "FREQ=WEEKLY;BYDAY=TU;…"


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def build(
    *,
    first_day: date,
    start: time,
    end: time,
    frequency: str = "weekly",
    interval: int = 1,
    weekdays: list[str] | None = None,
    nth: int = 1,
    until: date | None = None,
) -> str:
    """The Event.rrule text of a simple rule: weekly on `weekdays` every `interval` weeks, or
    monthly on the `nth` (1–4, -1 the last) weekday `weekdays[0]`; from `first_day` (the first
    matching day on or after it becomes DTSTART) to `until` (inclusive)."""
    days = [d for d in WEEKDAYS if d in (weekdays or [])] or [WEEKDAYS[first_day.weekday()]]
    if frequency == "monthly":
        parts = ["FREQ=MONTHLY", f"BYDAY={nth}{days[0]}"]
    else:
        parts = ["FREQ=WEEKLY", f"BYDAY={','.join(days)}"]
    if interval > 1:
        parts.insert(1, f"INTERVAL={interval}")
    value = ";".join(parts)
    first = rrulestr(value, dtstart=datetime.combine(first_day, start))[0]
    if until is not None:
        last = datetime.combine(until, time(23, 59, 59), tzinfo=TZ).astimezone(ZoneInfo("UTC"))
        value += f";UNTIL={last:%Y%m%dT%H%M%SZ}"
    finish = datetime.combine(first.date(), end)
    if finish <= first:
        finish += timedelta(days=1)
    return f"DTSTART;TZID={TZID}:{_stamp(first)}\nDTEND;TZID={TZID}:{_stamp(finish)}\nRRULE:{value}"


def parse(text: str) -> Rule:
    """Read an Event.rrule text; ValueError when it is not one."""
    lines = dict(
        line.split(":", 1) for line in text.strip().splitlines() if ":" in line and line.strip()
    )
    found = {name.split(";")[0].upper(): (name, value) for name, value in lines.items()}
    try:
        start = read_stamp(*found["DTSTART"])
        end = read_stamp(*found["DTEND"]) if "DTEND" in found else start + timedelta(hours=1)
        value = found["RRULE"][1].strip()
    except KeyError as exc:
        raise ValueError(f"missing {exc}") from exc
    _wall_rule(start, value)  # raises ValueError if malformed
    return Rule(start=start, end=end, rrule=value)


def read_stamp(name: str, value: str) -> datetime:
    """A DTSTART-like value (UTC, with TZID, or local) as an aware datetime."""
    naive = datetime.strptime(value.strip().rstrip("Z"), "%Y%m%dT%H%M%S")
    if value.strip().endswith("Z"):
        return naive.replace(tzinfo=ZoneInfo("UTC")).astimezone(TZ)
    match = re.search(r"TZID=([^;:]+)", name)
    return naive.replace(tzinfo=ZoneInfo(match.group(1)) if match else TZ)


_UNTIL = re.compile(r"UNTIL=(\d{8})(T\d{6})?(Z)?", re.I)


def _wall_rule(start: datetime, rrule: str):
    """The rule as a dateutil rruleset in `start`'s naive wall-clock time."""
    zone = start.tzinfo or TZ

    def until(match: re.Match) -> str:
        day, clock, utc = match.groups()
        moment = datetime.strptime(day + (clock or "T235959"), "%Y%m%dT%H%M%S")
        if utc:
            moment = moment.replace(tzinfo=ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None)
        return f"UNTIL={_stamp(moment)}"

    value = _UNTIL.sub(until, rrule.strip().removeprefix("RRULE:"))
    return rrulestr(value, dtstart=start.replace(tzinfo=None), forceset=True)


def expand(
    *,
    start: datetime,
    rrule: str,
    after: datetime,
    before: datetime,
    exdates: tuple[datetime, ...] = (),
    rdates: tuple[datetime, ...] = (),
    limit: int | None = None,
) -> list[datetime]:
    """The starts of a rule in [after, before), as aware datetimes in `start`'s zone; the
    first `limit` of them only, when given (they are worked out one by one, so a rule by the
    second costs no more than `limit`).

    The rule runs in `start`'s wall-clock time (RFC 5545 §3.3.10), so a slot at 14:00 Paris
    time stays at 14:00 across daylight-saving changes. UNTIL may be a date, a UTC or a
    floating time; it is turned into the same wall-clock time first."""
    zone = start.tzinfo or TZ
    wall = _wall_rule(start, rrule)

    def to_wall(moment: datetime) -> datetime:  # floating times are already wall-clock
        return moment.astimezone(zone).replace(tzinfo=None) if moment.tzinfo else moment

    for moment in exdates:
        wall.exdate(to_wall(moment))
    for moment in rdates:
        wall.rdate(to_wall(moment))
    low, high = to_wall(after), to_wall(before)
    starts = itertools.takewhile(lambda m: m < high, wall.xafter(low, inc=True))
    return [m.replace(tzinfo=zone) for m in itertools.islice(starts, limit)]


def dates(
    text: str, *, after: datetime, before: datetime, zone: str = ""
) -> list[tuple[datetime, datetime]]:
    """(start, end) of each date of an Event.rrule text in [after, before), school holidays of
    `zone` left out."""
    rule = parse(text)
    length = rule.end - rule.start  # wall-clock length: same hours on every date
    found = []
    for start in expand(start=rule.start, rrule=rule.rrule, after=after, before=before):
        if is_school_holiday(start.date(), zone):
            continue
        end = (start.replace(tzinfo=None) + length).replace(tzinfo=start.tzinfo)
        found.append((start, end))
    return found


def describe(text: str, zone: str = "") -> str:
    """The rule in words, for the organiser's pages: "Chaque mardi, 14:00–17:00"."""
    try:
        rule = parse(text)
    except ValueError:
        return ""
    names = dict(
        zip(
            WEEKDAYS,
            [
                _("lundi"),
                _("mardi"),
                _("mercredi"),
                _("jeudi"),
                _("vendredi"),
                _("samedi"),
                _("dimanche"),
            ],
            strict=True,
        )
    )
    parts = dict(p.split("=", 1) for p in rule.rrule.upper().split(";") if "=" in p)
    interval = int(parts.get("INTERVAL", "1"))
    if parts.get("FREQ") == "MONTHLY":
        match = re.match(r"(-?\d)([A-Z]{2})", parts.get("BYDAY", ""))
        if match:
            nth, day = int(match.group(1)), names.get(match.group(2), "")
            ranks = {-1: _("dernier"), 1: _("1er"), 2: _("2e"), 3: _("3e"), 4: _("4e"), 5: _("5e")}
            rank = ranks.get(nth, str(nth))
            words = _("Le %(rank)s %(day)s du mois") % {"rank": rank, "day": day}
        else:
            words = _("Chaque mois")
    else:
        days = [names[d] for d in parts.get("BYDAY", "").split(",") if d in names]
        joined = ", ".join(days)
        words = (
            _("Chaque %(days)s") % {"days": joined}
            if interval == 1
            else ngettext(
                "Toutes les %(n)s semaines, le %(days)s",
                "Toutes les %(n)s semaines, le %(days)s",
                interval,
            )
            % {"n": interval, "days": joined}
        )
    words += f", {rule.start:%H:%M}–{rule.end:%H:%M}"
    if "UNTIL" in parts:
        last = read_stamp("UNTIL", parts["UNTIL"]).date()
        words += ", " + _("jusqu'au %(date)s") % {"date": last.strftime("%d/%m/%Y")}
    if zone:
        words += ", " + _("sauf vacances scolaires (zone %(zone)s)") % {"zone": zone}
    return words


@dataclass
class Materialised:
    created: int = 0
    removed: int = 0
    cancelled: int = 0


def materialise(
    event: Event,
    *,
    horizon_days: int = HORIZON_DAYS,
    now: datetime | None = None,
) -> Materialised:
    """Create the Occurrences of the event's rule for the coming `horizon_days`.

    Never duplicates a date (a date moved by hand keeps its rule date in original_start),
    never touches dates edited by hand (from_rule=False) or cancelled ones. A future date the
    rule no longer gives is deleted when nobody ever registered, else cancelled and its
    registrants told."""
    from placette.events.services import events as services  # services imports this module

    now = now or timezone.now()
    result = Materialised()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.status in (Event.Status.CANCELLED, Event.Status.POSTPONED):
            return result
        future = list(event.occurrences.filter(Q(start__gte=now) | Q(original_start__gte=now)))
        horizon = now + timedelta(days=horizon_days)
        latest = max((o.start for o in future if o.from_rule), default=horizon)
        wanted = (
            dict(
                dates(
                    event.rrule,
                    after=now,
                    before=max(horizon, latest + timedelta(seconds=1)),
                    zone=event.skip_school_holidays,
                )
            )
            if event.rrule
            else {}
        )
        taken = {o.start for o in future} | {o.original_start for o in future if o.original_start}
        for occurrence in future:
            stale = (
                occurrence.from_rule
                and occurrence.status == Occurrence.Status.SCHEDULED
                and occurrence.start >= now
                and occurrence.start not in wanted
            )
            if not stale:
                continue
            if occurrence.registrations.exists():
                services.cancel_occurrence(
                    occurrence=occurrence,
                    reason=_("Le créneau régulier a changé."),
                )
                result.cancelled += 1
            else:
                occurrence.delete()
                result.removed += 1
        for start, end in sorted(wanted.items()):
            if start < horizon and start not in taken:
                Occurrence.objects.create(
                    event=event,
                    start=start,
                    end=end,
                    mode=Occurrence.Mode.PLACE,
                    place=event.place,
                    departement=event.place.departement,
                    from_rule=True,
                )
                result.created += 1
    return result


@task()
def materialise_all() -> int:
    """Daily: extend every regular slot to the coming horizon."""
    total = 0
    events = Event.objects.exclude(rrule="").exclude(
        status__in=[Event.Status.CANCELLED, Event.Status.POSTPONED]
    )
    for event in events.iterator():
        total += materialise(event).created
    return total
