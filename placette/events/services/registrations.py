"""Registrations: seats, the waiting list, cancellation by personal link, the organiser's
roll call (attendance) and the reminder the day before.

Every write locks the occurrence's row first (SELECT … FOR UPDATE on PostgreSQL; on SQLite our
transactions start IMMEDIATE, so writers queue), then counts: two requests for the last seat
are served one after the other, and the second goes to the waiting list. E-mail is queued in
the same transaction (the task queue is a table), so a registration and its confirmation are
saved together or not at all.

On the public form an e-mail address must be confirmed (`hold=True`): the registration holds
its seat (PENDING) or its place on the waiting list until `expires_at`, and only the link
e-mailed to the address confirms it. Holds past their time are cancelled like a cancellation
(`release_expired`), by the daily task and under the lock before any write; counts ignore them
even before that, so an expired hold never blocks a seat.

A phone number alone gets a short code (`new_code`) to say over the phone; with the same number
it finds the registration again (`find_by_code`) to cancel it. Where an SMS gateway is
configured (core.sms), the code is sent by text message too.
"""

import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.utils import timezone

from placette.core import lifecycle, mail, sms
from placette.core.urls import absolute
from placette.events import vocab
from placette.events.models import Event, Occurrence, Registration

# How long after its end an organiser may still add someone who came without registering.
LATE_REGISTRATION = timedelta(hours=24)
# Short codes: no 0/O, 1/I/L, 2/Z, 5/S, 8/B to misread or mishear; 25**6 ≈ 244 million.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6
# Phone numbers match on their last digits: "06 12 34 56 78" is "+33 6 12 34 56 78".
PHONE_DIGITS = 9
# What of the typed name goes into an e-mail to a confirmed address: a greeting, not room for
# a message.
MAILED_NAME = 40


class RegistrationClosed(Exception):
    """The occurrence takes no registration now (draft, cancelled, past, or none needed)."""


class AlreadyRegistered(Exception):
    def __init__(self, registration: Registration):
        super().__init__("already registered")
        self.registration = registration


class HoldExpired(Exception):
    """The confirmation link came after the hold's time: the seat went back."""


def is_unconfirmed(registration: Registration) -> bool:
    return registration.expires_at is not None and registration.confirmed_at is None


def _live_hold(now: datetime) -> models.Q:
    return models.Q(status=Registration.Status.PENDING, expires_at__gt=now)


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


def taken_count(occurrence: Occurrence) -> int:
    """Seats taken: confirmed, and held for an address until its hold's time."""
    taken = models.Q(status=Registration.Status.CONFIRMED) | _live_hold(timezone.now())
    return occurrence.registrations.filter(taken).count()


def seats_left(occurrence: Occurrence) -> int | None:
    """Free seats; None when the number is unlimited."""
    seats = occurrence.seats
    return None if seats is None else max(0, seats - taken_count(occurrence))


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
    # Holds not confirmed are no one's yet: out of the roll, the lists and the export.
    rows = occurrence.registrations.select_related("registered_by").filter(expires_at__isnull=True)
    counts = rows.aggregate(
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
    counts["held"] = occurrence.registrations.filter(_live_hold(timezone.now())).count()
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
    hold: bool = False,
) -> Registration:
    """Register a person: a seat if one is free, else the waiting list. `by` is the mediator
    who takes it on the person's behalf. `late`: the organiser adds someone after the start
    (is_open_to_organiser). `hold`: the address is not confirmed yet (the public form): the
    seat is held until the link e-mailed to it is followed (confirm)."""
    email = email.strip().lower()
    hold = hold and bool(email)
    with transaction.atomic():
        occurrence = _lock(occurrence)
        if not (is_open(occurrence) or (late and is_open_to_organiser(occurrence))):
            raise RegistrationClosed
        release_expired(occurrence=occurrence)
        if email:
            existing = occurrence.registrations.filter(email=email).exclude(
                status=Registration.Status.CANCELLED
            )
            if existing.exists():
                raise AlreadyRegistered(existing.first())
        left = seats_left(occurrence)
        seated = left is None or left > 0
        now = timezone.now()
        if hold:
            status = Registration.Status.PENDING if seated else Registration.Status.WAITING
        else:
            status = Registration.Status.CONFIRMED if seated else Registration.Status.WAITING
        registration = Registration.objects.create(
            occurrence=occurrence,
            name=name.strip(),
            email=email,
            phone=phone.strip(),
            public=public,
            user=user if user is not None and user.is_authenticated else None,
            registered_by=by if by is not None and by.is_authenticated else None,
            status=status,
            token=secrets.token_urlsafe(32),
            expires_at=now + hold_time() if hold else None,
            confirmed_at=None if hold else now,
            code="" if email or not phone.strip() else new_code(occurrence.event),
        )
        _tell(registration, "events/email/confirm" if hold else "events/email/registered")
        _text_code(registration)
    return registration


def new_code(event: Event) -> str:
    """A short code not in use in this event (checked under the occurrence's lock)."""
    taken = Registration.objects.filter(occurrence__event=event)
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not taken.filter(code=code).exists():
            return code


def normalise_code(code: str) -> str:
    """What people type: lower case, spaces, dashes."""
    return "".join(char for char in code.upper() if char.isalnum())


