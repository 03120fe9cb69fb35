"""Seats, waiting list, cancellation: placette.events.services.registrations."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, connections
from django.utils import timezone

from placette.core import lifecycle
from placette.events.models import Registration
from placette.events.services import registrations
from tests.factories import make_event
from tests.lifecycle import explore


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.PLACETTE_BASE_URL = "https://lieux.example"  # e-mailed links are on it


def _occurrence(**kwargs):
    return make_event(**kwargs).occurrences.get()


@pytest.mark.django_db
def test_seats_then_waiting_list_then_promotion_on_cancel(run_tasks):
    occurrence = _occurrence(capacity=2)
    a = registrations.register(occurrence=occurrence, name="Awa", email="awa@example.org")
    b = registrations.register(occurrence=occurrence, name="Bruno", phone="06 12 34 56 78")
    c = registrations.register(occurrence=occurrence, name="Chloé", email="chloe@example.org")
    d = registrations.register(occurrence=occurrence, name="Driss", email="driss@example.org")
    assert [r.status for r in (a, b, c, d)] == ["confirmed", "confirmed", "waiting", "waiting"]
    assert registrations.seats_left(occurrence) == 0

    promoted = registrations.cancel(registration=a)

    assert [r.pk for r in promoted] == [c.pk]  # first come, first served
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {
        "Awa": "cancelled",
        "Bruno": "confirmed",
        "Chloé": "confirmed",
        "Driss": "waiting",
    }
    run_tasks()
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "Inscription confirmée" in subjects["awa@example.org"]
    assert "Une place s'est libérée" in subjects["chloe@example.org"]
    assert "Liste d'attente" in subjects["driss@example.org"]
    chloe = [m for m in mail.outbox if m.to == ["chloe@example.org"]][-1]
    assert f"https://lieux.example/agenda/inscription/{c.token}/" in chloe.body
    # Bruno registered with a phone number only: no e-mail anywhere.
    assert all("Bruno" not in m.body for m in mail.outbox)


@pytest.mark.django_db
def test_cancelling_twice_or_a_waiting_registration_frees_nothing():
    occurrence = _occurrence(capacity=1)
    a = registrations.register(occurrence=occurrence, name="A", email="a@example.org")
    b = registrations.register(occurrence=occurrence, name="B", email="b@example.org")
    c = registrations.register(occurrence=occurrence, name="C", email="c@example.org")
    assert registrations.cancel(registration=b) == []  # a waiting one leaves: no seat freed
    assert registrations.cancel(registration=a)[0].pk == c.pk
    assert registrations.cancel(registration=a) == []  # already cancelled
    assert registrations.confirmed_count(occurrence) == 1


@pytest.mark.django_db
def test_unlimited_seats_and_closed_registrations():
    occurrence = _occurrence(capacity=None)
    for n in range(30):
        registrations.register(occurrence=occurrence, name=f"P{n}", email=f"p{n}@example.org")
    assert registrations.confirmed_count(occurrence) == 30
    assert registrations.seats_left(occurrence) is None
    with pytest.raises(registrations.RegistrationClosed):
        registrations.register(occurrence=_occurrence(status="draft"), name="X")
    with pytest.raises(registrations.RegistrationClosed):
        registrations.register(occurrence=_occurrence(starts_in_days=-1), name="X")


@pytest.mark.django_db
def test_the_same_email_cannot_take_two_seats():
    occurrence = _occurrence(capacity=5)
    first = registrations.register(occurrence=occurrence, name="A", email="a@example.org")
    with pytest.raises(registrations.AlreadyRegistered) as error:
        registrations.register(occurrence=occurrence, name="A bis", email=" A@example.org ")
    assert error.value.registration.pk == first.pk
    registrations.cancel(registration=first)
    again = registrations.register(occurrence=occurrence, name="A", email="a@example.org")
    assert again.status == "confirmed"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_registrations_never_overbook_nor_lose_anyone():
    """40 people press "S'inscrire" at the same moment for the last 3 seats (of 10)."""
    occurrence = _occurrence(capacity=10)
    for n in range(7):
        registrations.register(occurrence=occurrence, name=f"Déjà {n}", email=f"d{n}@example.org")
    barrier = threading.Barrier(40)
    errors: list[BaseException] = []

    def attempt(n: int) -> None:
        try:
            barrier.wait()
            registrations.register(occurrence=occurrence, name=f"P{n}", email=f"p{n}@example.org")
        except BaseException as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    counts = {
        status: Registration.objects.filter(occurrence=occurrence, status=status).count()
        for status in ("confirmed", "waiting")
    }
    assert counts == {"confirmed": 10, "waiting": 37}  # 7 + 3 seated, 37 waiting, none lost
    # The seats went to three of the simultaneous requests; the list keeps arrival order.
    waiting = list(Registration.objects.filter(occurrence=occurrence, status="waiting"))
    assert waiting == sorted(waiting, key=lambda r: (r.created_at, r.pk))


# -- holds: an e-mail address confirmed by its link --------------------------------------------


def _expire(*registrations_: Registration) -> None:
    """Their hold's time has passed."""
    past = timezone.now() - timedelta(seconds=1)
    Registration.objects.filter(pk__in=[r.pk for r in registrations_]).update(expires_at=past)


