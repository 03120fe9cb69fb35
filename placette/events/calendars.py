"""Reading an outside iCalendar file (a place's Gancio, Nextcloud, Google or Outlook agenda):
bytes in, events and their dates in a window out. services/feeds.py writes them.

Decoding honours the charset the server sent, else UTF-8, else what charset-normalizer finds
(Latin-1 and Windows-1252 agendas exist). Recurring events are expanded by
recurring-ical-events (every RRULE, RDATE, EXDATE, RECURRENCE-ID with RANGE=THISANDFUTURE),
after x-wr-timezone has put Google's X-WR-TIMEZONE on the dates. An event this module cannot
read (two DTSTART, DTEND and DURATION together, a broken date, DATE mixed with DATE-TIME) is
left out and named in `Parsed.skipped`; only a file that is no calendar at all raises
CalendarError. Deliberate differences with recurring-ical-events (checked on the corpus by
tests/events/test_corpus_ical.py): at most MAX_DATES_PER_EVENT dates per event and
MAX_DATES_PER_FEED per file; rules repeating more often than hourly, or that would take too
long to walk (MAX_STEPS), are skipped; events with a malformed date are skipped rather than
guessed; Exchange's "BYDAY=MO, TU" is read.
"""

import contextlib
import hashlib
import logging
import time as clock
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import charset_normalizer
import icalendar
import recurring_ical_events
import x_wr_timezone
from django.utils.translation import gettext as _

from placette.events import recurrence
from placette.events.models import Occurrence

log = logging.getLogger(__name__)

MAX_DATES_PER_EVENT = 200  # a daily event over the horizon fits
MAX_DATES_PER_FEED = 2000
DEADLINE = 60  # seconds to expand a whole file
KINDS = [  # words of SUMMARY / CATEGORIES → our kind, for a new event only
    ("permanence", "permanence"),
    ("formation", "formation"),
    ("atelier", "atelier"),
    ("conférence", "conference"),
    ("rencontre", "conference"),
    ("animation", "animation"),
]
DATE_PROPERTIES = ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")
TOO_FREQUENT = ("SECONDLY", "MINUTELY")  # months of them: the expansion would take minutes
# Dates dateutil walks through from DTSTART to the window (an hourly rule begun in 1900 would
# take half a minute): above this, the rule is skipped.
MAX_STEPS = 50_000
PERIOD = {"HOURLY": 3600, "DAILY": 86400, "WEEKLY": 7 * 86400, "MONTHLY": 28 * 86400}
BY_PARTS = ("BYMONTH", "BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY", "BYHOUR", "BYMINUTE")
WESTERN = ("cp1252", "latin_1", "iso8859_15")
ONLINE_WORDS = ("online", "en ligne", "visio", "webinaire", "webinar")


class CalendarError(Exception):
    """Why a whole file could not be read; the message is French and shown to people."""


@dataclass
class Instance:
    start: datetime
    end: datetime
    location: dict
    cancelled: bool = False


@dataclass
class Item:
    """One event (its series and overrides): its fields and its dates in the window."""

    title: str
    description: str
    kind: str
    cancelled: bool
    recurring: bool
    instances: dict[datetime, Instance] = field(default_factory=dict)


@dataclass
class Skipped:
    """An event left out, and why (French)."""

    label: str
    reason: str
    uid: str = ""  # the identity it would have had

    def __str__(self) -> str:
        return f"{self.label} : {self.reason}"


@dataclass
class Parsed:
    items: dict[str, Item] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)


# --- Bytes to text ------------------------------------------------------------------------


def decode(data: bytes, charset: str | None = None) -> str:
    """The file's text: the server's charset first, then UTF-8, then a guess."""
    for encoding in filter(None, [charset, "utf-8-sig"]):
        try:
            return data.decode(encoding).removeprefix("\ufeff")
        except (LookupError, UnicodeDecodeError):
            continue
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return data.decode("cp1252", errors="replace")
    # Short French texts fit Central European code pages as well ("à" is "ŕ" in cp1250):
    # a Western one wins when it reads as cleanly.
    for match in matches:
        if match.encoding in WESTERN and match.chaos <= best.chaos:
            return str(match)
    return str(best)


# --- Reading components -------------------------------------------------------------------


