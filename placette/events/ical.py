"""iCalendar feeds (RFC 5545, with the `icalendar` library): one VEVENT per date.

UIDs are the occurrence's own, so a date keeps its identity in every calendar that subscribed;
SEQUENCE adds the event's and the date's counters, which grow on each change, so clients
replace their copy; cancelled dates stay in the feed with STATUS:CANCELLED (queries.for_feed)."""

import uuid
from collections.abc import Callable, Iterable
from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils.translation import gettext as _

from placette.events.models import Event, Occurrence
from placette.events.queries import CANCELLED, POSTPONED, Item, items

PRODID = "-//Placette//Agenda des tiers-lieux//FR"


def calendar(
    occurrences: Iterable[Occurrence],
    *,
    name: str,
    host: str,
    absolute: Callable[[str], str],
    url: str = "",
) -> bytes:
    """The feed of these dates. `absolute` turns a path into an absolute URL (the request's)."""
    tz = ZoneInfo(settings.TIME_ZONE)
    # A stable calendar UID: the same feed reads the same, byte for byte, until a date changes.
    uid = uuid.uuid5(uuid.NAMESPACE_URL, url or name)
    cal = icalendar.Calendar.new(name=name, prodid=PRODID, url=url or None, uid=uid)
    cal.add("X-WR-TIMEZONE", settings.TIME_ZONE)
    dated = items(occurrences)
    for item in dated:
        cal.add_component(_vevent(item, tz=tz, host=host, absolute=absolute))
    if dated:
        # The time zone's rules over the feed's dates only, not 1970–2038.
        first = min(item.occurrence.start for item in dated).astimezone(tz).date()
        last = max(item.occurrence.end for item in dated).astimezone(tz).date()
        cal.add_missing_timezones(
            first_date=first - timedelta(days=366), last_date=last + timedelta(days=366)
        )
    return cal.to_ical()


def _vevent(item: Item, *, tz: ZoneInfo, host: str, absolute: Callable[[str], str]):
    occ, event = item.occurrence, item.event
    page = absolute(event.get_absolute_url())
    vevent = icalendar.Event.new(
        uid=f"{occ.uid}@{host}",
        summary=event.title,
        start=occ.start.astimezone(tz),
        end=occ.end.astimezone(tz),
        # Without METHOD, DTSTAMP is the last change (RFC 5545 §3.8.7.2): a feed that did not
        # change reads the same, byte for byte.
        stamp=event.updated_at,
        last_modified=event.updated_at,
        sequence=event.sequence + occ.sequence,
        status=_status(item),
        url=page,
        location=where(item) or None,
        description=_description(item, page),
        categories=[str(event.get_kind_display())],
    )
    point = item.point
    if point:
        vevent.add("GEO", point)
    return vevent


def _status(item: Item) -> str:
    if item.state == CANCELLED:
        return "CANCELLED"
    if item.state == POSTPONED:
        return "TENTATIVE"  # the date will change; not cancelled
    return "CONFIRMED"


def where(item: Item) -> str:
    """The location as one line of text."""
    occ = item.occurrence
    if occ.mode == Occurrence.Mode.OUTSIDE:
        parts = [occ.venue, occ.address, f"{occ.postal_code} {occ.commune}".strip()]
    elif occ.mode == Occurrence.Mode.ONLINE:
        parts = [_("En ligne"), item.online_link]
    else:
        place = item.place
        parts = [place.name, place.address, f"{place.postal_code} {place.commune}".strip()]
        if occ.mode == Occurrence.Mode.HYBRID:
            parts.extend([_("et en ligne"), item.online_link])
    return ", ".join(part for part in parts if part)


def _description(item: Item, page: str) -> str:
    event = item.event
    parts = [event.summary, event.description]
    if item.state == CANCELLED:
        parts.insert(0, _("ANNULÉ"))
    elif event.status == Event.Status.POSTPONED:
        parts.insert(0, _("REPORTÉ"))
    parts.append(f"{event.place.name} : {page}")
    return "\n\n".join(part for part in parts if part)


def uid_host(request) -> str:
    """The host part of UIDs: the site's name without a port, stable across workers."""
    return request.get_host().split(":")[0]
