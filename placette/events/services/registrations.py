"""Registrations: seats, the waiting list, cancellation by personal link, the organiser's
roll call (attendance) and the reminder the day before.

Every write locks the occurrence's row first (SELECT … FOR UPDATE on PostgreSQL; on SQLite our
transactions start IMMEDIATE, so writers queue), then counts: two requests for the last seat
are served one after the other, and the second goes to the waiting list. E-mail is queued in
the same transaction (the task queue is a table), so a registration and its confirmation are
saved together or not at all.
"""

import secrets
from datetime import datetime, time, timedelta

from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from placette.core import lifecycle, mail
from placette.core.urls import absolute
from placette.events import vocab
from placette.events.models import Event, Occurrence, Registration

# How long after its end an organiser may still add someone who came without registering.
LATE_REGISTRATION = timedelta(hours=24)


class RegistrationClosed(Exception):
    """The occurrence takes no registration now (draft, cancelled, past, or none needed)."""


class AlreadyRegistered(Exception):
    def __init__(self, registration: Registration):
        super().__init__("already registered")
        self.registration = registration


def _lock(occurrence: Occurrence) -> Occurrence:
    return (
        Occurrence.objects.select_for_update(of=("self",))
        .select_related("event", "event__place", "place")
        .get(pk=occurrence.pk)
    )


def is_open(occurrence: Occurrence) -> bool:
    event = occurrence.event
    return (
        event.status == Event.Status.PUBLISHED
        and event.registration
        and occurrence.status == Occurrence.Status.SCHEDULED
        and occurrence.start > timezone.now()
    )


def is_open_to_organiser(occurrence: Occurrence) -> bool:
    """The organiser may still add people on the day (someone came without registering)."""
    event = occurrence.event
    return (
        event.status == Event.Status.PUBLISHED
        and event.registration
        and occurrence.status == Occurrence.Status.SCHEDULED
        and occurrence.end + LATE_REGISTRATION > timezone.now()
    )


def can_cancel(registration: Registration) -> bool:
    """The person may cancel by their link until the date starts."""
    return (
        registration.status != Registration.Status.CANCELLED
        and registration.occurrence.start > timezone.now()
    )


def confirmed_count(occurrence: Occurrence) -> int:
    return occurrence.registrations.filter(status=Registration.Status.CONFIRMED).count()


def seats_left(occurrence: Occurrence) -> int | None:
    """Free seats; None when the number is unlimited."""
    seats = occurrence.seats
    return None if seats is None else max(0, seats - confirmed_count(occurrence))