@pytest.mark.django_db
def test_made_up_addresses_hold_seats_only_until_their_time(run_tasks):
    occurrence = _occurrence(capacity=2)
    squat = [
        registrations.register(
            occurrence=occurrence, name=f"Bot {n}", email=f"bot{n}@nowhere.invalid", hold=True
        )
        for n in range(2)
    ]
    awa = registrations.register(
        occurrence=occurrence, name="Awa", email="awa@example.org", hold=True
    )
    assert [r.status for r in (*squat, awa)] == ["pending", "pending", "waiting"]
    assert registrations.seats_left(occurrence) == 0
    assert registrations.roster(occurrence)["counts"]["confirmed"] == 0  # not on the roll

    _expire(*squat)
    # Counts ignore expired holds at once, before anything releases them.
    assert registrations.seats_left(occurrence) == 2
    with pytest.raises(registrations.HoldExpired):
        registrations.confirm(registration=squat[0])  # too late: the seat went back
    statuses = dict(Registration.objects.values_list("name", "status"))
    # The waiting list moved up as on a cancellation; Awa's own hold runs on.
    assert statuses == {"Bot 0": "cancelled", "Bot 1": "cancelled", "Awa": "pending"}
    awa.refresh_from_db()
    assert awa.expires_at is not None
    assert registrations.confirm(registration=awa).status == "confirmed"
    assert registrations.seats_left(occurrence) == 1
    # The roster shows Awa; the holds never confirmed are nobody's, not even as cancelled.
    roster = registrations.roster(occurrence)
    assert [r.name for r in roster["confirmed"]] == ["Awa"]
    assert list(roster["cancelled"]) == []


@pytest.mark.django_db
def test_the_daily_task_releases_holds_and_gives_no_seat_past_a_hold(run_tasks):
    from placette.events import tasks

    assert tasks.release_expired_holds in tasks.DAILY
    occurrence = _occurrence(capacity=1)
    bot = registrations.register(
        occurrence=occurrence, name="Bot", email="bot@nowhere.invalid", hold=True
    )
    late = registrations.register(
        occurrence=occurrence, name="Late", email="late@nowhere.invalid", hold=True
    )
    bruno = registrations.register(occurrence=occurrence, name="Bruno", phone="0612345678")
    _expire(bot, late)  # both holds past: the seat goes to Bruno, who was next in line
    tasks.release_expired_holds.enqueue()
    run_tasks()
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {"Bot": "cancelled", "Late": "cancelled", "Bruno": "confirmed"}
    assert bruno.pk in {r.pk for r in registrations.roster(occurrence)["confirmed"]}
    # No confirmation e-mail went to the made-up addresses after the confirmation request.
    assert [m.to[0] for m in mail.outbox] == ["bot@nowhere.invalid", "late@nowhere.invalid"]


