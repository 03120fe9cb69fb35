"""Opening hours in OSM syntax, read with opening-hours-py."""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from opening_hours import OpeningHours, ParserError, State


@dataclass(frozen=True)
class DayHours:
    day: date
    ranges: list[tuple[datetime, datetime]]


@dataclass(frozen=True)
class Status:
    is_open: bool
    next_change: datetime | None


@lru_cache(maxsize=4096)
def parse(text: str) -> OpeningHours | None:
    """The parsed hours, or None when the text is not valid OSM syntax."""
    if not text.strip():
        return None
    try:
        return OpeningHours(text, timezone=ZoneInfo(settings.TIME_ZONE), country="FR")
    except ParserError:
        return None


def error(text: str) -> str | None:
    """Why the text is not valid OSM opening hours, or None when it is."""
    try:
        OpeningHours(text, timezone=ZoneInfo(settings.TIME_ZONE), country="FR")
    except ParserError as exc:
        # Keep the position ("--> 1:7") and what was expected, drop the ASCII drawing.
        message = str(exc)
        column = re.search(r"--> \d+:(\d+)", message)
        expected = re.search(r"= (expected .*)", message)
        parts = [_("syntaxe invalide")]
        if column:
            parts.append(_("au caractère %(n)s") % {"n": column.group(1)})
        if expected:
            parts.append(f"({expected.group(1)})")
        return " ".join(parts)
    return None


def validate(text: str) -> None:
    """Model-field validator: OSM syntax, or a clear error saying where it breaks."""
    if text and (problem := error(text)):
        raise ValidationError(
            _(
                "Horaires illisibles (syntaxe OpenStreetMap attendue, "
                "ex. « Mo-Fr 09:00-18:00 ») : %(problem)s"
            ),
            code="opening_hours",
            params={"problem": problem},
        )


def status(text: str, at: datetime | None = None) -> Status | None:
    hours = parse(text)
    if hours is None:
        return None
    at = timezone.localtime(at or timezone.now())
    return Status(is_open=hours.is_open(at), next_change=hours.next_change(at))


def is_open(text: str, at: datetime) -> bool:
    hours = parse(text)
    return hours is not None and hours.is_open(at)


def week(text: str, start: date | None = None) -> list[DayHours]:
    """Opening ranges of the seven days from `start` (today by default)."""
    hours = parse(text)
    if hours is None:
        return []
    tz = ZoneInfo(settings.TIME_ZONE)
    start = start or timezone.localdate()
    begin = datetime(start.year, start.month, start.day, tzinfo=tz)
    days = [DayHours(day=start + timedelta(days=i), ranges=[]) for i in range(7)]
    for opens, closes, state, _comment in hours.intervals(begin, begin + timedelta(days=7)):
        if state != State.OPEN:
            continue
        index = (opens.date() - start).days
        if 0 <= index < 7:
            days[index].ranges.append((opens, closes))
    return days


def describe_status(text: str, at: datetime | None = None) -> str:
    """ "Ouvert maintenant, ferme à 18h30" / "Fermé, ouvre lundi à 09h00"."""
    current = status(text, at)
    if current is None:
        return ""
    at = timezone.localtime(at or timezone.now())
    if current.next_change is None:
        return _("Ouvert maintenant") if current.is_open else _("Fermé")
    change = timezone.localtime(current.next_change)
    when = formats.time_format(change, "H\\hi")
    if (change.date() - at.date()).days >= 7:
        date = formats.date_format(change, "j F")
        when = _("le %(date)s à %(time)s") % {"date": date, "time": when}
    elif change.date() != at.date():
        day = formats.date_format(change, "l")
        when = _("%(day)s à %(time)s") % {"day": day, "time": when}
    else:
        when = _("à %(time)s") % {"time": when}
    if current.is_open:
        return _("Ouvert maintenant, ferme %(when)s") % {"when": when}
    return _("Fermé, ouvre %(when)s") % {"when": when}
