"""Importing a place's outside calendar (events/services/feeds.py), served for real over HTTP by
a small server each test starts on 127.0.0.1."""

import hashlib
import json
import re
import socket
import threading
import time as time_module
from datetime import datetime, time, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.utils import timezone

from placette.events import calendars
from placette.events.models import Event, Occurrence
from placette.events.services import events as services
from placette.events.services import feeds, registrations
from tests.factories import make_place


class Calendar:
    """What the test server serves, and what it was asked."""

    def __init__(self):
        self.body = b""
        self.status = 200
        self.etags = True
        self.requests: list[dict[str, str]] = []
        self.drip = 0.0  # seconds between bytes: a server that never finishes
        self.content_type = "text/calendar; charset=utf-8"


@pytest.fixture
def server():
    calendar = Calendar()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            calendar.requests.append(dict(self.headers.items()))
            etag = '"' + hashlib.sha256(calendar.body).hexdigest()[:16] + '"'
            if calendar.status != 200:
                self.send_response(calendar.status)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if calendar.etags and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", calendar.content_type)
            self.send_header("Content-Length", str(len(calendar.body)))
            if calendar.etags:
                self.send_header("ETag", etag)
            self.end_headers()
            if calendar.drip:
                for byte in calendar.body:  # the Content-Length is honest, the pace is not
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time_module.sleep(calendar.drip)
                return
            self.wfile.write(calendar.body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    calendar.url = f"http://127.0.0.1:{httpd.server_address[1]}/agenda.ics"
    yield calendar
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def allow_local(settings):
    settings.PLACETTE_FEEDS_ALLOW_PRIVATE = True


def _day(days: int, hour: int = 14) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _stamp(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y%m%dT%H%M%S")


def vevent(uid: str, summary: str, start: datetime, *lines: str, hours: int = 2) -> str:
    end = start + timedelta(hours=hours)
    return "\r\n".join(
        [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            "DTSTAMP:20260101T000000Z",
            f"DTSTART;TZID=Europe/Paris:{_stamp(start)}",
            f"DTEND;TZID=Europe/Paris:{_stamp(end)}",
            f"SUMMARY:{summary}",
            *lines,
            "END:VEVENT",
        ]
    )


def ics(*events: str) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Gancio//Test//FR", *events]
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


def _workshops() -> list[str]:
    return [
        vevent(
            "laser-1@gancio.example",
            "Atelier découpe laser",
            _day(10),
            "DESCRIPTION:Apportez vos fichiers SVG.",
            "LOCATION:Médiathèque\\, 2 rue de la Gare\\, Trégunc",
            "GEO:47.8553;-3.8522",
        ),
        vevent("cafe-1@gancio.example", "Café réparation", _day(12, hour=10)),
        vevent(
            "perm@gancio.example",
            "Permanence numérique",
            _day(3),
            "RRULE:FREQ=WEEKLY;COUNT=4",
            f"EXDATE;TZID=Europe/Paris:{_stamp(_day(10))}",
        ),
    ]


def _feed(server):
    place = make_place(name="Fablab du Port")
    return feeds.add_feed(place=place, url=server.url)


@pytest.mark.django_db
def test_import_creates_published_events_without_registration(server, allow_local):
    server.body = ics(*_workshops())
    feed = _feed(server)

    result = feeds.refresh(feed)

    assert (result.created, result.updated, result.cancelled) == (3, 0, 0)
    feed.refresh_from_db()
    assert feed.last_error == "" and feed.fetched_at is not None
    events = {e.external_uid: e for e in Event.objects.filter(feed=feed)}
    assert set(events) == {"laser-1@gancio.example", "cafe-1@gancio.example", "perm@gancio.example"}
    assert {(e.status, e.registration, e.place_id) for e in events.values()} == {
        ("published", False, feed.place_id)
    }
    laser = events["laser-1@gancio.example"]
    assert laser.kind == "atelier"
    assert laser.description == "Apportez vos fichiers SVG."
    stop = laser.occurrences.get()
    assert stop.mode == "outside"
    assert (stop.latitude, stop.longitude) == (47.8553, -3.8522)
    assert stop.address == "Médiathèque, 2 rue de la Gare, Trégunc"
    assert timezone.localtime(stop.start).time() == time(14)
    assert events["cafe-1@gancio.example"].occurrences.get().mode == "place"
    # Weekly, four times from day 3, less the EXDATE of day 10.
    permanence = events["perm@gancio.example"]
    assert permanence.kind == "permanence"
    assert [timezone.localtime(o.start).date() for o in permanence.occurrences.all()] == [
        _day(3).date(),
        _day(17).date(),
        _day(24).date(),
    ]


@pytest.mark.django_db
def test_reimport_adds_nothing_and_sends_the_etag(server, allow_local):
    server.body = ics(*_workshops())
    feed = _feed(server)
    feeds.refresh(feed)
    feed.refresh_from_db()
    assert feed.etag.startswith('"')

    unchanged = feeds.refresh(feed)

    assert unchanged.not_modified
    assert server.requests[-1]["If-None-Match"] == feed.etag
    assert Event.objects.count() == 3 and Occurrence.objects.count() == 5

    # A server without validators: the whole file again, and still no double entry.
    server.etags = False
    again = feeds.refresh(feed)
    assert not again.not_modified
    assert (again.created, again.updated, again.cancelled) == (0, 0, 0)
    assert Event.objects.count() == 3 and Occurrence.objects.count() == 5
    assert set(Event.objects.values_list("sequence", flat=True)) == {1}  # published once


@pytest.mark.django_db
def test_a_changed_event_is_updated_in_place_and_registrants_told(server, allow_local, run_tasks):
    server.body = ics(*_workshops())
    feed = _feed(server)
    feeds.refresh(feed)
    laser = Event.objects.get(external_uid="laser-1@gancio.example")
    # The place opens registration on Placette: a refresh must not close it.
    services.update_event(event=laser, fields={"registration": True, "capacity": 8})
    occurrence = laser.occurrences.get()
    registrations.register(occurrence=occurrence, name="Awa", email="awa@example.org")
    first_start = occurrence.start

    workshops = _workshops()
    workshops[0] = vevent(
        "laser-1@gancio.example",
        "Atelier découpe laser (niveau 2)",
        _day(11, hour=15),
        "LOCATION:Médiathèque\\, 2 rue de la Gare\\, Trégunc",
        "GEO:47.8553;-3.8522",
    )
    server.body = ics(*workshops)
    result = feeds.refresh(feed)

    assert (result.created, result.updated, result.cancelled) == (0, 1, 0)
    laser.refresh_from_db()
    assert laser.title == "Atelier découpe laser (niveau 2)"
    assert laser.registration is True and laser.capacity == 8
    occurrence = laser.occurrences.get()  # the same row, moved
    assert timezone.localtime(occurrence.start) == timezone.localtime(_day(11, hour=15))
    assert occurrence.original_start == first_start
    assert occurrence.registrations.count() == 1
    assert occurrence.sequence == 1
    run_tasks()
    subjects = [m.subject for m in mail.outbox if m.to == ["awa@example.org"]]
    assert any(s.startswith("Changement de date") for s in subjects)
    assert any(s.startswith("Changement :") for s in subjects)  # the new title


@pytest.mark.django_db
def test_an_event_removed_from_the_feed_is_cancelled(server, allow_local):
    server.body = ics(*_workshops())
    feed = _feed(server)
    feeds.refresh(feed)

    server.body = ics(*_workshops()[1:])
    result = feeds.refresh(feed)

    assert result.cancelled == 1
    statuses = dict(Event.objects.values_list("external_uid", "status"))
    assert statuses == {
        "laser-1@gancio.example": "cancelled",
        "cafe-1@gancio.example": "published",
        "perm@gancio.example": "published",
    }
    # Once more: nothing to cancel twice.
    assert feeds.refresh(feed).cancelled == 0


@pytest.mark.django_db
def test_recurrence_overrides_move_and_cancel_single_instances(server, allow_local):
    weekly = vevent(
        "perm@gancio.example", "Permanence numérique", _day(3), "RRULE:FREQ=WEEKLY;COUNT=3"
    )
    server.body = ics(weekly)
    feed = _feed(server)
    feeds.refresh(feed)
    assert Occurrence.objects.count() == 3

    moved = vevent(
        "perm@gancio.example",
        "Permanence numérique",
        _day(11, hour=9),
        f"RECURRENCE-ID;TZID=Europe/Paris:{_stamp(_day(10))}",
    )
    cancelled = vevent(
        "perm@gancio.example",
        "Permanence numérique",
        _day(17),
        f"RECURRENCE-ID;TZID=Europe/Paris:{_stamp(_day(17))}",
        "STATUS:CANCELLED",
    )
    server.body = ics(weekly, moved, cancelled)
    feeds.refresh(feed)

    dates = {
        timezone.localtime(o.original_start or o.start).date(): o for o in Occurrence.objects.all()
    }
    assert len(dates) == 3
    assert timezone.localtime(dates[_day(10).date()].start) == timezone.localtime(_day(11, 9))
    assert dates[_day(17).date()].status == "cancelled"
    assert dates[_day(3).date()].status == "scheduled"
    # Read again: the moved date is found by its RECURRENCE-ID, not made twice.
    server.etags = False
    feeds.refresh(feed)
    assert Occurrence.objects.count() == 3


@pytest.mark.django_db
def test_errors_are_kept_on_the_feed(server, allow_local):
    feed = _feed(server)
    server.status = 500
    feeds.refresh(feed)
    feed.refresh_from_db()
    assert "500" in feed.last_error

    server.status = 200
    server.body = b"<html>Not a calendar</html>"
    feeds.refresh(feed)
    feed.refresh_from_db()
    assert feed.last_error == "Ce n'est pas un calendrier iCal lisible."

    server.body = b"X" * (feeds.MAX_BYTES + 1)
    feeds.refresh(feed)
    feed.refresh_from_db()
    assert feed.last_error == "Le calendrier dépasse 5 Mo."

    server.body = ics(*_workshops())
    feeds.refresh(feed)
    feed.refresh_from_db()
    assert feed.last_error == ""
    assert Event.objects.count() == 3


@pytest.mark.django_db
def test_a_feed_on_a_private_address_is_refused(server):
    server.body = ics(*_workshops())
    feed = _feed(server)
    feeds.refresh(feed)
    feed.refresh_from_db()
    assert "n'est pas publique" in feed.last_error
    assert server.requests == []  # never asked
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_the_daily_task_refreshes_active_feeds(server, allow_local, run_tasks):
    server.body = ics(*_workshops())
    feed = _feed(server)
    paused = feeds.add_feed(place=feed.place, url=server.url + "?autre")
    paused.active = False
    paused.save()

    feeds.refresh_all.enqueue()
    run_tasks()

    assert Event.objects.filter(feed=feed).count() == 3
    assert not Event.objects.filter(feed=paused).exists()
    assert len(server.requests) == 1


@pytest.mark.django_db
def test_removing_a_feed_removes_its_unregistered_events(server, allow_local):
    server.body = ics(*_workshops())
    feed = _feed(server)
    feeds.refresh(feed)
    cafe = Event.objects.get(external_uid="cafe-1@gancio.example")
    services.update_event(event=cafe, fields={"registration": True})
    registrations.register(occurrence=cafe.occurrences.get(), name="Bruno", phone="0600000000")

    feeds.remove_feed(feed=feed)

    assert list(Event.objects.values_list("external_uid", "status")) == [
        ("cafe-1@gancio.example", "cancelled")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("geo", ["GEO:999;-999", "GEO:47.85;-200", "GEO:-91;3"])
def test_coordinates_out_of_range_are_skipped_with_a_reason(server, allow_local, caplog, geo):
    server.body = ics(
        vevent(
            "far@gancio.example",
            "Atelier au bout du monde",
            _day(10),
            "LOCATION:Médiathèque\\, 2 rue de la Gare\\, Trégunc",
            geo,
        )
    )
    feed = _feed(server)

    feeds.refresh(feed)

    stop = Event.objects.get(feed=feed).occurrences.get()
    assert (stop.latitude, stop.longitude) == (None, None)
    assert stop.mode == "outside" and stop.address.startswith("Médiathèque")
    assert "out of range, point skipped" in caplog.text


@pytest.mark.django_db
def test_a_rule_without_end_is_capped_per_event_and_per_feed(server, allow_local, monkeypatch):
    monkeypatch.setattr(calendars, "MAX_DATES_PER_FEED", 250)
    hourly = vevent("hourly@example", "Chaque heure", _day(1), "RRULE:FREQ=HOURLY", hours=0)
    daily = vevent("daily@example", "Chaque jour", _day(1), "RRULE:FREQ=DAILY", hours=1)
    server.body = ics(hourly, daily)
    feeds.refresh(_feed(server))
    counts = {e.title: e.occurrences.count() for e in Event.objects.all()}
    assert counts == {"Chaque heure": calendars.MAX_DATES_PER_EVENT, "Chaque jour": 50}


@pytest.mark.django_db
def test_a_slow_drip_server_is_cut_off_at_the_deadline(server, allow_local, monkeypatch):
    monkeypatch.setattr(feeds, "DEADLINE", 0.5)
    server.body = ics(*_workshops())[:40]  # 40 bytes at 0.1 s: 4 s
    server.drip = 0.1
    feed = _feed(server)
    started = time_module.monotonic()
    feeds.refresh(feed)
    assert time_module.monotonic() - started < 2
    assert feed.last_error == "Le calendrier met trop de temps à arriver."


@pytest.mark.django_db
def test_the_connection_goes_to_the_address_that_was_checked(server, monkeypatch):
    """DNS rebinding: the name answers a public address when checked, then ours."""
    port = int(server.url.split(":")[2].split("/")[0])
    answers = iter(["93.184.215.14", *["127.0.0.1"] * 5])
    resolve, connect = socket.getaddrinfo, socket.create_connection
    connected = []

    def fake_resolve(host, *args, **kwargs):
        if host != "agenda.example":
            return resolve(host, *args, **kwargs)
        address = next(answers)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    def fake_connect(address, *args, **kwargs):
        connected.append(address[0])
        if address[0] == "93.184.215.14":
            raise ConnectionRefusedError(111, "Connection refused")
        return connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake_resolve)
    monkeypatch.setattr(socket, "create_connection", fake_connect)
    server.body = ics(*_workshops())
    feed = feeds.add_feed(place=make_place(), url=f"http://agenda.example:{port}/agenda.ics")
    feeds.refresh(feed)
    assert connected == ["93.184.215.14"]
    assert server.requests == []
    assert "injoignable" in feed.last_error


def _malformed() -> list[str]:
    """One event of each kind a real agenda may break (two DTSTART, DTEND with DURATION, a
    broken RDATE, a broken DTSTART, a DATE start with a DATE-TIME end)."""
    start = _stamp(_day(5))
    return [
        vevent("two@x", "Deux débuts", _day(5), f"DTSTART;TZID=Europe/Paris:{start}"),
        vevent("both@x", "Fin et durée", _day(5), "DURATION:PT1H"),
        vevent("rdate@x", "Dates en plus", _day(5), "RDATE:pas-une-date"),
        "\r\n".join(
            ["BEGIN:VEVENT", "UID:start@x", "SUMMARY:Début cassé", "DTSTART:2026XX01T1000Z"]
            + ["END:VEVENT"]
        ),
        "\r\n".join(
            [
                "BEGIN:VEVENT",
                "UID:mixed@x",
                "SUMMARY:Jour et heure",
                f"DTSTART;VALUE=DATE:{start[:8]}",
            ]
            + [f"DTEND;TZID=Europe/Paris:{start}", "END:VEVENT"]
        ),
    ]


@pytest.mark.django_db
def test_a_malformed_event_is_skipped_and_named_the_others_imported(server, allow_local):
    server.body = ics(*_malformed(), *_workshops())
    feed = _feed(server)

    result = feeds.refresh(feed)

    feed.refresh_from_db()
    assert feed.last_error == ""
    assert result.created == 3
    assert set(Event.objects.values_list("external_uid", flat=True)) == {
        "laser-1@gancio.example",
        "cafe-1@gancio.example",
        "perm@gancio.example",
    }
    lines = feed.skipped.splitlines()
    assert len(lines) == 5
    for title, reason in [
        ("Deux débuts", "plusieurs dates de début"),
        ("Fin et durée", "DTEND et DURATION"),
        ("Dates en plus", "RDATE illisible"),
        ("Début cassé", "DTSTART illisible"),
        ("Jour et heure", "mêlent une date seule"),
    ]:
        assert any(f"« {title} »" in line and reason in line for line in lines), (title, lines)


@pytest.mark.django_db
def test_the_daily_task_goes_on_after_a_feed_that_fails(
    server, allow_local, run_tasks, monkeypatch
):
    server.body = ics(*_malformed(), *_workshops())
    first = _feed(server)
    second = feeds.add_feed(place=first.place, url=server.url + "?autre")
    # Something nobody foresaw breaks the first feed's import: the second is read all the same.
    real_sync = feeds._sync

    def sync(feed, *args, **kwargs):
        if feed.pk == first.pk:
            raise RuntimeError("boom")
        return real_sync(feed, *args, **kwargs)

    monkeypatch.setattr(feeds, "_sync", sync)

    feeds.refresh_all.enqueue()
    run_tasks()

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.last_error == "Erreur inattendue à la lecture de ce calendrier."
    assert second.last_error == "" and len(second.skipped.splitlines()) == 5
    assert Event.objects.filter(feed=second).count() == 3


@pytest.mark.django_db
def test_adding_a_malformed_feed_on_the_place_page_answers_no_500(server, allow_local, settings):
    from django.test import Client
    from django.urls import reverse

    from tests.factories import make_manager

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    server.body = ics(*_malformed(), *_workshops())
    place = make_place(name="Fablab du Port")
    client = Client(raise_request_exception=False)
    client.force_login(make_manager(place))
    url = reverse("events:place_feeds", args=[place.slug])

    response = client.post(url, {"url": server.url}, follow=True)

    assert response.status_code == 200
    page = client.get(url).content.decode()
    assert "Événements ignorés" in page and "« Deux débuts »" in page
    assert Event.objects.filter(place=place).count() == 3


@pytest.mark.django_db
def test_an_event_without_uid_is_imported_once_and_updated_in_place(server, allow_local):
    no_uid = vevent("", "Café réparation", _day(12, hour=10)).replace("UID:\r\n", "")
    server.body = ics(no_uid)
    server.etags = False
    feed = _feed(server)

    assert feeds.refresh(feed).created == 1
    server.body = ics(no_uid.replace("SUMMARY:", "DESCRIPTION:Apportez vos objets\r\nSUMMARY:"))
    again = feeds.refresh(feed)

    assert (again.created, again.updated, again.cancelled) == (0, 1, 0)
    event = Event.objects.get(feed=feed)
    assert event.external_uid.startswith("derived-") and event.status == "published"
    assert event.description == "Apportez vos objets"


@pytest.mark.django_db
@pytest.mark.parametrize("content_type", ["text/calendar; charset=ISO-8859-1", "text/calendar"])
def test_a_latin_1_feed_is_read_with_its_accents(server, allow_local, content_type):
    text = ics(
        vevent("laser@x", "Atelier découpe laser à Trégunc", _day(10), "DESCRIPTION:Électricité")
    ).decode()
    server.body = text.encode("latin-1")
    server.content_type = content_type

    feeds.refresh(_feed(server))

    event = Event.objects.get()
    assert (event.title, event.description) == ("Atelier découpe laser à Trégunc", "Électricité")


@pytest.mark.django_db
def test_gancio_online_events_are_online_and_their_price_is_not_known(server, allow_local, client):
    server.body = ics(
        vevent(
            "visio@gancio", "Atelier en visio", _day(10), "LOCATION:online - https://meet.example/x"
        ),
        vevent("web@gancio", "Webinaire", _day(11), "LOCATION:https://visio.example/salle"),
    )
    feeds.refresh(_feed(server))

    visio = Event.objects.get(external_uid="visio@gancio")
    where = visio.occurrences.values_list("mode", "online_url", "venue").get()
    assert where == ("online", "https://meet.example/x", "")
    assert Event.objects.get(external_uid="web@gancio").occurrences.get().online_url == (
        "https://visio.example/salle"
    )
    assert visio.is_free is None
    html = client.get(visio.get_absolute_url()).content.decode()
    data = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(data[0])
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"]["@type"] == "VirtualLocation"
    assert "offers" not in data
    assert "Gratuit" not in html and "Payant" not in html and "Tarif" not in html
    agenda = client.get("/agenda/").content.decode()
    assert "Atelier en visio" in agenda and "· gratuit" not in agenda and "· payant" not in agenda


@pytest.mark.django_db
def test_the_same_event_through_two_feeds_shows_once_on_the_agenda(server, allow_local, client):
    from placette.events import queries

    server.body = ics(*_workshops())
    first = _feed(server)  # Fablab du Port
    other_place = make_place(name="Réseau des fablabs")
    same_uids = feeds.add_feed(place=other_place, url=server.url + "?reseau")
    feeds.refresh(first)
    feeds.refresh(same_uids)
    # The place also follows an agenda that writes its own UIDs for the same café.
    server.body = ics(vevent("autre-uid@mobilizon", "Café réparation", _day(12, hour=10)))
    feeds.refresh(feeds.add_feed(place=first.place, url=server.url + "?mobilizon"))
    assert Occurrence.objects.count() == 11

    shown = list(queries.upcoming(queries.EventFilters()))

    assert len(shown) == 5
    assert {o.event.feed_id for o in shown} == {first.pk}
    page = client.get("/agenda/").content.decode()
    assert page.count("Café réparation") == 1 and page.count("Atelier découpe laser") == 1
    # Each place's own page still lists what it follows.
    assert [i.event.feed_id for i in queries.next_for_place(other_place)] == [same_uids.pk] * 5
    own = queries.upcoming(queries.EventFilters(place=other_place.slug))
    assert [o.event.feed_id for o in own] == [same_uids.pk] * 5

    # Once the first copy is cancelled, the others show (the cancelled one labelled).
    services.cancel_event(event=Event.objects.get(feed=first, external_uid="cafe-1@gancio.example"))
    cafes = [
        o for o in queries.upcoming(queries.EventFilters()) if o.event.title == "Café réparation"
    ]
    assert sorted(o.event.status for o in cafes) == ["cancelled", "published", "published"]


def _command(*args) -> str:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("import_calendar", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_import_calendar_command_from_a_file(tmp_path):
    from django.core.management import CommandError

    from placette.events.models import CalendarFeed

    place = make_place(name="Fablab du Port")
    path = tmp_path / "agenda.ics"
    path.write_bytes(ics(*_malformed(), *_workshops()))

    dry = _command(str(path), "--place", place.slug, "--dry-run")

    assert "serait créé : Atelier découpe laser" in dry
    assert "ignoré : « Deux débuts » (UID two@x) : plusieurs dates de début (DTSTART)" in dry
    assert "3 événement(s) seraient créé(s), 0 mis à jour, 0 annulé(s), 5 ignoré(s)" in dry
    assert not Event.objects.exists() and not CalendarFeed.objects.exists()

    done = _command(str(path), "--place", place.slug)
    assert "créé : Café réparation" in done and "3 événement(s) ont été créé(s)" in done
    feed = CalendarFeed.objects.get()
    assert (feed.active, feed.url) == (False, path.resolve().as_uri())
    assert len(feed.skipped.splitlines()) == 5

    path.write_bytes(ics(*_workshops()[1:]))
    again = _command(str(path), "--place", place.slug, "--dry-run")
    assert "serait annulé : Atelier découpe laser" in again
    assert "0 événement(s) seraient créé(s), 0 mis à jour, 1 annulé(s), 0 ignoré(s)" in again
    assert Event.objects.filter(status="published").count() == 3

    with pytest.raises(CommandError, match="aucun lieu"):
        _command(str(path), "--place", "nulle-part")
    with pytest.raises(CommandError, match="Fichier illisible"):
        _command(str(tmp_path / "absent.ics"), "--place", place.slug)
    (tmp_path / "page.html").write_text("<html></html>")
    with pytest.raises(CommandError, match="pas un calendrier iCal lisible"):
        _command(str(tmp_path / "page.html"), "--place", place.slug)


@pytest.mark.django_db
def test_import_calendar_command_from_an_address_goes_through_the_safe_fetcher(server):
    from django.core.management import CommandError

    server.body = ics(*_workshops())
    place = make_place(name="Fablab du Port")
    with pytest.raises(CommandError, match="n'est pas publique"):
        _command(server.url, "--place", place.slug)
    assert server.requests == []


@pytest.mark.django_db
def test_import_calendar_command_subscribes_the_place_to_an_address(server, allow_local):
    server.body = ics(*_workshops())
    place = make_place(name="Fablab du Port")

    out = _command(server.url, "--place", place.slug)

    assert "3 événement(s) ont été créé(s)" in out
    feed = place.calendar_feeds.get()
    assert feed.active and feed.url == server.url
    assert Event.objects.filter(feed=feed).count() == 3


@pytest.mark.django_db
def test_a_feed_of_many_broken_events_names_the_first_fifty(server, allow_local):
    broken = [
        vevent(f"b{n}@x", f"Cassé {n}", _day(5), "DURATION:PT1H")
        for n in range(feeds.SKIPPED_SHOWN + 7)
    ]
    server.body = ics(*broken)
    feed = _feed(server)
    feeds.refresh(feed)
    lines = feed.skipped.splitlines()
    assert len(lines) == feeds.SKIPPED_SHOWN + 1 and lines[-1] == "… et 7 autres événements"
