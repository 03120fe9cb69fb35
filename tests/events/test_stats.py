"""A place's statistics: counts over a known fixture, the page, its permissions, the CSV."""

import csv
import io
from datetime import datetime, time, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from placette.events import stats
from placette.events.models import Occurrence
from placette.events.services import registrations
from tests.factories import make_event, make_manager, make_moderator, make_place, make_user

pytestmark = pytest.mark.django_db


def _move(occurrence, day) -> None:
    """Dates are registered for while ahead, then moved into the past (the year's record)."""
    start = timezone.make_aware(datetime.combine(day, time(14, 0)))
    Occurrence.objects.filter(pk=occurrence.pk).update(start=start, end=start + timedelta(hours=2))


def _attend(registration, value) -> None:
    registrations.set_attendance(registration=registration, attendance=value)


@pytest.fixture
def year():
    """Two workshops held by the EPN in the last 12 months, plus what must not count."""
    today = timezone.localdate()
    place = make_place(name="EPN de Villejean")
    manager = make_manager(place)
    two_months_ago = today.replace(day=10) - relativedelta(months=2)
    last_month = today.replace(day=10) - relativedelta(months=1)

    workshop = make_event(place=place, capacity=3, kind="atelier").occurrences.get()
    awa = registrations.register(
        occurrence=workshop, name="Awa", email="awa@example.org", public="seniors"
    )
    bruno = registrations.register(
        occurrence=workshop, name="Bruno", phone="06 00 00 00 01", public="seniors"
    )
    registrations.register(occurrence=workshop, name="Chloé", email="chloe@example.org")
    eve = registrations.register(occurrence=workshop, name="Ève", email="eve@example.org")
    registrations.cancel(registration=eve)  # was waiting: frees nothing
    registrations.register(occurrence=workshop, name="Driss", email="driss@example.org")
    _attend(awa, "present")
    _attend(bruno, "absent")
    _move(workshop, two_months_ago)
    # A second date of the same workshop, cancelled.
    cancelled = Occurrence.objects.create(
        event=workshop.event,
        start=workshop.start,
        end=workshop.end,
        status=Occurrence.Status.CANCELLED,
    )
    _move(cancelled, two_months_ago + timedelta(days=7))

    training = make_event(place=place, capacity=None, kind="formation").occurrences.get()
    again = registrations.register(
        occurrence=training, name="Awa D.", email="awa@example.org", public="seniors"
    )
    fatou = registrations.register(occurrence=training, name="Fatou", public="jeunes", by=manager)
    _attend(again, "present")
    _attend(fatou, "present")
    _move(training, last_month)

    # Not counted: a draft, a date older than the period, another place's workshop; a
    # cancelled event counts as a cancelled date only.
    draft = make_event(place=place, status="draft").occurrences.get()
    _move(draft, last_month)
    called_off = make_event(place=place, status="cancelled").occurrences.get()
    _move(called_off, last_month)
    old = make_event(place=place).occurrences.get()
    registrations.register(occurrence=old, name="Ancien", email="old@example.org")
    _move(old, today - relativedelta(months=14))
    elsewhere = make_event().occurrences.get()
    registrations.register(occurrence=elsewhere, name="Ailleurs", email="a@ailleurs.org")
    _move(elsewhere, last_month)
    return {
        "place": place,
        "manager": manager,
        "today": today,
        "two_months_ago": two_months_ago,
        "last_month": last_month,
    }


def test_counts_over_the_last_twelve_months(year):
    start, end = stats.default_period(year["today"])
    assert end == year["today"] and start == year["today"] - relativedelta(years=1) + timedelta(1)
    data = stats.place_stats(place=year["place"], start=start, end=end)
    assert data["totals"] == {
        "dates": 2,
        "events": 2,
        "cancelled_dates": 2,
        "registered": 5,
        "present": 3,
        "absent": 1,
        "not_taken": 1,
        "waiting": 1,
        "cancelled": 1,
        "mediated": 1,
        "people_registered": 4,  # Awa came twice: once counted
        "people_present": 2,  # Awa and Fatou
    }
    by_public = [
        (r.label, r.registered, r.present, r.absent, r.not_taken) for r in data["by_public"]
    ]
    assert by_public == [
        ("Jeunes", 1, 1, 0, 0),
        ("Seniors", 3, 2, 1, 0),
        ("Non précisé", 1, 0, 0, 1),
    ]
    by_kind = [(r.label, r.dates, r.registered, r.present, r.absent) for r in data["by_kind"]]
    assert by_kind == [("Atelier", 1, 3, 1, 1), ("Formation", 1, 2, 2, 0)]
    months = dict(data["by_month"])
    assert len(months) in (12, 13)  # every month of the period, the empty ones too
    first_of = lambda day: day.replace(day=1)  # noqa: E731
    held = months[first_of(year["two_months_ago"])]
    assert (held.dates, held.registered, held.present, held.absent) == (1, 3, 1, 1)
    held = months[first_of(year["last_month"])]
    assert (held.dates, held.registered, held.present) == (1, 2, 2)
    assert sum(row.dates for row in months.values()) == 2


