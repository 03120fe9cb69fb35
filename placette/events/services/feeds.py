"""Outside calendars a place imports (its Gancio, OpenAgenda or Nextcloud agenda): CalendarFeed.

refresh(feed) fetches the feed (conditional request with ETag / Last-Modified, a timeout,
5 MB at most, public hosts only), reads it with events/calendars.py (decoding, expansion over
the coming 180 days by recurring-ical-events, unreadable events left out and listed in
feed.skipped), then upserts one Event per (feed, UID) and one Occurrence per instance, keyed
by the instance's RECURRENCE-ID (its first start). Importing twice changes nothing; an event
gone from the feed is cancelled. No error ever leaves refresh(): it is kept on the feed, and
the daily task goes on with the next feed. `manage.py import_calendar` uses the same import.
Writes go through the organisers' services, so registrants (when the place turned
registration on) are told of changes. Imported events are published with registration off;
the place may turn it on, and a refresh leaves that choice alone.
"""

import http.client
import ipaddress
import logging
import socket
import time as clock
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from placette.events import calendars
from placette.events.calendars import Item
from placette.events.models import CalendarFeed, Event, Occurrence, Registration
from placette.events.services import events as services
from placette.places.models import Place

log = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
TIMEOUT = 15  # seconds, for the connection and each read
HORIZON_DAYS = 180
DEADLINE = 60  # seconds for a whole fetch: a server sending a byte at a time is cut off
SKIPPED_SHOWN = 50  # events left out, named on the calendars page
USER_AGENT = "Placette/1 (agenda des tiers-lieux; import de calendrier)"


class FeedError(calendars.CalendarError):
    """Why a feed could not be read; the message is shown to the place's team."""


@dataclass
class Refreshed:
    created: int = 0
    updated: int = 0
    cancelled: int = 0
    not_modified: bool = False
    # What was done, event by event: ("created" | "updated" | "cancelled", title).
    changes: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[calendars.Skipped] = field(default_factory=list)


# --- Managing the subscriptions -----------------------------------------------------------


def add_feed(*, place: Place, url: str, by=None) -> CalendarFeed:
    feed, created = CalendarFeed.objects.get_or_create(
        place=place,
        url=url,
        defaults={"created_by": by if by is not None and by.is_authenticated else None},
    )
    if not created and not feed.active:
        feed.active = True
        feed.save(update_fields=["active"])
    return feed


def remove_feed(*, feed: CalendarFeed, by=None) -> None:
    """Stop importing: imported events nobody registered to go away, the others are
    cancelled (their registrants told)."""
    with transaction.atomic():
        for event in feed.events.all():
            if Registration.objects.filter(occurrence__event=event).exists():
                if event.status != Event.Status.CANCELLED:
                    services.cancel_event(
                        event=event,
                        reason=_("Le lieu ne publie plus cet agenda sur Placette."),
                    )
            else:
                event.delete()
        feed.delete()


# --- Fetching -----------------------------------------------------------------------------


def _check_host(url: str) -> None:
    """http(s) only; the host is checked when connecting (_address)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FeedError(_("L'adresse doit commencer par https:// ou http://."))


def _address(host: str, port: int | None) -> str:
    """The address to connect to, resolved once: public only (a feed address must not reach
    into our own network), then used as is, so that a second answer of the name's DNS cannot
    point elsewhere (DNS rebinding)."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        raise FeedError(_("Serveur introuvable : %(host)s.") % {"host": host}) from exc
    if not getattr(settings, "PLACETTE_FEEDS_ALLOW_PRIVATE", False):
        for info in infos:
            if not ipaddress.ip_address(info[4][0].split("%")[0]).is_global:
                raise FeedError(_("Cette adresse n'est pas publique : elle ne peut pas être lue."))
    return infos[0][4][0]


def _pinned(connection_class):
    """The connection class, connecting to the checked address; the Host header and the TLS
    certificate check still use the name."""

    class Pinned(connection_class):
        def __init__(self, host, **kwargs):
            super().__init__(host, **kwargs)
            address = _address(self.host, self.port)

            def create_connection(host_port, *args, **kwargs):
                return socket.create_connection((address, host_port[1]), *args, **kwargs)

            self._create_connection = create_connection

    return Pinned


class _HTTP(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_pinned(http.client.HTTPConnection), req)


class _HTTPS(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_pinned(http.client.HTTPSConnection), req, context=self._context)


