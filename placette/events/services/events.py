"""Organisers' writes: create and change events and their dates; the lifecycle.

Event: draft → published → cancelled | postponed (→ published again) ; "moved online" turns
the locations of the coming dates to online. Occurrence: scheduled → cancelled; a moved date
keeps its row, its registrations and its first start (original_start).

Every change that matters to registrants bumps `sequence` (of the event, or of the date: the
SEQUENCE of a date in iCalendar is event.sequence + occurrence.sequence, so both grow) and
e-mails the registrants, confirmed and waiting, of the dates concerned (their links are on
the site's public address, core.urls).
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from placette.core import lifecycle, mail, text
from placette.core.urls import absolute
from placette.events import recurrence
from placette.events.models import Event, Occurrence, Registration
from placette.events.services import registrations
from placette.places import territories
from placette.places.models import Place


class EventError(Exception):
    """A change the lifecycle does not allow; the message is for the organiser."""


# What the organiser's form may set on an Event (status, sequence, rule: through services).
EVENT_FIELDS = (
    "title",
    "kind",
    "summary",
    "description",
    "themes",
    "publics",
    "level",
    "is_free",
    "price",
    "accessibility",
    "language",
    "image",
    "image_alt",
    "capacity",
    "registration",
)
# Changes registrants are told of (the others still bump the iCalendar SEQUENCE).
NOTIFIED_FIELDS = ("title", "is_free", "price", "language", "accessibility")
LOCATION_FIELDS = (
    "mode",
    "place",
    "venue",
    "address",
    "postal_code",
    "commune",
    "latitude",
    "longitude",
    "online_url",
)
# Words of our own routes under /agenda/: no event may take them as its slug.
RESERVED_SLUGS = {"nouveau", "mes-evenements", "carte", "dates", "inscription"}
LIVE = (Registration.Status.CONFIRMED, Registration.Status.WAITING)


def search_text(event: Event) -> str:
    """Event.search_text: the title first (the site search ranks title matches by it), then
    the summary, description, kind (in French) and the organising place's name and town."""
    from placette.events.vocab import Kind

    with override("fr"):
        kind = str(Kind(event.kind).label) if event.kind in Kind.values else event.kind
    place = event.place
    return text.search_text(
        event.title, event.summary, event.description, kind, place.name, place.commune
    )


def _when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "l j F Y, H:i")


def _where(occurrence: Occurrence) -> str:
    if occurrence.mode == Occurrence.Mode.ONLINE:
        return _("en ligne")
    if occurrence.mode == Occurrence.Mode.OUTSIDE:
        town = f"{occurrence.postal_code} {occurrence.commune}"
        parts = [occurrence.venue, occurrence.address, town]
        return ", ".join(p.strip() for p in parts if p.strip())
    place = occurrence.place or occurrence.event.place
    where = ", ".join(p for p in (place.name, place.address, place.commune) if p)
    if occurrence.mode == Occurrence.Mode.HYBRID:
        where += " " + _("et en ligne")
    return where


def _tell(
    *,
    occurrences: Iterable[Occurrence],
    template: str,
    **context: Any,
) -> int:
    """E-mail the registrants (confirmed and waiting) of `occurrences`; returns how many."""
    people = (
        Registration.objects.filter(occurrence__in=list(occurrences), status__in=LIVE)
        .filter(expires_at__isnull=True)  # addresses not confirmed get nothing but the link
        .exclude(email="")
        .select_related("occurrence__event__place", "occurrence__place")
    )
    sent = 0
    for registration in people:
        occurrence = registration.occurrence
        mail.send(
            to=registration.email,
            template=template,
            context={
                "name": registration.name[: registrations.MAILED_NAME],
                "registration": registration,
                "occurrence": occurrence,
                "event": occurrence.event,
                "manage_url": absolute("events:registration", token=registration.token),
                "event_url": absolute("events:detail", slug=occurrence.event.slug),
                **context,
            },
        )
        sent += 1
    return sent


def _coming(event: Event):
    return event.occurrences.filter(
        start__gte=timezone.now(), status=Occurrence.Status.SCHEDULED
    ).select_related("place", "event__place")


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().select_related("place").get(pk=event.pk)