def waiting_position(registration: Registration) -> int | None:
    """1 for the first on the waiting list; None when not waiting."""
    if registration.status != Registration.Status.WAITING:
        return None
    ahead = Registration.objects.filter(
        occurrence_id=registration.occurrence_id, status=Registration.Status.WAITING
    ).filter(
        models.Q(created_at__lt=registration.created_at)
        | models.Q(created_at=registration.created_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def roster(occurrence: Occurrence) -> dict:
    """The organiser's lists (confirmed by name, for the roll call; waiting in order) and
    counts."""
    rows = occurrence.registrations.select_related("registered_by")
    counts = occurrence.registrations.aggregate(
        confirmed=models.Count("id", filter=models.Q(status=Registration.Status.CONFIRMED)),
        waiting=models.Count("id", filter=models.Q(status=Registration.Status.WAITING)),
        cancelled=models.Count("id", filter=models.Q(status=Registration.Status.CANCELLED)),
        present=models.Count(
            "id",
            filter=models.Q(
                status=Registration.Status.CONFIRMED, attendance=vocab.Attendance.PRESENT
            ),
        ),
        absent=models.Count(
            "id",
            filter=models.Q(
                status=Registration.Status.CONFIRMED, attendance=vocab.Attendance.ABSENT
            ),
        ),
    )
    counts["not_taken"] = counts["confirmed"] - counts["present"] - counts["absent"]
    return {
        "confirmed": rows.filter(status=Registration.Status.CONFIRMED).order_by(
            Lower("name"), "pk"
        ),
        "waiting": rows.filter(status=Registration.Status.WAITING).order_by("created_at", "pk"),
        "cancelled": rows.filter(status=Registration.Status.CANCELLED).order_by(
            "-cancelled_at", "-pk"
        ),
        "counts": counts,
    }


def register(
    *,
    occurrence: Occurrence,
    name: str,
    email: str = "",
    phone: str = "",
    public: str = "",
    user=None,
    by=None,
    late: bool = False,
) -> Registration:
    """Register a person: a seat if one is free, else the waiting list. `by` is the mediator
    who takes it on the person's behalf. `late`: the organiser adds someone after the start
    (is_open_to_organiser)."""
    email = email.strip().lower()
    with transaction.atomic():
        occurrence = _lock(occurrence)
        if not (is_open(occurrence) or (late and is_open_to_organiser(occurrence))):
            raise RegistrationClosed
        if email:
            existing = occurrence.registrations.filter(email=email).exclude(
                status=Registration.Status.CANCELLED
            )
            if existing.exists():
                raise AlreadyRegistered(existing.first())
        left = seats_left(occurrence)
        registration = Registration.objects.create(
            occurrence=occurrence,
            name=name.strip(),
            email=email,
            phone=phone.strip(),
            public=public,
            user=user if user is not None and user.is_authenticated else None,
            registered_by=by if by is not None and by.is_authenticated else None,
            status=Registration.Status.CONFIRMED
            if left is None or left > 0
            else Registration.Status.WAITING,
            token=secrets.token_urlsafe(32),
        )
        _tell(registration, "events/email/registered")
    return registration


def cancel(*, registration: Registration) -> list:
    """Cancel a registration (the person's link, or the organiser). A freed seat goes to the
    first people waiting, who are told. Returns the registrations promoted."""
    with transaction.atomic():
        _lock(registration.occurrence)
        registration = Registration.objects.get(pk=registration.pk)
        cancelled = Registration.Status.CANCELLED
        if not lifecycle.allows(Registration.TRANSITIONS, registration.status, cancelled):
            return []
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        return fill_from_waiting_list(occurrence=registration.occurrence)


def fill_from_waiting_list(*, occurrence: Occurrence) -> list:
    """Give free seats to the waiting list, first come first served; call inside a transaction
    that holds the occurrence's lock (cancel, a capacity raised)."""
    occurrence = _lock(occurrence)
    promoted = []
    waiting = occurrence.registrations.filter(status=Registration.Status.WAITING).order_by(
        "created_at", "id"
    )
    left = seats_left(occurrence)
    for registration in waiting[:left] if left is not None else waiting:
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = timezone.now()
        registration.save(update_fields=["status", "promoted_at"])
        _tell(registration, "events/email/promoted")
        promoted.append(registration)
    return promoted


def set_attendance(*, registration: Registration, attendance: str) -> Registration:
    """Present, absent, or "" (not taken yet): the organiser's roll call, for confirmed
    registrations only."""
    if attendance not in vocab.Attendance.values:
        raise ValueError(f"unknown attendance {attendance!r}")
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Registration.Status.CONFIRMED:
            raise ValueError("attendance is taken for confirmed registrations only")
        if registration.attendance != attendance:
            registration.attendance = attendance
            registration.save(update_fields=["attendance"])
    return registration


def send_link(*, registration: Registration) -> None:
    """E-mail the personal link again (someone registered twice with the same address). Only
    by e-mail: showing it on screen would hand it to whoever types that address."""
    _tell(registration, "events/email/link")


def reminder_window(now: datetime) -> tuple[datetime, datetime]:
    """Dates starting tomorrow (local time): a daily run reaches each date once, the day before."""
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, time.min))
    end = timezone.make_aware(datetime.combine(tomorrow + timedelta(days=1), time.min))
    return start, end


def send_reminders(*, now: datetime) -> int:
    """E-mail a reminder to each confirmed registrant of the dates starting tomorrow, once per
    date (Occurrence.reminded_at). Returns the number of messages queued."""
    start, end = reminder_window(now)
    due = Occurrence.objects.filter(
        status=Occurrence.Status.SCHEDULED,
        event__status=Event.Status.PUBLISHED,
        start__gte=start,
        start__lt=end,
        reminded_at__isnull=True,
    ).order_by("start", "pk")
    sent = 0
    for occurrence in due:
        with transaction.atomic():
            occurrence = _lock(occurrence)
            if occurrence.reminded_at is not None:  # another run got there first
                continue
            confirmed = occurrence.registrations.filter(
                status=Registration.Status.CONFIRMED
            ).exclude(email="")
            for registration in confirmed:
                registration.occurrence = occurrence
                _tell(registration, "events/email/reminder")
                sent += 1
            occurrence.reminded_at = now
            occurrence.save(update_fields=["reminded_at"])
    return sent


def _tell(registration: Registration, template: str) -> None:
    if not registration.email:
        return  # registered at the desk or by phone: the mediator tells them
    mail.send(
        to=registration.email,
        template=template,
        context={
            "registration": registration,
            "occurrence": registration.occurrence,
            "event": registration.occurrence.event,
            "manage_url": absolute("events:registration", token=registration.token),
        },
    )