@pytest.mark.django_db
def test_confirming_twice_or_after_a_cancellation_changes_nothing(run_tasks):
    occurrence = _occurrence(capacity=3)
    held = registrations.register(occurrence=occurrence, name="A", email="a@example.org", hold=True)
    assert registrations.confirm(registration=held).status == "confirmed"
    assert registrations.confirm(registration=held).status == "confirmed"
    other = registrations.register(
        occurrence=occurrence, name="B", email="b@example.org", hold=True
    )
    registrations.cancel(registration=other)
    with pytest.raises(registrations.HoldExpired):
        registrations.confirm(registration=other)
    assert Registration.objects.get(pk=other.pk).status == "cancelled"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_confirmations_racing_with_expiry_and_new_registrations_never_overbook():
    """10 seats, all held: 5 holds past their time, 5 still on. At the same moment their 10
    links are followed, 29 people register and the daily sweep runs."""
    occurrence = _occurrence(capacity=10)
    holds = [
        registrations.register(
            occurrence=occurrence, name=f"H{n}", email=f"h{n}@example.org", hold=True
        )
        for n in range(10)
    ]
    _expire(*holds[:5])
    barrier = threading.Barrier(40)
    errors: list[BaseException] = []
    expired: list[int] = []

    def attempt(n: int) -> None:
        try:
            barrier.wait()
            if n < 10:
                try:
                    registrations.confirm(registration=holds[n])
                except registrations.HoldExpired:
                    expired.append(n)
            elif n == 10:
                registrations.release_all_expired()
            else:
                registrations.register(
                    occurrence=occurrence, name=f"P{n}", email=f"p{n}@example.org"
                )
        except BaseException as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(expired) == [0, 1, 2, 3, 4]
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert [statuses[f"H{n}"] for n in range(10)] == ["cancelled"] * 5 + ["confirmed"] * 5
    counts = {
        status: Registration.objects.filter(occurrence=occurrence, status=status).count()
        for status in ("confirmed", "waiting", "pending")
    }
    assert counts == {"confirmed": 10, "waiting": 24, "pending": 0}  # 5 + 5 new; none lost


# -- reminders, attendance, the organiser's late additions -------------------------------------


def _at(day_offset: int, hour: int):
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    day = timezone.localdate() + timedelta(days=day_offset)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@pytest.mark.django_db
def test_reminders_go_the_day_before_once(run_tasks):
    tomorrow = _occurrence(capacity=2, starts_in_days=1, title="Atelier courriel")
    a = registrations.register(occurrence=tomorrow, name="A", email="a@example.org")
    registrations.register(occurrence=tomorrow, name="B", phone="0600000000")  # no e-mail
    registrations.register(occurrence=tomorrow, name="W", email="w@example.org")  # waiting
    gone = registrations.register(occurrence=tomorrow, name="G", email="g@example.org")
    registrations.cancel(registration=gone)
    today = _occurrence(starts_in_days=0)
    in_two_days = _occurrence(starts_in_days=2)
    cancelled = _occurrence(starts_in_days=1)
    registrations.register(occurrence=cancelled, name="X", email="x@example.org")
    cancelled.status = "cancelled"
    cancelled.save()
    for occurrence in (today, in_two_days):
        # late: today's 14:00 may be past when the suite runs
        registrations.register(occurrence=occurrence, name="X", email="x@example.org", late=True)
    draft = _occurrence(starts_in_days=1, status="draft")
    run_tasks()
    mail.outbox.clear()

    now = _at(0, 3)  # the daily run, at 03:00
    assert registrations.reminder_window(now) == (_at(1, 0), _at(2, 0))
    assert registrations.send_reminders(now=now) == 1
    assert registrations.send_reminders(now=_at(0, 23)) == 0  # run again: nothing
    run_tasks()
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert mail.outbox[0].subject == "Rappel : Atelier courriel, demain"
    assert f"https://lieux.example/agenda/inscription/{a.token}/" in mail.outbox[0].body
    tomorrow.refresh_from_db()
    assert tomorrow.reminded_at == now
    for occurrence in (today, in_two_days, cancelled, draft):
        occurrence.refresh_from_db()
        assert occurrence.reminded_at is None
    # The next day's run reaches the date two days ahead, once.
    assert registrations.send_reminders(now=_at(1, 3)) == 1


