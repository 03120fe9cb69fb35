"""Registrations: seats, the waiting list, cancellation by personal link.

Every write locks the occurrence's row first (SELECT … FOR UPDATE on PostgreSQL; on SQLite our
transactions start IMMEDIATE, so writers queue), then counts: two requests for the last seat
are served one after the other, and the second goes to the waiting list. E-mail is queued in
the same transaction (the task queue is a table), so a registration and its confirmation are
saved together or not at all.
"""

import secrets

from django.db import transaction
from django.utils import timezone

from placette.core import mail

from .models import Event, Occurrence, Registration


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


def confirmed_count(occurrence: Occurrence) -> int:
    return occurrence.registrations.filter(status=Registration.Status.CONFIRMED).count()


def seats_left(occurrence: Occurrence) -> int | None:
    """Free seats; None when the number is unlimited."""
    seats = occurrence.seats
    return None if seats is None else max(0, seats - confirmed_count(occurrence))


def register(
    *,
    occurrence: Occurrence,
    name: str,
    email: str = "",
    phone: str = "",
    public: str = "",
    user=None,
    by=None,
    links: dict[str, str] | None = None,
) -> Registration:
    """Register a person: a seat if one is free, else the waiting list. `by` is the mediator
    who takes it on the person's behalf. `links` maps "manage" to the absolute URL pattern of
    the personal page, with "{token}" in it (views know the host; services do not)."""
    email = email.strip().lower()
    with transaction.atomic():
        occurrence = _lock(occurrence)
        if not is_open(occurrence):
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
        _tell(registration, "events/email/registered", links)
    return registration


def cancel(*, registration: Registration, links: dict[str, str] | None = None) -> list:
    """Cancel a registration (the person's link, or the organiser). A freed seat goes to the
    first people waiting, who are told. Returns the registrations promoted."""
    with transaction.atomic():
        _lock(registration.occurrence)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            return []
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        return fill_from_waiting_list(occurrence=registration.occurrence, links=links)


def fill_from_waiting_list(*, occurrence: Occurrence, links: dict[str, str] | None = None) -> list:
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
        _tell(registration, "events/email/promoted", links)
        promoted.append(registration)
    return promoted


def _tell(registration: Registration, template: str, links: dict[str, str] | None) -> None:
    if not registration.email:
        return  # registered at the desk or by phone: the mediator tells them
    manage = (links or {}).get("manage", "")
    mail.send(
        to=registration.email,
        template=template,
        context={
            "registration": registration,
            "occurrence": registration.occurrence,
            "event": registration.occurrence.event,
            "manage_url": manage.replace("{token}", registration.token),
        },
    )