def _bump(*objects) -> None:
    for obj in objects:
        type(obj).objects.filter(pk=obj.pk).update(sequence=obj.sequence + 1)
        obj.sequence += 1


# --- Events ------------------------------------------------------------------------------


def create_event(
    *,
    place: Place,
    fields: dict[str, Any],
    by=None,
    dates: Iterable[dict[str, Any]] = (),
    feed=None,
    external_uid: str = "",
) -> Event:
    """A new event, as a draft, with its first `dates` (add_occurrence's keywords)."""
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise ValueError(f"unknown event fields: {sorted(unknown)}")
    with transaction.atomic():
        event = Event(
            slug=text.unique_slug(
                Event,
                fields.get("title", ""),
                fallback="evenement",
                reserved=RESERVED_SLUGS,
                reserved_suffix="evenement",
            ),
            place=place,
            created_by=by if by is not None and by.is_authenticated else None,
            status=Event.Status.DRAFT,
            feed=feed,
            external_uid=external_uid,
            **fields,
        )
        event.search_text = search_text(event)
        event.save(force_insert=True)
        for date in dates:
            add_occurrence(event=event, by=by, **date)
    return event


def update_event(*, event: Event, fields: dict[str, Any], by=None) -> list[str]:
    """Change the event's description; returns the names of the fields changed."""
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise ValueError(f"unknown event fields: {sorted(unknown)}")
    with transaction.atomic():
        event = _lock(event)
        changes = {}
        for name, value in fields.items():
            before = getattr(event, name)
            if name == "image":
                if value is None:
                    continue  # no new file sent: keep the image
                value = value or ""  # False: cleared
                if not value and not before:
                    continue
            elif before == value:
                continue
            changes[name] = (before, value)
            setattr(event, name, value)
        if not changes:
            return []
        event.search_text = search_text(event)
        event.save()
        _bump(event)
        if "capacity" in changes:
            before, after = changes["capacity"]
            if after is None or (before is not None and after > before):
                for occurrence in _coming(event).filter(capacity__isnull=True):
                    registrations.fill_from_waiting_list(occurrence=occurrence)
        told = [
            (_field_label(name), _shown(name, *changes[name]))
            for name in NOTIFIED_FIELDS
            if name in changes
        ]
        if told:
            _tell(
                occurrences=_coming(event),
                template="events/email/changed",
                what="updated",
                changes=told,
            )
    return list(changes)


def _field_label(name: str) -> str:
    return str(Event._meta.get_field(name).verbose_name)


def _shown(name: str, before: Any, after: Any) -> tuple[str, str]:
    from placette.events.vocab import Accessibility

    def show(value: Any) -> str:
        if name == "accessibility":
            labels = dict(Accessibility.choices)
            return ", ".join(str(labels.get(code, code)) for code in value) or "—"
        if isinstance(value, bool):
            return _("oui") if value else _("non")
        return str(value) if value not in ("", None) else "—"

    return show(before), show(after)


def set_recurrence(
    *,
    event: Event,
    rule: str,
    skip_school_holidays: str = "",
    by=None,
) -> recurrence.Materialised:
    """Set (or clear, with rule="") the event's regular slots, then (re)make its dates."""
    if rule:
        recurrence.parse(rule)  # ValueError when malformed
    with transaction.atomic():
        event = _lock(event)
        if (event.rrule, event.skip_school_holidays) != (rule, skip_school_holidays):
            event.rrule = rule
            event.skip_school_holidays = skip_school_holidays
            event.save(update_fields=["rrule", "skip_school_holidays", "updated_at"])
            _bump(event)
        return recurrence.materialise(event)


def publish(*, event: Event, by=None) -> Event:
    """Draft (or postponed, once new dates are set) → published."""
    with transaction.atomic():
        event = _lock(event)
        if not lifecycle.allows(Event.TRANSITIONS, event.status, Event.Status.PUBLISHED):
            raise EventError(_("Cet événement ne peut pas être publié dans son état actuel."))
        resumed = event.status == Event.Status.POSTPONED
        event.status = Event.Status.PUBLISHED
        event.save(update_fields=["status", "updated_at"])
        _bump(event)
        if event.rrule:
            recurrence.materialise(event)
        if not event.occurrences.filter(status=Occurrence.Status.SCHEDULED).exists():
            raise EventError(_("Ajoutez au moins une date avant de publier."))
        if resumed:
            _tell(
                occurrences=_coming(event),
                template="events/email/changed",
                what="resumed",
            )
    return event