@pytest.mark.django_db
def test_housekeeping_queues_the_reminders_with_links_to_the_site(run_tasks):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    occurrence = _occurrence(starts_in_days=1)
    r = registrations.register(occurrence=occurrence, name="A", email="a@example.org")
    call_command("housekeeping", verbosity=0)
    queued = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert "placette.events.tasks.send_reminders" in queued
    mail.outbox.clear()
    run_tasks()
    reminder = [m for m in mail.outbox if m.subject.startswith("Rappel")]
    assert [m.to for m in reminder] == [["a@example.org"]]
    assert f"https://lieux.example/agenda/inscription/{r.token}/" in reminder[0].body


@pytest.mark.django_db
def test_attendance_is_for_confirmed_registrations():
    occurrence = _occurrence(capacity=1)
    a = registrations.register(occurrence=occurrence, name="A", phone="0600000001")
    w = registrations.register(occurrence=occurrence, name="W", phone="0600000002")
    assert (
        registrations.set_attendance(registration=a, attendance="present").attendance == "present"
    )
    assert registrations.set_attendance(registration=a, attendance="").attendance == ""
    with pytest.raises(ValueError):
        registrations.set_attendance(registration=a, attendance="maybe")
    with pytest.raises(ValueError):
        registrations.set_attendance(registration=w, attendance="present")
    assert registrations.waiting_position(w) == 1
    assert registrations.waiting_position(a) is None


@pytest.mark.django_db
def test_late_registration_is_for_the_organiser_on_the_day_only():
    from datetime import timedelta

    from django.utils import timezone

    from placette.events.models import Occurrence

    occurrence = _occurrence()
    started = timezone.now() - timedelta(hours=1)
    Occurrence.objects.filter(pk=occurrence.pk).update(
        start=started, end=started + timedelta(hours=2)
    )
    with pytest.raises(registrations.RegistrationClosed):
        registrations.register(occurrence=occurrence, name="Public")
    assert registrations.register(occurrence=occurrence, name="Walk-in", late=True).pk
    long_ago = timezone.now() - timedelta(days=3)
    Occurrence.objects.filter(pk=occurrence.pk).update(
        start=long_ago, end=long_ago + timedelta(hours=2)
    )
    with pytest.raises(registrations.RegistrationClosed):
        registrations.register(occurrence=occurrence, name="Too late", late=True)


@pytest.mark.django_db
def test_plain_text_mail_is_not_html_escaped(run_tasks):
    occurrence = _occurrence(title="L'atelier d'Awa & <co>", capacity=3)
    registrations.register(occurrence=occurrence, name="Zoé d'Arc", email="zoe@example.org")
    run_tasks()
    [message] = mail.outbox
    assert "L'atelier d'Awa & <co>" in message.subject
    assert "Zoé d'Arc" in message.body and "&#x27;" not in message.body


@pytest.mark.django_db
def test_the_lifecycle_moves_only_along_its_table():
    def full(pick: int, *, hold: bool = False) -> Registration:
        """A date with one seat: the first registration seated, the second waiting; `hold`:
        the chosen one's address is not confirmed yet."""
        occurrence = _occurrence(capacity=1)
        people = [
            registrations.register(
                occurrence=occurrence,
                name=name,
                email=f"{name}@example.org",
                hold=hold and n == pick,
            )
            for n, name in enumerate(("awa", "bruno"))
        ]
        return people[pick]

    def cancelled() -> Registration:
        registration = full(0)
        registrations.cancel(registration=registration)  # Bruno takes the seat
        return registration

    def free_the_seat(registration: Registration) -> None:
        for other in registration.occurrence.registrations.exclude(pk=registration.pk):
            registrations.cancel(registration=other)

    seen = explore(
        Registration,
        states=[
            lambda: full(0),
            lambda: full(1),
            lambda: full(0, hold=True),
            lambda: full(1, hold=True),
            cancelled,
        ],
        moves=[
            lambda registration: registrations.cancel(registration=registration),
            lambda registration: registrations.confirm(registration=registration),
            free_the_seat,
        ],
        refused=(),
    )
    assert seen == lifecycle.edges(Registration.TRANSITIONS)
