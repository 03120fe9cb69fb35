"""Seats, waiting list, cancellation: placette.events.registrations."""

import threading

import pytest
from django.core import mail
from django.db import connection, connections

from placette.events import registrations
from placette.events.models import Registration
from tests.factories import make_event

LINKS = {"manage": "https://lieux.example/inscriptions/{token}/"}


def _occurrence(**kwargs):
    return make_event(**kwargs).occurrences.get()


@pytest.mark.django_db
def test_seats_then_waiting_list_then_promotion_on_cancel(run_tasks):
    occurrence = _occurrence(capacity=2)
    a = registrations.register(occurrence=occurrence, name="Awa", email="awa@example.org")
    b = registrations.register(occurrence=occurrence, name="Bruno", phone="06 12 34 56 78")
    c = registrations.register(
        occurrence=occurrence, name="Chloé", email="chloe@example.org", links=LINKS
    )
    d = registrations.register(occurrence=occurrence, name="Driss", email="driss@example.org")
    assert [r.status for r in (a, b, c, d)] == ["confirmed", "confirmed", "waiting", "waiting"]
    assert registrations.seats_left(occurrence) == 0

    promoted = registrations.cancel(registration=a, links=LINKS)

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
    assert f"https://lieux.example/inscriptions/{c.token}/" in chloe.body
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