def cancel_event(*, event: Event, reason: str = "", by=None) -> Event:
    with transaction.atomic():
        event = _lock(event)
        if not lifecycle.allows(Event.TRANSITIONS, event.status, Event.Status.CANCELLED):
            raise EventError(_("Cet événement est déjà annulé."))
        event.status = Event.Status.CANCELLED
        event.save(update_fields=["status", "updated_at"])
        _bump(event)
        _tell(
            occurrences=_coming(event),
            template="events/email/cancelled",
            whole_event=True,
            reason=reason,
        )
    return event


def postpone_event(*, event: Event, reason: str = "", by=None) -> Event:
    """Published → postponed: the dates no longer hold; new ones will be given."""
    with transaction.atomic():
        event = _lock(event)
        if not lifecycle.allows(Event.TRANSITIONS, event.status, Event.Status.POSTPONED):
            raise EventError(_("Seul un événement publié peut être reporté."))
        event.status = Event.Status.POSTPONED
        event.save(update_fields=["status", "updated_at"])
        _bump(event)
        _tell(
            occurrences=_coming(event),
            template="events/email/changed",
            what="postponed",
            reason=reason,
        )
    return event


def move_online(*, event: Event, url: str, by=None) -> list[Occurrence]:
    """Every coming date takes place online, at `url`."""
    with transaction.atomic():
        event = _lock(event)
        if event.status not in (Event.Status.PUBLISHED, Event.Status.DRAFT):
            raise EventError(_("Cet événement ne peut pas passer en ligne dans son état actuel."))
        moved = []
        online = {"mode": Occurrence.Mode.ONLINE, "online_url": url}
        for occurrence in _coming(event):
            was_online = occurrence.mode == Occurrence.Mode.ONLINE
            for name, value in _clean_location(event, dict(online)).items():
                setattr(occurrence, name, value)
            occurrence.moved_online = occurrence.moved_online or not was_online
            occurrence.from_rule = False
            occurrence.save()
            _bump(occurrence)
            moved.append(occurrence)
        if event.rrule:
            # Dates the rule makes later would be in the place again: the rule stops here.
            event.rrule = ""
            event.save(update_fields=["rrule", "updated_at"])
        _bump(event)
        _tell(
            occurrences=moved,
            template="events/email/changed",
            what="online",
            online_url=url,
        )
    return moved


# --- Dates -------------------------------------------------------------------------------


def _clean_location(event: Event, location: dict[str, Any]) -> dict[str, Any]:
    mode = location.get("mode") or Occurrence.Mode.PLACE
    location["mode"] = mode
    if mode in (Occurrence.Mode.PLACE, Occurrence.Mode.HYBRID):
        place = location.get("place") or event.place
        location["place"] = place
        location["departement"] = place.departement
    else:
        location["place"] = None
        postal_code = location.get("postal_code", "")
        location["departement"] = (
            territories.departement_from_postal_code(postal_code) if postal_code else ""
        )
    if mode != Occurrence.Mode.OUTSIDE:
        for name in ("venue", "address", "postal_code", "commune"):
            location[name] = ""
        location["latitude"] = location["longitude"] = None
    if mode in (Occurrence.Mode.PLACE, Occurrence.Mode.OUTSIDE):
        location["online_url"] = ""
    return location


def add_occurrence(
    *,
    event: Event,
    start: datetime,
    end: datetime,
    by=None,
    capacity: int | None = None,
    from_rule: bool = False,
    **location: Any,
) -> Occurrence:
    """A new date (or a stop of a series) with its own location (LOCATION_FIELDS)."""
    unknown = set(location) - set(LOCATION_FIELDS)
    if unknown:
        raise ValueError(f"unknown location fields: {sorted(unknown)}")
    if end <= start:
        raise EventError(_("La fin doit venir après le début."))
    with transaction.atomic():
        return Occurrence.objects.create(
            event=event,
            start=start,
            end=end,
            capacity=capacity,
            from_rule=from_rule,
            **_clean_location(event, location),
        )