class _Redirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _check_host(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(feed: CalendarFeed) -> tuple[bytes | None, dict[str, str]]:
    """The feed's bytes (None when unchanged since the last read: HTTP 304) and the
    validators to send next time, with the charset the server named ("charset")."""
    _check_host(feed.url)
    headers = {"User-Agent": USER_AGENT, "Accept": "text/calendar, */*;q=0.5"}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    opener = urllib.request.build_opener(_HTTP, _HTTPS, _Redirects)
    request = urllib.request.Request(feed.url, headers=headers)  # noqa: S310 (scheme checked)
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > MAX_BYTES:
                raise FeedError(_("Le calendrier dépasse 5 Mo."))
            data = _read(response, deadline=clock.monotonic() + DEADLINE)
            validators = {
                "etag": (response.headers.get("ETag") or "")[:200],
                "last_modified": (response.headers.get("Last-Modified") or "")[:100],
                "charset": response.headers.get_content_charset() or "",
            }
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code == 304:
            return None, {}
        raise FeedError(
            _("Le serveur a répondu %(code)s %(reason)s.")
            % {"code": exc.code, "reason": exc.reason}
        ) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FeedError(_("Calendrier injoignable : %(reason)s.") % {"reason": reason}) from exc
    if len(data) > MAX_BYTES:
        raise FeedError(_("Le calendrier dépasse 5 Mo."))
    return data, validators


def _read(response, *, deadline: float) -> bytes:
    """The body, MAX_BYTES + 1 at most, chunk by chunk so that the deadline is kept."""
    chunks, size = [], 0
    while size <= MAX_BYTES:
        if clock.monotonic() > deadline:
            raise FeedError(_("Le calendrier met trop de temps à arriver."))
        chunk = response.read1(MAX_BYTES + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


# --- Writing ------------------------------------------------------------------------------


def refresh(feed: CalendarFeed, *, now: datetime | None = None) -> Refreshed:
    """Read the feed and bring its events up to date; an error is kept in feed.last_error
    and the events left out in feed.skipped (both shown on the place's calendars page),
    never raised."""
    now = now or timezone.now()
    result = Refreshed()
    try:
        data, validators = fetch(feed)
        if data is None:
            result.not_modified = True
        else:
            result = import_data(feed, data, charset=validators["charset"], now=now)
            feed.etag = validators["etag"]
            feed.last_modified = validators["last_modified"]
            feed.skipped = _skipped_text(result.skipped)
        feed.last_error = ""
    except calendars.CalendarError as exc:
        feed.last_error = str(exc)
    except Exception:  # noqa: BLE001 - one feed must never stop the others
        log.exception("feed %s (%s) could not be imported", feed.pk, feed.url)
        feed.last_error = _("Erreur inattendue à la lecture de ce calendrier.")
    feed.fetched_at = now
    feed.save(update_fields=["etag", "last_modified", "last_error", "skipped", "fetched_at"])
    return result


def import_data(feed: CalendarFeed, data: bytes, *, charset: str = "", now: datetime) -> Refreshed:
    """Bring the feed's events up to date with this iCalendar file (the feed's place is the
    organiser). CalendarError when the file is no calendar."""
    parsed = calendars.parse(
        calendars.decode(data, charset or None),
        place=feed.place,
        after=now,
        before=now + timedelta(days=HORIZON_DAYS),
    )
    result = Refreshed(skipped=parsed.skipped)
    _sync(feed, parsed.items, now=now, result=result)
    return result


def import_calendar(
    *, place: Place, source: str, dry_run: bool = False, now: datetime | None = None
) -> Refreshed:
    """`manage.py import_calendar`: read a file or an address once, as a feed would. An address
    becomes the place's feed (read every night after), through the same safe fetcher; a file
    is kept as a paused feed (its events can be removed with it). dry_run writes nothing.
    CalendarError (French) when the source cannot be read."""
    now = now or timezone.now()
    url = "https://" + source[len("webcal://") :] if source.startswith("webcal://") else source
    online = url.lower().startswith(("http://", "https://"))
    if online:
        data, validators = fetch(CalendarFeed(place=place, url=url))  # a full read, no ETag
        charset = validators["charset"]
    else:
        path = Path(source)
        url, charset = path.resolve().as_uri()[:500], ""  # CalendarFeed.url holds 500
        try:
            if path.stat().st_size > MAX_BYTES:
                raise FeedError(_("Le calendrier dépasse 5 Mo."))
            data = path.read_bytes()
        except OSError as exc:
            raise FeedError(
                _("Fichier illisible : %(reason)s.") % {"reason": exc.strerror or exc}
            ) from exc
    with transaction.atomic():
        feed = add_feed(place=place, url=url)
        if not online and feed.active:
            feed.active = False  # nothing to fetch every night
        result = import_data(feed, data, charset=charset, now=now)
        feed.skipped = _skipped_text(result.skipped)
        feed.fetched_at, feed.last_error = now, ""
        feed.save(update_fields=["active", "skipped", "fetched_at", "last_error"])
        transaction.set_rollback(dry_run)
    return result


def _skipped_text(skipped: list[calendars.Skipped]) -> str:
    """One line per event left out; the first SKIPPED_SHOWN only, then how many more."""
    lines = [str(s) for s in skipped[:SKIPPED_SHOWN]]
    if len(skipped) > SKIPPED_SHOWN:
        more = len(skipped) - SKIPPED_SHOWN
        lines.append(
            ngettext("… et %(n)s autre événement", "… et %(n)s autres événements", more)
            % {"n": more}
        )
    return "\n".join(lines)


def _sync(feed, items: dict[str, Item], *, now, result: Refreshed) -> None:
    """One transaction per event, not per feed: a long feed never holds SQLite's write lock
    for long (public writes wait meanwhile), and an event is always written whole."""
    existing = {event.external_uid: event for event in feed.events.all()}
    for uid, item in items.items():
        with transaction.atomic():
            _sync_event(feed, uid, item, existing.get(uid), now=now, result=result)
    for uid, event in existing.items():
        gone = uid not in items and event.status != Event.Status.CANCELLED
        if gone and event.occurrences.filter(start__gte=now, status="scheduled").exists():
            services.cancel_event(event=event, reason=_("Retiré du calendrier d'origine."))
            result.cancelled += 1
            result.changes.append(("cancelled", event.title))


def _sync_event(feed, uid: str, item: Item, event: Event | None, *, now, result: Refreshed):
    if event is None:
        if item.cancelled or not any(not i.cancelled for i in item.instances.values()):
            return
        event = services.create_event(
            place=feed.place,
            fields={
                "title": item.title,
                "description": item.description,
                "kind": item.kind,
                "registration": False,
                "capacity": None,
                "is_free": None,  # iCalendar has no price: not known, never "free"
            },
            feed=feed,
            external_uid=uid,
        )
        _sync_dates(event, item, now=now)
        services.publish(event=event)
        result.created += 1
        result.changes.append(("created", item.title))
        return
    if event.status == Event.Status.CANCELLED:
        return
    if item.cancelled:
        services.cancel_event(event=event)
        result.cancelled += 1
        result.changes.append(("cancelled", item.title))
        return
    changed = services.update_event(
        event=event,
        fields={"title": item.title, "description": item.description},
    )
    if _sync_dates(event, item, now=now) or changed:
        result.updated += 1
        result.changes.append(("updated", item.title))


def _sync_dates(event: Event, item: Item, *, now) -> bool:
    """Make the event's dates those of the item; True when something changed."""
    changed = False
    dates = list(event.occurrences.all())
    if item.recurring:
        by_key = {o.original_start or o.start: o for o in dates}
    else:  # one date: the same row follows it wherever it moves
        by_key = dict.fromkeys(item.instances, dates[0]) if dates else {}
    for key, instance in item.instances.items():
        occurrence = by_key.get(key)
        if occurrence is None:
            if instance.cancelled:
                continue
            occurrence = services.add_occurrence(
                event=event, start=instance.start, end=instance.end, **instance.location
            )
            if key != instance.start:
                Occurrence.objects.filter(pk=occurrence.pk).update(original_start=key)
            changed = True
            continue
        if occurrence.status == Occurrence.Status.CANCELLED:
            continue
        if instance.cancelled:
            services.cancel_occurrence(occurrence=occurrence)
            changed = True
            continue
        if (occurrence.start, occurrence.end) != (instance.start, instance.end):
            services.move_occurrence(occurrence=occurrence, start=instance.start, end=instance.end)
            changed = True
        fields = {"venue": "", "address": "", "latitude": None, "longitude": None, "online_url": ""}
        fields.update(instance.location)
        if services.update_occurrence(occurrence=occurrence, fields=fields):
            changed = True
    if item.recurring:
        horizon = now + timedelta(days=HORIZON_DAYS)
        for key, occurrence in by_key.items():
            stale = (
                key not in item.instances
                and now <= occurrence.start < horizon
                and occurrence.status == Occurrence.Status.SCHEDULED
            )
            if stale:
                services.cancel_occurrence(
                    occurrence=occurrence, reason=_("Retiré du calendrier d'origine.")
                )
                changed = True
    return changed


@task()
def refresh_feed(*, feed_id: int) -> bool:
    feed = CalendarFeed.objects.filter(pk=feed_id, active=True).select_related("place").first()
    if feed is not None:
        refresh(feed)
    return feed is not None


def refresh_later(*, feed: CalendarFeed) -> None:
    """Read the feed in the task queue: a slow or large feed never holds a web thread."""
    refresh_feed.enqueue(feed_id=feed.pk)


@task()
def refresh_all() -> dict[str, int]:
    """Daily: read every active feed."""
    totals = {"feeds": 0, "errors": 0, "created": 0, "updated": 0, "cancelled": 0}
    for feed in CalendarFeed.objects.filter(active=True).select_related("place").iterator():
        try:
            result = refresh(feed)
        except Exception:  # noqa: BLE001 - refresh keeps its errors; even so, go on
            log.exception("feed %s could not be refreshed", feed.pk)
            totals["errors"] += 1
            continue
        totals["feeds"] += 1
        totals["errors"] += bool(feed.last_error)
        totals["created"] += result.created
        totals["updated"] += result.updated
        totals["cancelled"] += result.cancelled
    return totals