def _phone_key(phone: str) -> str:
    return "".join(char for char in phone if char.isdigit())[-PHONE_DIGITS:]


def find_by_code(*, code: str, phone: str) -> Registration | None:
    """The live registration with this code and this phone number, or None (either wrong)."""
    code, key = normalise_code(code), _phone_key(phone)
    if len(code) != CODE_LENGTH or len(key) < PHONE_DIGITS:
        return None
    candidates = (
        Registration.objects.select_related("occurrence", "occurrence__event")
        .filter(code=code)
        .exclude(status=Registration.Status.CANCELLED)
    )
    for registration in candidates:
        if secrets.compare_digest(_phone_key(registration.phone), key):
            return registration
    return None


def _text_code(registration: Registration) -> None:
    """The short code by SMS, when a gateway is configured (queued with the registration)."""
    if not registration.code or not sms.enabled():
        return
    text = render_to_string(
        "events/sms/code.txt",
        {
            "registration": registration,
            "occurrence": registration.occurrence,
            "event": registration.occurrence.event,
            "cancel_url": absolute("events:registration_code"),
            "SITE_NAME": settings.SITE_NAME,
        },
        using="text",
    )
    sms.send(to=registration.phone, text=" ".join(text.split()))


def hold_time() -> timedelta:
    return timedelta(minutes=settings.PLACETTE_REGISTRATION_HOLD_MINUTES)


def confirm(*, registration: Registration) -> Registration:
    """The address's owner followed the link: the held seat (or place on the waiting list)
    becomes theirs, and the usual confirmation is e-mailed. Past the hold's time the seat has
    gone back: HoldExpired. Confirming twice changes nothing."""
    with transaction.atomic():
        occurrence = _lock(registration.occurrence)
        release_expired(occurrence=occurrence)
        registration = Registration.objects.get(pk=registration.pk)
        registration.occurrence = occurrence
        if not is_unconfirmed(registration):
            return registration
        expired = registration.status == Registration.Status.CANCELLED
        if not expired:
            _confirm(registration)
    if expired:  # raised once the release above is saved
        raise HoldExpired
    return registration


def _confirm(registration: Registration) -> None:
    confirmed = Registration.Status.CONFIRMED
    # A held seat becomes theirs; a place on the waiting list stays where it is.
    pending = registration.status == Registration.Status.PENDING
    if pending and lifecycle.allows(Registration.TRANSITIONS, registration.status, confirmed):
        registration.status = confirmed
    registration.confirmed_at = timezone.now()
    registration.expires_at = None
    registration.save(update_fields=["status", "confirmed_at", "expires_at"])
    _tell(registration, "events/email/registered")


def release_expired(*, occurrence: Occurrence) -> list:
    """Cancel the holds past their time and give their seats to the waiting list; call inside
    a transaction that holds the occurrence's lock. Returns the registrations promoted."""
    now = timezone.now()
    expired = list(
        occurrence.registrations.filter(
            status__in=[Registration.Status.PENDING, Registration.Status.WAITING],
            expires_at__lte=now,
            confirmed_at__isnull=True,
        )
    )
    for registration in expired:
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
    return fill_from_waiting_list(occurrence=occurrence) if expired else []


def release_all_expired() -> int:
    """The daily sweep (the same runs under the lock before every write): each date with a
    hold past its time. Returns the number of dates released."""
    due = (
        Occurrence.objects.filter(
            registrations__status__in=[Registration.Status.PENDING, Registration.Status.WAITING],
            registrations__expires_at__lte=timezone.now(),
            registrations__confirmed_at__isnull=True,
        )
        .distinct()
        .order_by("pk")
    )
    released = 0
    for occurrence in due:
        with transaction.atomic():
            release_expired(occurrence=_lock(occurrence))
        released += 1
    return released


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
    now = timezone.now()
    waiting = (
        occurrence.registrations.filter(status=Registration.Status.WAITING)
        .exclude(expires_at__lte=now, confirmed_at__isnull=True)
        .order_by("created_at", "id")
    )
    left = seats_left(occurrence)
    for registration in waiting[:left] if left is not None else waiting:
        # Not confirmed yet: the seat is held until the same time; its link confirms it.
        unconfirmed = is_unconfirmed(registration)
        registration.status = (
            Registration.Status.PENDING if unconfirmed else Registration.Status.CONFIRMED
        )
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        if not unconfirmed:
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


def send_link(*, registration: Registration, already: bool = False) -> None:
    """E-mail the personal link again: asked for, or (`already`) someone registered this
    address again. Only by e-mail: showing it on screen would hand it to whoever types that
    address."""
    _tell(registration, "events/email/already" if already else "events/email/link")


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
            # Not confirmed: the name may be anyone's text to anyone's address; none of it.
            "name": "" if is_unconfirmed(registration) else registration.name[:MAILED_NAME],
            "hold_minutes": settings.PLACETTE_REGISTRATION_HOLD_MINUTES,
            "registration": registration,
            "occurrence": registration.occurrence,
            "event": registration.occurrence.event,
            "manage_url": absolute("events:registration", token=registration.token),
        },
    )
