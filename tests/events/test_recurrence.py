"""Regular slots: placette.events.recurrence (rules, school holidays, daylight saving,
regeneration that keeps what organisers did by hand)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from placette.events import recurrence
from placette.events.models import Occurrence, Registration
from placette.events.services import events as services
from placette.events.services import registrations
from tests.factories import make_place

PARIS = ZoneInfo("Europe/Paris")
UTC = ZoneInfo("UTC")


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.PLACETTE_BASE_URL = "https://lieux.example"  # e-mailed links are on it


def _between(rule: str, first: date, last: date, zone: str = "") -> list[tuple[datetime, ...]]:
    return recurrence.dates(
        rule,
        after=datetime.combine(first, time(0), tzinfo=PARIS),
        before=datetime.combine(last, time(0), tzinfo=PARIS),
        zone=zone,
    )


def test_every_tuesday_except_school_holidays_of_zone_b():
    rule = recurrence.build(
        first_day=date(2026, 9, 1),
        start=time(14, 0),
        end=time(17, 0),
        weekdays=["TU"],
        until=date(2027, 1, 31),
    )
    found = _between(rule, date(2026, 8, 1), date(2027, 3, 1), zone="B")

    tuesdays = [date(2026, 9, 1) + timedelta(weeks=n) for n in range(22)]  # to 26 Jan 2027
    # Zone B, 2026–2027: Toussaint 17 Oct–1 Nov 2026, Noël 19 Dec 2026–3 Jan 2027.
    holidays = {date(2026, 10, 20), date(2026, 10, 27), date(2026, 12, 22), date(2026, 12, 29)}
    assert [start.date() for start, _end in found] == [d for d in tuesdays if d not in holidays]
    assert len(found) == 18
    for start, end in found:
        assert (start.astimezone(PARIS).time(), end.astimezone(PARIS).time()) == (
            time(14),
            time(17),
        )
    # Without the exception the holidays' Tuesdays are there; zone A's calendar is the same
    # for these two holidays, zone C's too (they differ in winter and spring).
    assert len(_between(rule, date(2026, 8, 1), date(2027, 3, 1))) == 22


def test_winter_holidays_differ_by_zone():
    rule = recurrence.build(
        first_day=date(2027, 2, 1), start=time(10), end=time(12), weekdays=["MO"]
    )
    mondays = [date(2027, 2, 1) + timedelta(weeks=n) for n in range(9)]  # to 29 March
    # Winter 2027: zone A 13–28 Feb, zone B 20 Feb–7 Mar, zone C 6–21 Feb.
    skipped = {
        "A": {date(2027, 2, 15), date(2027, 2, 22)},
        "B": {date(2027, 2, 22), date(2027, 3, 1)},
        "C": {date(2027, 2, 8), date(2027, 2, 15)},
    }
    for zone, days in skipped.items():
        found = [s.date() for s, _e in _between(rule, date(2027, 2, 1), date(2027, 3, 31), zone)]
        assert found == [d for d in mondays if d not in days], zone


def test_fourteen_hundred_stays_fourteen_hundred_across_daylight_saving():
    rule = recurrence.build(
        first_day=date(2026, 10, 20), start=time(14), end=time(17), weekdays=["TU"]
    )
    autumn = [s for s, _e in _between(rule, date(2026, 10, 19), date(2026, 11, 1))]
    # Summer time ends on Sunday 25 October 2026.
    assert [s.astimezone(UTC).hour for s in autumn] == [12, 13]
    assert {s.astimezone(PARIS).strftime("%H:%M") for s in autumn} == {"14:00"}

    spring = [s for s, _e in _between(rule, date(2027, 3, 22), date(2027, 4, 4))]
    # Summer time starts on Sunday 28 March 2027.
    assert [s.astimezone(UTC).hour for s in spring] == [13, 12]
    assert {s.astimezone(PARIS).strftime("%H:%M") for s in spring} == {"14:00"}


def test_monthly_and_every_other_week_rules():
    last_friday = recurrence.build(
        first_day=date(2026, 9, 1),
        start=time(9, 30),
        end=time(12),
        frequency="monthly",
        nth=-1,
        weekdays=["FR"],
    )
    found = [s.date() for s, _e in _between(last_friday, date(2026, 9, 1), date(2027, 1, 1))]
    assert found == [date(2026, 9, 25), date(2026, 10, 30), date(2026, 11, 27), date(2026, 12, 25)]

    second_wednesday = recurrence.build(
        first_day=date(2026, 9, 1),
        start=time(18),
        end=time(20),
        frequency="monthly",
        nth=2,
        weekdays=["WE"],
    )
    found = [s.date() for s, _e in _between(second_wednesday, date(2026, 9, 1), date(2026, 12, 1))]
    assert found == [date(2026, 9, 9), date(2026, 10, 14), date(2026, 11, 11)]

    fortnight = recurrence.build(
        first_day=date(2026, 9, 3), start=time(9), end=time(12), interval=2, weekdays=["TH"]
    )
    found = [s.date() for s, _e in _between(fortnight, date(2026, 9, 1), date(2026, 10, 16))]
    assert found == [date(2026, 9, 3), date(2026, 9, 17), date(2026, 10, 1), date(2026, 10, 15)]
    assert "Toutes les 2 semaines" in recurrence.describe(fortnight)


def test_rule_text_starts_on_the_first_matching_day_and_reads_back():
    rule = recurrence.build(
        first_day=date(2026, 9, 2),  # a Wednesday
        start=time(14),
        end=time(17),
        weekdays=["TU"],
        until=date(2026, 12, 31),
    )
    lines = rule.splitlines()
    assert lines[0] == "DTSTART;TZID=Europe/Paris:20260908T140000"
    assert lines[1] == "DTEND;TZID=Europe/Paris:20260908T170000"
    # UNTIL is in UTC, as RFC 5545 asks when DTSTART has a time zone.
    assert lines[2] == "RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20261231T225959Z"
    parsed = recurrence.parse(rule)
    assert parsed.start == datetime(2026, 9, 8, 14, tzinfo=PARIS)
    assert parsed.end - parsed.start == timedelta(hours=3)
    last = _between(rule, date(2026, 9, 1), date(2027, 6, 1))[-1][0]
    assert last.date() == date(2026, 12, 29)
    with pytest.raises(ValueError):
        recurrence.parse("RRULE:FREQ=WEEKLY")


def test_school_zone_of_a_departement():
    assert recurrence.zone_for("35") == "B"
    assert recurrence.zone_for("75") == "C"
    assert recurrence.zone_for("69") == "A"
    assert recurrence.zone_for("2A") == ""  # Corsica has a calendar of its own
    assert len(recurrence.ZONE_BY_DEPARTEMENT) == 94


# --- Materialising a rule into dates ------------------------------------------------------


def _weekly_event(*, weeks: int = 4, **fields):
    """A published event on tomorrow's weekday at 14:00–17:00, for `weeks` weeks."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    event = services.create_event(
        place=make_place(),
        fields={"title": "Permanence numérique", "kind": "permanence", "capacity": 2, **fields},
    )
    rule = recurrence.build(
        first_day=tomorrow,
        start=time(14),
        end=time(17),
        until=tomorrow + timedelta(weeks=weeks - 1),
    )
    services.set_recurrence(event=event, rule=rule)
    services.publish(event=event)
    return event


