"""Opening hours in OSM syntax, read with opening-hours-py.

Where the library departs from the OSM reference semantics (opening_hours.js), we correct it:
a rule made of a comment only ("sur rendez-vous") is unknown, not open; school holidays (SH)
come from the place's académie; sunrise and sunset from its coordinates; a fallback rule (`||`)
applies at every time the rules before it leave open, as in opening_hours.js (the library's
intervals() also loses track after a fallback day). tests/corpus/hours/ compares the results
with opening_hours.js.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from opening_hours import OpeningHours, ParserError, State  # noqa: F401 (State re-exported)

from placette.places import school_holidays
from placette.places.hours_french import explain, from_french

TZ = ZoneInfo(settings.TIME_ZONE)
HORIZON = timedelta(days=366)
WEEKDAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]


@dataclass(frozen=True)
class Where:
    """What the hours depend on besides the text: sun times, school holidays."""

    latitude: float | None = None
    longitude: float | None = None
    departement: str = ""

    @property
    def coords(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        # Rounded so that places nearby share one parsed expression (sun times move by
        # well under a minute over 0.05°).
        return (round(self.latitude, 1), round(self.longitude, 1))

    @property
    def school_zone(self) -> str:
        return school_holidays.zone_for(self.departement)


NOWHERE = Where()


def where(place) -> Where:
    return Where(place.latitude, place.longitude, place.departement or "")


@dataclass(frozen=True)
class Status:
    state: State
    comment: str
    next_change: datetime | None
    next_state: State | None = None

    @property
    def is_open(self) -> bool:
        return self.state == State.OPEN


@dataclass(frozen=True)
class Slot:
    """One line of a day in the week table."""

    opens: time | None  # None: open since before the day began
    closes: time | None  # None: still open after the day ends
    state: State
    comment: str = ""
    otherwise: bool = False  # the rest of the day

    @property
    def whole_day(self) -> bool:
        return self.opens is None and self.closes is None

    def __str__(self) -> str:
        if self.otherwise:
            return _("sinon : %(what)s") % {"what": self.comment or _("horaires à confirmer")}
        if self.whole_day:
            if self.state == State.UNKNOWN:
                return self.comment or _("horaires à confirmer")
            text = _("24 h sur 24")
        elif self.opens is None:
            text = _("jusqu'à %(time)s") % {"time": clock(self.closes, closing=True)}
        elif self.closes is None:
            text = _("à partir de %(time)s") % {"time": clock(self.opens)}
        else:
            text = f"{clock(self.opens)} – {clock(self.closes, closing=True)}"
        if self.comment:
            return f"{text} ({self.comment})"
        if self.state == State.UNKNOWN:
            return f"{text} ({_('à confirmer')})"
        return text


@dataclass(frozen=True)
class DayHours:
    day: date
    slots: list[Slot] = field(default_factory=list)

    @property
    def ranges(self) -> list[Slot]:
        return [slot for slot in self.slots if slot.state == State.OPEN]


def clock(moment: time | datetime, *, closing: bool = False) -> str:
    """ "14 h 30", "9 h 00"; "minuit" for a closing time of 00:00."""
    if closing and moment.hour == 0 and moment.minute == 0:
        return _("minuit")
    return f"{moment.hour} h {moment.minute:02d}"


# Parsing ----------------------------------------------------------------------------------

_QUOTED = re.compile(r'("[^"]*")')


def _outside_quotes(text: str) -> str:
    return _QUOTED.sub('""', text)


def _comment_rules_unknown(text: str) -> str:
    """A rule with a comment but no state ("sur rendez-vous", `Mo 14:00-18:00 "sur
    inscription"`) is unknown in the OSM reference, open (or always open) in the library:
    write the unknown state out."""
    parts = re.split(r'("[^"]*"|\|\||;)', text)
    out, rule = [], []

    def flush():
        body = "".join(rule)
        found = re.fullmatch(r'(\s*)(.*?)\s*("[^"]*")\s*', body, re.S)
        if found and not _STATE.search(_outside_quotes(found.group(2))):
            lead, selectors, comment = found.groups()
            body = (
                f"{lead}{selectors} unknown {comment}" if selectors else f"{lead}unknown {comment}"
            )
        out.append(body)
        rule.clear()

    for part in parts:
        if part in ("||", ";"):
            flush()
            out.append(part)
        else:
            rule.append(part)
    flush()
    return "".join(out)


_STATE = re.compile(r"\b(?:open|closed|off|unknown)\b", re.I)


def _school_holiday_variant(text: str) -> str | None:
    """The text as it reads on a school holiday: SH matches every day. None if it cannot be
    rewritten (then SH is left unmatched, as the library does)."""
    pieces = _QUOTED.split(text)
    for i in range(0, len(pieces), 2):  # even pieces are outside quotes
        # "SH Mo-Fr" (both must hold) becomes "Mo-Fr"; "SH", "Mo-Fr,SH" become every day.
        piece = re.sub(r"\bSH\s+(?=(?:Mo|Tu|We|Th|Fr|Sa|Su)\b)", "", pieces[i])
        pieces[i] = re.sub(r"\bSH\b", "Mo-Su", piece)
    variant = "".join(pieces)
    try:
        OpeningHours(variant, timezone=TZ, country="FR")
    except ParserError:
        return None
    return variant


def _without_school_holiday_rules(text: str) -> str:
    """The text as it reads outside school holidays. The library reads "SH Mo-Fr" as SH or
    Mo-Fr; the OSM reference as SH and Mo-Fr, which never holds outside holidays."""
    rules = _top_level_split(text, ";")
    kept = [rule for rule in rules if not _SH_AND_DAYS.search(_outside_quotes(rule))]
    return "; ".join(kept) if kept else "off"


_SH_AND_DAYS = re.compile(r"\bSH\s+(?:Mo|Tu|We|Th|Fr|Sa|Su)\b")


def _has_school_holidays(text: str) -> bool:
    return re.search(r"\bSH\b", _outside_quotes(text)) is not None


def _top_level_split(text: str, separator: str) -> list[str]:
    pieces = _QUOTED.split(text)
    parts, current = [], ""
    for i, piece in enumerate(pieces):
        if i % 2:
            current += piece
            continue
        chunks = piece.split(separator)
        current += chunks[0]
        for chunk in chunks[1:]:
            parts.append(current)
            current = chunk
    parts.append(current)
    return [part.strip() for part in parts]


def _fallback_parts(text: str) -> list[str]:
    """`A || B; C` as opening_hours.js reads it: A, else B, C overriding both; returned as
    ["A; C", "B; C"], each part readable alone."""
    parts = _top_level_split(text, "||")
    if len(parts) == 1:
        return parts
    last, *trailing = _top_level_split(parts[-1], ";")
    parts[-1] = last
    return ["; ".join([part, *trailing]) for part in parts]


@lru_cache(maxsize=4096)
def _compile(text: str, coords: tuple[float, float] | None = None) -> OpeningHours | None:
    if not text.strip():
        return None
    try:
        return OpeningHours(
            _comment_rules_unknown(text.strip()),
            timezone=TZ,
            country="FR",
            coords=coords,
            auto_country=False,
            # auto_timezone stays on: turned off, the library drops the real sun times.
        )
    except (ParserError, ValueError, OverflowError):
        return None


def parse(text: str) -> OpeningHours | None:
    """The parsed hours, or None when the text is not valid OSM syntax."""
    return _compile(text)


def error(text: str) -> str | None:
    """Why the text is not valid OSM opening hours (in French, with a correct example), or
    None when it is."""
    if not text.strip() or _compile(text) is not None:
        return None
    return explain(text)


def parse_or_text(value: str) -> tuple[str | None, str]:
    """For importers: (the OSM string, "") when the value is OSM or plain French hours that
    can be read ("mardi et jeudi 14h-18h"), else (None, a French warning); keep the value as
    text then."""
    value = (value or "").strip()
    if not value or _compile(value) is not None:
        return value, ""
    converted = from_french(value)
    if converted is not None:
        return converted, ""
    return None, explain(value)


def validate(text: str) -> None:
    """Model-field validator: OSM syntax, or a French error saying what is wrong."""
    if text and (problem := error(text)):
        raise ValidationError(problem, code="opening_hours")


# Evaluation -------------------------------------------------------------------------------


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=TZ)


def _part_intervals(text: str, start: datetime, end: datetime, where: Where):
    if _compile(text) is None:
        return
    has_sh = _has_school_holidays(text)
    hours = _compile(_without_school_holiday_rules(text) if has_sh else text, where.coords)
    zone = where.school_zone if has_sh else ""
    holiday_text = _school_holiday_variant(text) if zone else None
    holiday_hours = _compile(holiday_text, where.coords) if holiday_text else None
    if hours is None:
        return
    if holiday_hours is None:
        yield from hours.intervals(start, end)
        return
    moment = start
    while moment < end:
        day = moment.date()
        stop = min(_midnight(day + timedelta(days=1)), end)
        on_holiday = school_holidays.is_school_holiday(day, zone)
        yield from (holiday_hours if on_holiday else hours).intervals(moment, stop)
        moment = stop


def _raw_intervals(text: str, start: datetime, end: datetime, where: Where):
    """As opening_hours.js reads a fallback rule (`A || B`): B holds at every time A leaves
    closed, a day's hours outside A's ranges included (to close on public holidays whatever
    the fallback says, write `A || B; PH off`)."""
    parts = _fallback_parts(text)
    if len(parts) == 1:
        yield from _part_intervals(text, start, end, where)
        return
    if any(_compile(part) is None for part in parts):
        return
    streams = [_part_intervals(part, start, end, where) for part in parts]
    current = [next(stream, None) for stream in streams]
    moment = start
    while moment < end and all(current):
        stop = min(interval[1] for interval in current)
        state, comment = State.CLOSED, ""
        for _opens, _closes, part_state, part_comment in current:
            if part_state != State.CLOSED:  # closed: the next part says
                state, comment = part_state, part_comment
                break
        yield (moment, stop, state, comment)
        moment = stop
        for i, interval in enumerate(current):
            if interval[1] <= moment:
                current[i] = next(streams[i], None)


def intervals(text: str, start: datetime, end: datetime, where: Where = NOWHERE):
    """Successive (opens, closes, state, comment) from start to end, neighbours of the same
    state and comment merged."""
    current = None
    for opens, closes, state, comment in _raw_intervals(text, start, end, where):
        if current and current[2] == state and current[3] == comment and current[1] == opens:
            current = (current[0], closes, state, comment)
            continue
        if current:
            yield current
        current = (opens, closes, state, comment)
    if current:
        yield current


def status(text: str, at: datetime | None = None, where: Where = NOWHERE) -> Status | None:
    if _compile(text) is None:
        return None
    at = timezone.localtime(at or timezone.now(), TZ)
    found = intervals(text, at, at + HORIZON, where)
    first = next(found, None)
    if first is None:
        return None
    second = next(found, None)
    if second is None:
        return Status(state=first[2], comment=first[3], next_change=None)
    return Status(first[2], first[3], next_change=first[1], next_state=second[2])


def is_open(text: str, at: datetime, where: Where = NOWHERE) -> bool:
    current = status(text, at, where)
    return current is not None and current.is_open


def week(text: str, start: date | None = None, where: Where = NOWHERE) -> list[DayHours]:
    """The seven days from `start` (today by default), each with its slots. A range past
    midnight shows on the day it starts ("22 h 00 – 2 h 00"), a day open throughout as
    "24 h sur 24"."""
    if _compile(text) is None:
        return []
    start = start or timezone.localdate()
    return _days(text, start, 7, where)


def _days(text: str, start: date, count: int, where: Where) -> list[DayHours]:
    days = [DayHours(day=start + timedelta(days=i)) for i in range(count)]
    # One day more on each side, so that the first and last days see what crosses them.
    begin, end = _midnight(start - timedelta(days=1)), _midnight(start + timedelta(days=count + 1))
    for opens, closes, state, comment in intervals(text, begin, end, where):
        if state == State.CLOSED:
            continue
        first = max(0, (opens.date() - start).days)
        last = min(count - 1, (closes.date() - start).days)
        for index in range(first, last + 1):
            slot = _slot_of(days[index].day, opens, closes, state, comment)
            if slot is not None:
                days[index].slots.append(slot)
    for day in days:
        _fold_otherwise(day.slots)
    return days


def _fold_otherwise(slots: list[Slot]) -> None:
    """On a day with open ranges, the unknown hours around them (a fallback rule: "sur
    rendez-vous" the rest of the time) read as one "sinon : sur rendez-vous"."""
    if not any(slot.state == State.OPEN for slot in slots):
        return
    around = [
        slot
        for slot in slots
        if slot.state == State.UNKNOWN
        and (slot.opens in (None, time(0)) or slot.closes is None or slot.closes <= slot.opens)
    ]
    if around:
        slots[:] = [slot for slot in slots if slot not in around]
        slots.append(Slot(None, None, State.UNKNOWN, around[0].comment, otherwise=True))


def _slot_of(day: date, opens, closes, state, comment) -> Slot | None:
    day_start, day_end = _midnight(day), _midnight(day + timedelta(days=1))
    if closes <= day_start or opens >= day_end:
        return None
    overnight = timedelta(hours=12)
    if opens <= day_start and closes >= day_end:
        return Slot(None, None, state, comment)
    if opens < day_start:
        if opens > day_start - timedelta(days=1) and closes - day_start <= overnight:
            return None  # shown on the day before, as "22 h 00 – 2 h 00"
        return Slot(None, closes.time(), state, comment)
    if closes > day_end and closes - day_end > overnight:
        return Slot(opens.time(), None, state, comment)
    return Slot(opens.time(), closes.time(), state, comment)


def _by_appointment(comment: str) -> bool:
    folded = comment.lower()
    return "rendez" in folded or "rdv" in folded or "appointment" in folded


def describe_status(text: str, at: datetime | None = None, where: Where = NOWHERE) -> str:
    """ "Ouvert maintenant, ferme à 18 h 30" / "Fermé, ouvre lundi à 9 h 00" / "Sur
    rendez-vous" / "Horaires à confirmer"."""
    current = status(text, at, where)
    if current is None:
        return ""
    if current.state == State.UNKNOWN:
        if _by_appointment(current.comment):
            return _("Sur rendez-vous")
        return _("Horaires à confirmer")
    at = timezone.localtime(at or timezone.now(), TZ)
    if current.next_change is None:
        return _("Ouvert maintenant") if current.is_open else _("Fermé")
    if current.state == State.CLOSED and current.next_state != State.OPEN:
        return _("Fermé")
    change = timezone.localtime(current.next_change, TZ)
    when = clock(change)
    if (change.date() - at.date()).days >= 7:
        day = formats.date_format(change, "j F")
        when = _("le %(date)s à %(time)s") % {"date": day, "time": when}
    elif change.date() != at.date():
        day = formats.date_format(change, "l")
        when = _("%(day)s à %(time)s") % {"day": day, "time": when}
    else:
        when = _("à %(time)s") % {"time": when}
    if current.is_open:
        return _("Ouvert maintenant, ferme %(when)s") % {"when": when}
    return _("Fermé, ouvre %(when)s") % {"when": when}


# The regular week (JSON-LD) -------------------------------------------------------------

Ranges = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Deviation:
    """Dates whose hours differ from the regular week: the same weekday, weekly, from
    `first` to `last`, open in `ranges` (empty: closed)."""

    first: date
    last: date
    weekday: int
    ranges: Ranges


def _open_ranges(day: DayHours) -> Ranges:
    out = []
    for slot in day.ranges:
        opens = slot.opens.strftime("%H:%M") if slot.opens else "00:00"
        closes = slot.closes.strftime("%H:%M") if slot.closes else "23:59"
        if slot.opens is None and slot.closes is None:
            opens, closes = "00:00", "23:59"
        out.append((opens, closes))
    return tuple(out)


@lru_cache(maxsize=256)
def regular_week(
    text: str, start: date, where: Where = NOWHERE
) -> tuple[dict[int, Ranges], list[Deviation]]:
    """The usual open ranges of each weekday (0 = Monday) over the year from `start`, and
    the dates that differ (public holidays, school holidays, seasons, dated closures)."""
    if _compile(text) is None:
        return {}, []
    days = _days(text, start, 364, where)
    ranges = [_open_ranges(day) for day in days]
    regular = {}
    for weekday in range(7):
        counts = Counter(ranges[i] for i in range(len(days)) if days[i].day.weekday() == weekday)
        regular[weekday] = counts.most_common(1)[0][0]
    exceptions: list[Deviation] = []
    for weekday in range(7):
        run: list[int] = []
        for i in range(len(days)):
            if days[i].day.weekday() != weekday:
                continue
            differs = ranges[i] != regular[weekday]
            if run and (not differs or ranges[i] != ranges[run[0]]):
                exceptions.append(_exception(days, ranges, run, weekday))
                run = []
            if differs:
                run.append(i)
        if run:
            exceptions.append(_exception(days, ranges, run, weekday))
    exceptions.sort(key=lambda e: (e.first, e.weekday))
    return regular, exceptions


def _exception(days, ranges, run, weekday) -> Deviation:
    return Deviation(days[run[0]].day, days[run[-1]].day, weekday, ranges[run[0]])
