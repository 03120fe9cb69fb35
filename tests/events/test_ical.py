"""iCalendar feeds (RFC 5545), parsed back with the icalendar library."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.utils import timezone

from placette.events.models import Occurrence
from placette.events.services import events as services
from tests.factories import make_event, make_place

pytestmark = pytest.mark.django_db


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def vevents(cal: icalendar.Calendar) -> list:
    return list(cal.walk("VEVENT"))


def by_summary(cal) -> dict:
    return {str(vevent["SUMMARY"]): vevent for vevent in vevents(cal)}


def test_agenda_feed_has_one_vevent_per_date(client):
    place = make_place(
        name="Fablab", address="1 rue Haute", commune="Rennes", latitude=48.1, longitude=-1.6
    )
    event = make_event(
        title="Atelier soudure", place=place, summary="Souder sans se brûler.", starts_in_days=3
    )
    occurrence = event.occurrences.get()
    make_event(title="Brouillon", status="draft", starts_in_days=2)

    cal = parse(client.get("/agenda.ics"))

    assert cal["VERSION"] == "2.0"
    assert "Placette" in str(cal["PRODID"])
    assert [str(v["SUMMARY"]) for v in vevents(cal)] == ["Atelier soudure"]
    [vevent] = vevents(cal)
    assert str(vevent["UID"]) == f"{occurrence.uid}@testserver"
    assert vevent.start == occurrence.start
    assert vevent.end == occurrence.end
    assert vevent.start.tzinfo == ZoneInfo("Europe/Paris")
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    changed = event.updated_at.replace(microsecond=0)
    assert vevent["DTSTAMP"].dt == changed
    assert vevent["LAST-MODIFIED"].dt == changed
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert str(vevent["URL"]) == f"http://testserver/agenda/{event.slug}/"
    assert str(vevent["LOCATION"]) == "Fablab, 1 rue Haute, 35000 Rennes"
    assert vevent["GEO"].latitude == 48.1 and vevent["GEO"].longitude == -1.6
    assert "Souder sans se brûler." in str(vevent["DESCRIPTION"])
    assert vevent.categories == ["Atelier"]
    assert int(vevent["SEQUENCE"]) == event.sequence + occurrence.sequence


def test_sequence_grows_and_uid_stays_on_change(client):
    event = make_event(title="Atelier", starts_in_days=3)
    occurrence = event.occurrences.get()
    [before] = vevents(parse(client.get("/agenda.ics")))

    services.move_occurrence(
        occurrence=occurrence,
        start=occurrence.start + timedelta(hours=1),
        end=occurrence.end + timedelta(hours=1),
    )

    [after] = vevents(parse(client.get("/agenda.ics")))
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after.start == before.start + timedelta(hours=1)

    services.update_event(event=event, fields={"title": "Atelier renommé"})
    [renamed] = vevents(parse(client.get("/agenda.ics")))
    assert str(renamed["UID"]) == str(before["UID"])
    assert int(renamed["SEQUENCE"]) > int(after["SEQUENCE"])
    assert str(renamed["SUMMARY"]) == "Atelier renommé"


def test_cancellations_stay_in_the_feed_for_30_days(client):
    kept = make_event(title="Date annulée", starts_in_days=5)
    services.cancel_occurrence(occurrence=kept.occurrences.get())
    whole = make_event(title="Événement annulé", starts_in_days=6)
    services.cancel_event(event=whole)
    recent = make_event(title="Annulé il y a 10 jours", starts_in_days=-10, status="cancelled")
    old = make_event(title="Annulé il y a 40 jours", starts_in_days=-40, status="cancelled")
    done = make_event(title="Passé il y a 10 jours", starts_in_days=-10)
    assert recent and old and done

    found = by_summary(parse(client.get("/agenda.ics")))

    assert set(found) == {
        "Date annulée",
        "Événement annulé",
        "Annulé il y a 10 jours",
        "Passé il y a 10 jours",
    }
    assert str(found["Date annulée"]["STATUS"]) == "CANCELLED"
    assert str(found["Événement annulé"]["STATUS"]) == "CANCELLED"
    assert str(found["Annulé il y a 10 jours"]["STATUS"]) == "CANCELLED"
    assert str(found["Passé il y a 10 jours"]["STATUS"]) == "CONFIRMED"


def test_postponed_event_is_tentative(client):
    event = make_event(title="Reporté", starts_in_days=5)
    services.postpone_event(event=event)
    [vevent] = vevents(parse(client.get("/agenda.ics")))
    assert str(vevent["STATUS"]) == "TENTATIVE"


def test_feed_takes_the_agenda_filters(client):
    make_event(title="Atelier", starts_in_days=2)
    make_event(title="Formation", kind="formation", starts_in_days=2)
    cal = parse(client.get("/agenda.ics?type=formation"))
    assert list(by_summary(cal)) == ["Formation"]


def test_place_feed_has_the_place_events_and_those_it_hosts(client):
    place = make_place(name="Tiers-lieu", slug="tiers-lieu")
    make_event(title="Chez nous", place=place, starts_in_days=2)
    guest = make_event(title="Invité", starts_in_days=3)
    guest.occurrences.update(place=place)
    make_event(title="Ailleurs", starts_in_days=2)

    cal = parse(client.get("/lieux/tiers-lieu/agenda.ics"))

    assert set(by_summary(cal)) == {"Chez nous", "Invité"}
    assert "Tiers-lieu" in str(cal["X-WR-CALNAME"])
    assert client.get("/lieux/inconnu/agenda.ics").status_code == 404


def test_event_feed_has_all_its_dates_or_one(client):
    event = make_event(title="Tournée", starts_in_days=-60)  # long past dates stay here
    start = timezone.now() + timedelta(days=3)
    stop = services.add_occurrence(
        event=event,
        start=start,
        end=start + timedelta(hours=3),
        mode="outside",
        venue="Halle",
        postal_code="35470",
        commune="Bain-de-Bretagne",
        latitude=47.84,
        longitude=-1.68,
    )
    online = services.add_occurrence(
        event=event,
        start=start + timedelta(days=1),
        end=start + timedelta(days=1, hours=1),
        mode="online",
        online_url="https://visio.example/s",
    )

    response = client.get(f"/agenda/{event.slug}.ics")
    cal = parse(response)
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    assert len(vevents(cal)) == 3
    uids = {str(v["UID"]) for v in vevents(cal)}
    assert f"{stop.uid}@testserver" in uids and f"{online.uid}@testserver" in uids
    outside = next(v for v in vevents(cal) if str(v["UID"]) == f"{stop.uid}@testserver")
    assert str(outside["LOCATION"]) == "Halle, 35470 Bain-de-Bretagne"
    assert outside["GEO"].latitude == 47.84
    remote = next(v for v in vevents(cal) if str(v["UID"]) == f"{online.uid}@testserver")
    assert str(remote["LOCATION"]) == "En ligne"  # the link is for registrants
    assert "GEO" not in remote

    one = parse(client.get(f"/agenda/{event.slug}.ics?date={stop.uid}"))
    assert [str(v["UID"]) for v in vevents(one)] == [f"{stop.uid}@testserver"]
    assert client.get(f"/agenda/{event.slug}.ics?date=nope").status_code == 404


def test_feed_is_stable_when_nothing_changes(client):
    make_event(starts_in_days=3)
    assert client.get("/agenda.ics").content == client.get("/agenda.ics").content


def test_feed_text_is_escaped_and_folded(client):
    make_event(title="Café, thé; et \\ antislash", description="Ligne 1\nLigne 2 " + "x" * 120)
    response = client.get("/agenda.ics")
    raw = response.content.decode()
    assert "SUMMARY:Café\\, thé\\; et \\\\ antislash" in raw
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    [vevent] = vevents(parse(response))
    assert str(vevent["SUMMARY"]) == "Café, thé; et \\ antislash"
    assert "Ligne 1\nLigne 2" in str(vevent["DESCRIPTION"])


def test_hybrid_date_location_says_both(client):
    place = make_place(name="EPN", commune="Vitré", postal_code="35500")
    event = make_event(title="Hybride", place=place, registration=False, capacity=None)
    services.update_occurrence(
        occurrence=event.occurrences.get(),
        fields={"mode": "hybrid", "online_url": "https://visio.example/libre"},
    )
    [vevent] = vevents(parse(client.get("/agenda.ics")))
    assert str(vevent["LOCATION"]) == "EPN, 35500 Vitré, et en ligne, https://visio.example/libre"
    assert Occurrence.objects.get().mode == "hybrid"


def test_feeds_answer_head_and_refuse_post(client):
    event = make_event(starts_in_days=2)
    for url in [
        "/agenda.ics",
        f"/lieux/{event.place.slug}/agenda.ics",
        f"/agenda/{event.slug}.ics",
    ]:
        assert client.head(url).status_code == 200
        assert client.post(url).status_code == 405


def test_the_agenda_answers_a_conditional_get_with_304_until_it_changes(client, monkeypatch):
    from placette.events import ical

    event = make_event(title="Atelier", starts_in_days=3)
    first = client.get("/agenda.ics")
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag and last_modified

    def not_written(*args, **kwargs):
        raise AssertionError("the calendar was written for a 304")

    with monkeypatch.context() as patch:
        patch.setattr(ical, "calendar", not_written)
        assert client.get("/agenda.ics", HTTP_IF_NONE_MATCH=etag).status_code == 304
        since = client.get("/agenda.ics", HTTP_IF_MODIFIED_SINCE=last_modified)
        assert since.status_code == 304
    # Another filter is another content.
    assert client.get("/agenda.ics?type=atelier", HTTP_IF_NONE_MATCH=etag).status_code == 200

    services.update_event(event=event, fields={"title": "Atelier renommé"})
    changed = client.get("/agenda.ics", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    occurrence = event.occurrences.get()
    services.move_occurrence(
        occurrence=occurrence,
        start=occurrence.start + timedelta(hours=1),
        end=occurrence.end + timedelta(hours=1),
    )
    moved = client.get("/agenda.ics", HTTP_IF_NONE_MATCH=changed["ETag"])
    assert moved.status_code == 200
    make_event(title="Nouvel atelier", starts_in_days=4)
    assert client.get("/agenda.ics", HTTP_IF_NONE_MATCH=moved["ETag"]).status_code == 200