def _lock_occurrence(occurrence: Occurrence) -> Occurrence:
    return (
        Occurrence.objects.select_for_update(of=("self",))
        .select_related("event", "event__place", "place")
        .get(pk=occurrence.pk)
    )


def update_occurrence(
    *,
    occurrence: Occurrence,
    fields: dict[str, Any],
    by=None,
) -> list[str]:
    """Change a date's location or seats; returns the names of the fields changed."""
    unknown = set(fields) - {*LOCATION_FIELDS, "capacity"}
    if unknown:
        raise ValueError(f"unknown date fields: {sorted(unknown)}")
    with transaction.atomic():
        occurrence = _lock_occurrence(occurrence)
        before_where = _where(occurrence)
        location = {name: getattr(occurrence, name) for name in LOCATION_FIELDS}
        location.update({k: v for k, v in fields.items() if k in LOCATION_FIELDS})
        wanted = {**_clean_location(occurrence.event, location)}
        if "capacity" in fields:
            wanted["capacity"] = fields["capacity"]
        changed = [name for name, value in wanted.items() if getattr(occurrence, name) != value]
        if not changed:
            return []
        for name in changed:
            setattr(occurrence, name, wanted[name])
        occurrence.from_rule = False
        occurrence.save()
        _bump(occurrence)
        if "capacity" in changed:
            registrations.fill_from_waiting_list(occurrence=occurrence)
        after_where = _where(occurrence)
        if before_where != after_where or "online_url" in changed:
            _tell(
                occurrences=[occurrence],
                template="events/email/changed",
                what="place",
                changes=[(_("Lieu"), (before_where, after_where))],
            )
    return changed


def move_occurrence(
    *,
    occurrence: Occurrence,
    start: datetime,
    end: datetime,
    by=None,
) -> Occurrence:
    """A new start and end for one date; its registrations stay, and are told."""
    if end <= start:
        raise EventError(_("La fin doit venir après le début."))
    with transaction.atomic():
        occurrence = _lock_occurrence(occurrence)
        if occurrence.status == Occurrence.Status.CANCELLED:
            raise EventError(_("Cette date est annulée."))
        if (occurrence.start, occurrence.end) == (start, end):
            return occurrence
        before = occurrence.start
        occurrence.original_start = occurrence.original_start or before
        occurrence.start, occurrence.end = start, end
        occurrence.from_rule = False
        occurrence.reminded_at = None
        occurrence.save()
        _bump(occurrence)
        _tell(
            occurrences=[occurrence],
            template="events/email/changed",
            what="moved",
            changes=[(_("Date"), (_when(before), _when(start)))],
        )
    return occurrence


def cancel_occurrence(
    *,
    occurrence: Occurrence,
    reason: str = "",
    by=None,
) -> Occurrence:
    """Cancel one date; its registrants are told (the other dates go on)."""
    with transaction.atomic():
        occurrence = _lock_occurrence(occurrence)
        cancelled = Occurrence.Status.CANCELLED
        if not lifecycle.allows(Occurrence.TRANSITIONS, occurrence.status, cancelled):
            return occurrence
        occurrence.status = Occurrence.Status.CANCELLED
        occurrence.save(update_fields=["status"])
        _bump(occurrence)
        _tell(
            occurrences=[occurrence],
            template="events/email/cancelled",
            whole_event=False,
            reason=reason,
        )
    return occurrence


def delete_occurrence(*, occurrence: Occurrence, by=None) -> None:
    """Remove a date typed by mistake: only one nobody registered to, not made by the rule."""
    with transaction.atomic():
        occurrence = _lock_occurrence(occurrence)
        if occurrence.registrations.exists():
            raise EventError(_("Des personnes sont inscrites à cette date : annulez-la plutôt."))
        if occurrence.from_rule:
            raise EventError(_("Cette date vient du créneau régulier : annulez-la plutôt."))
        occurrence.delete()