def _starts(event, **filters) -> list[date]:
    return [
        timezone.localtime(o.start).date()
        for o in event.occurrences.filter(**filters).order_by("start")
    ]


@pytest.mark.django_db
def test_materialise_creates_the_dates_once():
    event = _weekly_event(weeks=4)
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert _starts(event) == [tomorrow + timedelta(weeks=n) for n in range(4)]
    first = event.occurrences.order_by("start").first()
    assert first.from_rule and first.place == event.place and first.mode == "place"
    assert timezone.localtime(first.start).time() == time(14)
    assert timezone.localtime(first.end).time() == time(17)

    again = recurrence.materialise(event)
    assert (again.created, again.removed, again.cancelled) == (0, 0, 0)
    assert event.occurrences.count() == 4


@pytest.mark.django_db
def test_materialise_stops_at_the_horizon():
    event = services.create_event(place=make_place(), fields={"title": "Sans fin", "kind": "autre"})
    rule = recurrence.build(
        first_day=timezone.localdate() + timedelta(days=1), start=time(10), end=time(11)
    )
    services.set_recurrence(event=event, rule=rule)
    assert event.occurrences.count() in (25, 26)  # 180 days of one weekday
    made = recurrence.materialise(event, horizon_days=200)
    assert made.created in (2, 3)


@pytest.mark.django_db
def test_a_cancelled_date_stays_cancelled_after_regeneration(run_tasks):
    event = _weekly_event(weeks=4)
    second = event.occurrences.order_by("start")[1]
    registrations.register(occurrence=second, name="Awa", email="awa@example.org")
    services.cancel_occurrence(occurrence=second, reason="Salle prise")

    made = recurrence.materialise(event)

    assert made.created == 0
    assert event.occurrences.count() == 4
    second.refresh_from_db()
    assert second.status == "cancelled"
    assert second.sequence == 1
    assert event.occurrences.filter(start=second.start).count() == 1
    run_tasks()
    cancelled = [m for m in mail.outbox if m.subject.startswith("Annulé")]
    assert [m.to for m in cancelled] == [["awa@example.org"]]
    assert "Salle prise" in cancelled[0].body