def _aware(value) -> datetime:
    """DATE → midnight local; floating time → local; a time with its zone stays as is."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=recurrence.TZ)
    if isinstance(value, date):
        return datetime.combine(value, time(0), tzinfo=recurrence.TZ)
    raise ValueError(f"not a date: {value!r}")


def _text(component, name: str, limit: int) -> str:
    value = component.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    return " ".join(str(value).split())[:limit] if value is not None else ""


def label(component) -> str:
    """How a person finds the event in their agenda: its title, and its UID."""
    summary = _text(component, "SUMMARY", 80)
    uid = _text(component, "UID", 120)
    if summary and uid:
        return _("« %(summary)s » (UID %(uid)s)") % {"summary": summary, "uid": uid}
    if summary:
        return _("« %(summary)s »") % {"summary": summary}
    if uid:
        return _("l'événement UID %(uid)s") % {"uid": uid}
    return _("un événement sans titre ni UID")


def identity(component) -> str:
    """The UID, or for an event without one an identity derived from what makes it itself
    (start, title, place): the same event read again finds the same row."""
    uid = _text(component, "UID", 500)
    if uid:
        return uid
    parts = []
    for name in ("DTSTART", "SUMMARY", "LOCATION"):
        value = component.get(name)
        try:
            parts.append(value.to_ical().decode() if hasattr(value, "to_ical") else str(value))
        except Exception:  # noqa: BLE001 - a broken value still names the event
            parts.append(str(value))
    return "derived-" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def problem(component) -> str | None:
    """Why this VEVENT cannot be read (French), or None."""
    start = component.get("DTSTART")
    if start is None:
        return _("pas de date de début (DTSTART)")
    if isinstance(start, list):
        return _("plusieurs dates de début (DTSTART)")
    for name, _message in component.errors:
        if name in DATE_PROPERTIES:
            return _("%(name)s illisible") % {"name": name}
    for name in ("DTEND", "DURATION", "RECURRENCE-ID"):
        if isinstance(component.get(name), list):
            return _("plusieurs %(name)s") % {"name": name}
    if "DTEND" in component and "DURATION" in component:
        return _("DTEND et DURATION à la fois (il en faut un seul)")
    end = component.get("DTEND")
    if end is not None and isinstance(start.dt, datetime) != isinstance(end.dt, datetime):
        return _("début et fin mêlent une date seule (DATE) et une date avec heure (DATE-TIME)")
    for rule in _rules(component):
        if str(rule.get("FREQ", [""])[0]).upper() in TOO_FREQUENT:
            return _("répétition plus fréquente qu'une fois par heure")
    try:
        component.start  # noqa: B018 - icalendar checks the dates when read
        component.end  # noqa: B018
        component.rdates  # noqa: B018
        component.exdates  # noqa: B018
    except Exception:  # noqa: BLE001 - icalendar raises several kinds
        return _("dates illisibles")
    return None


def _repair(component) -> None:
    """Exchange writes "BYDAY=MO, TU, WE": the rule without its spaces, when that reads."""
    rule = component.get("RRULE")
    if not isinstance(rule, str) or " " not in rule or "RRULE" not in dict(component.errors):
        return
    try:
        repaired = icalendar.vRecur.from_ical(rule.replace(" ", ""))
    except Exception:  # noqa: BLE001 - still broken: problem() names it
        return
    component.pop("RRULE")
    component.add("RRULE", repaired)
    component.errors[:] = [(n, m) for n, m in component.errors if n != "RRULE"]


def _rules(component) -> list:
    rules = component.get("RRULE")
    if rules is None:
        return []
    return [r for r in (rules if isinstance(rules, list) else [rules]) if hasattr(r, "get")]


def _location(component, place) -> dict:
    where = _text(component, "LOCATION", 300)
    url = _online_url(where, component)
    if url is not None:
        return {"mode": Occurrence.Mode.ONLINE, "online_url": url}
    geo = component.get("GEO")
    latitude = longitude = None
    with contextlib.suppress(AttributeError, TypeError, ValueError):  # no GEO, or broken
        latitude, longitude = float(geo.latitude), float(geo.longitude)
    if latitude is not None and _on_earth(latitude, longitude):
        return {
            "mode": Occurrence.Mode.OUTSIDE,
            "venue": where.split(",")[0][:200],
            "address": where,
            "latitude": latitude,
            "longitude": longitude,
        }
    if latitude is not None:  # GEO:999;-999 would put a pin off the map: the place's text only
        log.warning(
            "feed of %s: GEO %s;%s out of range, point skipped", place.slug, latitude, longitude
        )
    if where and place.name.lower() not in where.lower():
        return {
            "mode": Occurrence.Mode.OUTSIDE,
            "venue": where.split(",")[0][:200],
            "address": where,
        }
    return {"mode": Occurrence.Mode.PLACE}


def _online_url(where: str, component) -> str | None:
    """The link of an online event: a LOCATION that is a link, or Gancio's
    "online - https://…"; None for a place in the world."""
    lowered = where.lower()
    if lowered.startswith(("http://", "https://")):
        return where.split()[0][:500]
    for word in ONLINE_WORDS:
        if lowered == word or lowered.startswith((word + " ", word + ":", word + "-")):
            rest = where[len(word) :].strip(" -:")
            if rest.lower().startswith(("http://", "https://")):
                return rest.split()[0][:500]
            url = _text(component, "URL", 500)
            return url if url.lower().startswith(("http://", "https://")) else ""
    return None


def _on_earth(latitude: float, longitude: float) -> bool:
    return -90 <= latitude <= 90 and -180 <= longitude <= 180  # NaN: False


def _kind(component) -> str:
    categories = component.get("CATEGORIES")
    words = _text(component, "SUMMARY", 200).lower()
    for entry in categories if isinstance(categories, list) else [categories]:
        words += " " + " ".join(str(c) for c in getattr(entry, "cats", [])).lower()
    return next((kind for word, kind in KINDS if word in words), "autre")


def _cancelled(component) -> bool:
    return _text(component, "STATUS", 20).upper() == "CANCELLED"


def _span(component) -> tuple[datetime, datetime]:
    start = _aware(component.start)
    try:
        end = _aware(component.end)
    except Exception:  # noqa: BLE001 - no DTEND nor DURATION on a timed event
        end = start
    # No end given (or none after the start): an hour, rather than nothing.
    return start, end if end > start else start + timedelta(hours=1)


# --- The whole file -----------------------------------------------------------------------


def parse(text: str | bytes, *, place, after: datetime, before: datetime) -> Parsed:
    """The file's events by identity, with their dates between `after` and `before`, and the
    events left out. CalendarError when the file is no calendar."""
    if isinstance(text, bytes):
        text = decode(text)
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception as exc:  # noqa: BLE001 - the library raises several kinds
        raise CalendarError(_("Ce n'est pas un calendrier iCal lisible.")) from exc
    calendars = [c for c in calendars if isinstance(c, icalendar.Calendar)]
    if not calendars:
        raise CalendarError(_("Ce n'est pas un calendrier iCal lisible."))
    result = Parsed()
    deadline = clock.monotonic() + DEADLINE
    budget = MAX_DATES_PER_FEED
    for calendar in calendars:
        try:  # Google's X-WR-TIMEZONE put on the dates, once for the file
            calendar = x_wr_timezone.to_standard(calendar)
        except Exception:  # noqa: BLE001 - an unknown zone name, a broken date: as written
            log.info("calendar of %s: X-WR-TIMEZONE not applied", place.slug)
        for uid, group in _groups(calendar, result).items():
            if clock.monotonic() > deadline:
                result.skipped.append(
                    Skipped(label(group[0]), _("lecture trop longue, événement non lu"), uid)
                )
                continue
            try:
                item = _item(uid, group, calendar, place, after, before, budget, result)
            except Exception as exc:  # noqa: BLE001 - one event never stops the file
                log.info("calendar of %s: %s unreadable: %r", place.slug, uid, exc)
                result.skipped.append(Skipped(label(group[0]), _("événement illisible"), uid))
                continue
            if item is not None:
                budget = max(0, budget - len(item.instances))
                result.items[uid] = item
    return result


def _groups(calendar, result: Parsed) -> dict[str, list]:
    """The file's VEVENTs by identity, those that cannot be read left out (the whole event
    when one of its components is unreadable)."""
    groups: dict[str, list] = {}
    bad: set[str] = set()
    for component in calendar.walk("VEVENT"):
        uid = identity(component)
        try:
            _repair(component)
            reason = problem(component)
        except Exception:  # noqa: BLE001 - icalendar raises several kinds on broken values
            reason = _("dates illisibles")
        if reason is not None:
            if uid not in bad:
                result.skipped.append(Skipped(label(component), reason, uid))
            bad.add(uid)
            continue
        groups.setdefault(uid, []).append(component)
    for uid in bad:
        groups.pop(uid, None)
    return groups


def _series(uid: str, group: list, calendar) -> icalendar.Calendar:
    """A calendar with this event alone (and the file's time zones), its UID set."""
    alone = icalendar.Calendar()
    for zone in calendar.walk("VTIMEZONE"):
        alone.add_component(zone)
    for component in group:
        if "UID" not in component:
            component.add("UID", uid)
        alone.add_component(component)
    return alone


def _item(uid, group, calendar, place, after, before, budget, result) -> Item | None:
    master = next((c for c in group if "RECURRENCE-ID" not in c), group[0])
    recurring = bool(master.get("RRULE") or master.get("RDATE"))
    recurring = recurring or any("RECURRENCE-ID" in c for c in group)
    all_day = not isinstance(master.start, datetime)
    item = Item(
        title=_text(master, "SUMMARY", 200) or _("(sans titre)"),
        description=str(master.get("DESCRIPTION") or "")[:10000],
        kind=_kind(master),
        cancelled=_cancelled(master) and "RECURRENCE-ID" not in master,
        recurring=recurring,
    )
    limit = min(MAX_DATES_PER_EVENT, budget)
    if not limit:  # the file's dates are all taken: the event, without dates
        return item
    try:
        if any(_steps(rule, master, after) > MAX_STEPS for rule in _rules(master)):
            reason = _("répétition trop dense, ou commencée trop loin dans le passé")
            result.skipped.append(Skipped(label(master), reason, uid))
            return None
        # RANGE=THISANDFUTURE: the library gives every later date the change's RECURRENCE-ID;
        # their own first start is theirs less the shift.
        shifts = {
            _original(c["RECURRENCE-ID"].dt, all_day): _aware(c.start)
            - _original(c["RECURRENCE-ID"].dt, all_day)
            for c in group
            if "RECURRENCE-ID" in c
            and str(c["RECURRENCE-ID"].params.get("RANGE", "")).upper() == "THISANDFUTURE"
        }
        query = recurring_ical_events.of(_series(uid, group, calendar))
        occurrences = sorted(query.between(after, before), key=lambda c: _span(c)[0])
        for occurrence in occurrences[:limit]:
            start, end = _span(occurrence)
            key = start
            if recurring and occurrence.get("RECURRENCE-ID") is not None:
                key = _original(occurrence["RECURRENCE-ID"].dt, all_day)
                if key in shifts:  # a later date of a THISANDFUTURE change: its own key
                    key = start - shifts[key]
            item.instances[key] = Instance(
                start=start,
                end=end,
                location=_location(occurrence, place),
                cancelled=_cancelled(occurrence),
            )
    except Exception as exc:  # noqa: BLE001 - dateutil and the library raise several kinds
        log.info("calendar of %s: %s not expanded: %r", place.slug, uid, exc)
        reason = _("répétition impossible à calculer")
        result.skipped.append(Skipped(label(master), reason, uid))
        return None
    return item


def _original(value, all_day: bool) -> datetime:
    """The key of a date in its series: its first start (Exchange writes an all-day
    RECURRENCE-ID as midnight in a zone: the day is what counts)."""
    if all_day and isinstance(value, datetime):
        value = value.date()
    return _aware(value)


def _steps(rule, master, after: datetime) -> float:
    """About how many dates dateutil computes before reaching `after`."""
    if rule.get("COUNT"):
        return min(int(rule["COUNT"][0]), MAX_STEPS)
    elapsed = (after - _aware(master.start)).total_seconds()
    period = PERIOD.get(str(rule.get("FREQ", ["YEARLY"])[0]).upper(), 366 * 86400)
    interval = max(1, int((rule.get("INTERVAL") or [1])[0]))
    per_period = 1
    for part in BY_PARTS:
        per_period *= max(1, len(rule.get(part) or []))
    return max(0.0, elapsed) / (period * interval) * per_period