def test_a_narrower_period(year):
    day = year["last_month"]
    data = stats.place_stats(place=year["place"], start=day, end=day)
    assert (data["totals"]["dates"], data["totals"]["registered"]) == (1, 2)
    assert [row.label for _m, row in data["by_month"]] == [day.isoformat()[:7]]


def test_queries_do_not_grow_with_the_rows(year):
    start, end = stats.default_period(year["today"])
    with CaptureQueriesContext(connection) as before:
        stats.place_stats(place=year["place"], start=start, end=end)
    occurrence = make_event(place=year["place"], capacity=None).occurrences.get()
    for n in range(6):
        registrations.register(occurrence=occurrence, name=f"P{n}", phone=f"06000000{n:02}")
    _move(occurrence, year["last_month"])
    with CaptureQueriesContext(connection) as after:
        data = stats.place_stats(place=year["place"], start=start, end=end)
    assert data["totals"]["registered"] == 11
    assert len(after) == len(before)


def test_the_page_is_for_the_team_and_moderators(year):
    url = reverse("events:place_stats", kwargs={"slug": year["place"].slug})
    response = Client().get(url)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    for outsider in (make_user(), make_manager(make_place())):
        client = Client()
        client.force_login(outsider)
        assert client.get(url).status_code == 403
        assert client.get(url.rstrip("/") + ".csv").status_code == 403
    for user in (year["manager"], make_moderator()):
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == 200


def test_the_page_and_the_place_link(year):
    client = Client()
    client.force_login(year["manager"])
    place = year["place"]
    url = reverse("events:place_stats", kwargs={"slug": place.slug})
    assert url in client.get(place.get_absolute_url()).content.decode()
    assert url not in Client().get(place.get_absolute_url()).content.decode()
    html = client.get(url).content.decode()
    assert "Personnes accompagnées" in html
    start, end = stats.default_period(year["today"])
    assert f'value="{start.isoformat()}"' in html and f'value="{end.isoformat()}"' in html
    assert '<th scope="row">Seniors</th><td>3</td><td>2</td><td>1</td><td>0</td>' in html
    day = year["last_month"].isoformat()
    html = client.get(f"{url}?du={day}&au={day}").content.decode()
    assert f'value="{day}"' in html
    assert f"du={day}&amp;au={day}" in html  # the CSV link keeps the period
    bad = client.get(f"{url}?du={day}&au=2001-01-01")
    assert bad.status_code == 400
    assert "La fin de la période vient avant son début." in bad.content.decode()


def test_csv(year):
    client = Client()
    client.force_login(year["manager"])
    url = reverse("events:place_stats_csv", kwargs={"slug": year["place"].slug})
    response = client.get(url)
    assert response.status_code == 200
    raw = response.content.decode()
    assert raw.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(raw[1:])))
    assert rows[0] == [
        "rubrique",
        "valeur",
        "dates",
        "inscrits",
        "présents",
        "absents",
        "non pointés",
    ]
    assert rows[1][0] == "total" and rows[1][2:] == ["2", "5", "3", "1", "1"]
    assert rows[2][1].startswith("personnes accompagnées") and rows[2][4] == "2"
    assert ["public", "Seniors", "", "3", "2", "1", "0"] in rows
    assert ["type", "Formation", "1", "2", "2", "0", "0"] in rows
    assert sum(1 for row in rows if row[0] == "mois") in (12, 13)


@pytest.mark.django_db
def test_holds_never_confirmed_count_neither_as_registrations_nor_as_cancellations():
    place = make_place()
    occurrence = make_event(place=place, capacity=5).occurrences.get()
    registrations.register(occurrence=occurrence, name="Awa", email="awa@example.org")
    for n in range(3):
        registrations.register(
            occurrence=occurrence, name=f"Bot {n}", email=f"b{n}@nowhere.invalid", hold=True
        )
    occurrence.registrations.filter(name__startswith="Bot").update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    registrations.release_all_expired()
    assert occurrence.registrations.filter(status="cancelled").count() == 3
    today = timezone.localdate()
    _move(occurrence, today - timedelta(days=3))
    data = stats.place_stats(place=place, start=today - timedelta(days=30), end=today)
    assert (data["totals"]["registered"], data["totals"]["cancelled"]) == (1, 0)