@pytest.mark.django_db
def test_a_moved_date_keeps_its_registrations_and_is_not_made_again(run_tasks):
    event = _weekly_event(weeks=4)
    second = event.occurrences.order_by("start")[1]
    rule_start = second.start
    a = registrations.register(occurrence=second, name="Awa", email="awa@example.org")
    b = registrations.register(occurrence=second, name="Bruno", email="bruno@example.org")
    c = registrations.register(occurrence=second, name="Chloé", email="chloe@example.org")
    assert c.status == "waiting"

    services.move_occurrence(
        occurrence=second,
        start=rule_start + timedelta(days=1, hours=1),
        end=rule_start + timedelta(days=1, hours=4),
    )
    made = recurrence.materialise(event)

    assert made.created == 0
    second.refresh_from_db()
    assert second.original_start == rule_start
    assert not second.from_rule
    assert second.sequence == 1
    assert not event.occurrences.filter(start=rule_start).exists()
    assert set(second.registrations.values_list("pk", flat=True)) == {a.pk, b.pk, c.pk}
    run_tasks()
    moved = [m for m in mail.outbox if m.subject.startswith("Changement de date")]
    # Confirmed and waiting registrants are all told, each with a personal link.
    assert sorted(m.to[0] for m in moved) == [
        "awa@example.org",
        "bruno@example.org",
        "chloe@example.org",
    ]
    awa = next(m for m in moved if m.to == ["awa@example.org"])
    assert f"https://lieux.example/agenda/inscription/{a.token}/" in awa.body
    assert "15:00" in awa.body  # the new start, in local time


@pytest.mark.django_db
def test_a_changed_rule_removes_empty_dates_and_cancels_the_others(run_tasks):
    event = _weekly_event(weeks=4)
    dates = list(event.occurrences.order_by("start"))
    registrations.register(occurrence=dates[2], name="Driss", email="driss@example.org")
    day_after = timezone.localdate() + timedelta(days=2)
    new_rule = recurrence.build(
        first_day=day_after, start=time(9), end=time(12), until=day_after + timedelta(weeks=3)
    )

    made = services.set_recurrence(event=event, rule=new_rule)

    assert (made.created, made.removed, made.cancelled) == (4, 3, 1)
    kept = Occurrence.objects.get(pk=dates[2].pk)
    assert kept.status == "cancelled"
    assert kept.registrations.get().status == Registration.Status.CONFIRMED
    assert _starts(event, status="scheduled") == [day_after + timedelta(weeks=n) for n in range(4)]
    run_tasks()
    assert [m.to for m in mail.outbox if m.subject.startswith("Annulé")] == [["driss@example.org"]]


@pytest.mark.django_db
def test_clearing_the_rule_keeps_hand_made_dates():
    event = _weekly_event(weeks=3)
    start = timezone.now() + timedelta(days=30)
    own = services.add_occurrence(event=event, start=start, end=start + timedelta(hours=2))

    made = services.set_recurrence(event=event, rule="")

    assert made.removed == 3
    assert list(event.occurrences.all()) == [own]


@pytest.mark.django_db
def test_school_holidays_are_skipped_when_materialising():
    event = services.create_event(
        place=make_place(), fields={"title": "Permanence", "kind": "permanence"}
    )
    rule = recurrence.build(first_day=date(2026, 10, 6), start=time(14), end=time(17))
    event.rrule, event.skip_school_holidays = rule, "B"
    event.save()
    now = datetime(2026, 10, 1, tzinfo=PARIS)

    recurrence.materialise(event, horizon_days=35, now=now)

    # Tuesdays 6 Oct – 3 Nov 2026, less the Toussaint holidays of zone B (17 Oct–1 Nov).
    assert _starts(event) == [date(2026, 10, 6), date(2026, 10, 13), date(2026, 11, 3)]


@pytest.mark.django_db
def test_housekeeping_extends_regular_slots(run_tasks):
    from django.core.management import call_command

    from placette.events.models import Event

    event = services.create_event(
        place=make_place(), fields={"title": "Permanence", "kind": "permanence"}
    )
    rule = recurrence.build(
        first_day=timezone.localdate() + timedelta(days=1),
        start=time(14),
        end=time(17),
        until=timezone.localdate() + timedelta(days=21),
    )
    Event.objects.filter(pk=event.pk).update(rrule=rule)  # a rule not yet made into dates

    call_command("housekeeping", verbosity=0)
    run_tasks()

    assert event.occurrences.filter(from_rule=True).count() == 3


@pytest.mark.django_db
def test_the_monthly_form_reads_back():
    from placette.events.forms.events import RecurrenceForm

    form = RecurrenceForm(
        {
            "frequency": "monthly",
            "interval": "1",
            "nth": "-1",
            "month_weekday": "FR",
            "start_time": "09:30",
            "end_time": "12:00",
            "first_day": "2026-09-01",
            "until": "2026-12-31",
            "skip_school_holidays": "B",
        }
    )
    assert form.is_valid(), form.errors
    rule = form.to_rule()
    assert rule.splitlines()[0] == "DTSTART;TZID=Europe/Paris:20260925T093000"
    assert "RRULE:FREQ=MONTHLY;BYDAY=-1FR;UNTIL=" in rule
    event = services.create_event(place=make_place(), fields={"title": "Club"})
    event.rrule, event.skip_school_holidays = rule, "B"
    initial = RecurrenceForm.initial_for(event)
    assert (initial["frequency"], initial["nth"], initial["month_weekday"]) == ("monthly", -1, "FR")
    assert (initial["first_day"], initial["until"]) == (date(2026, 9, 25), date(2026, 12, 31))
    assert recurrence.describe(rule, "B") == (
        "Le dernier vendredi du mois, 09:30–12:00, jusqu'au 31/12/2026, "
        "sauf vacances scolaires (zone B)"
    )
