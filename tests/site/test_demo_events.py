"""The demo agenda (placette.site.demo.events, run by `manage.py load_demo`)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from placette.events import recurrence
from placette.events.models import Event, Occurrence
from placette.places.models import PlaceSource
from placette.site.demo import events as demo
from tests.factories import make_place


@pytest.fixture
def census_places():
    """The census places the demo organises with, found by their census id."""
    places = {}
    for source_id, name, departement in (
        ("1247", "La Fab'rique", "35"),
        ("1445", "La Vilaine Bidouille", "35"),
        ("1438", "Le Biome", "35"),
        ("1290", "HumanLab", "35"),
        ("1341", "Ebus (itinérant)", "29"),
    ):
        place = make_place(name=name, departement=departement)
        PlaceSource.objects.create(place=place, source=demo.SOURCE, source_id=source_id)
        places[source_id] = place
    return places


@pytest.mark.django_db
def test_the_demo_agenda_is_alive_and_loads_once(census_places):
    done = demo.load()

    assert done == {"created": 5, "refreshed": 0, "skipped": 0}
    events = {e.external_uid: e for e in Event.objects.select_related("place")}
    assert {e.status for e in events.values()} == {"published"}
    now = timezone.now()
    for event in events.values():
        assert event.occurrences.filter(start__gt=now).exists(), event.title
    # A weekly permanence, in zone B (Ille-et-Vilaine), free access.
    permanence = events["demo:permanence-epn"]
    assert permanence.place == census_places["1290"]
    assert permanence.skip_school_holidays == "B" and not permanence.registration
    assert "BYDAY=WE" in permanence.rrule
    dates = [timezone.localtime(o.start) for o in permanence.occurrences.all()]
    assert len(dates) > 10
    assert {d.weekday() for d in dates} == {2}
    assert {d.strftime("%H:%M") for d in dates} == {"14:00"}
    assert not any(recurrence.is_school_holiday(d.date(), "B") for d in dates)
    # A mobile series: five villages, each with its own point.
    bus = events["demo:bus-numerique"]
    stops = list(bus.occurrences.order_by("start"))
    assert [s.commune for s in stops] == ["Trégunc", "Névez", "Pont-Aven", "Melgven", "Rosporden"]
    assert all(s.mode == "outside" and s.departement == "29" for s in stops)
    assert all(47.7 < s.latitude < 48.0 and -3.9 < s.longitude < -3.7 for s in stops)
    # Workshops fall on weekdays, with a few people taken at the desk.
    smartphone = events["demo:premiers-pas-smartphone"]
    assert {timezone.localtime(o.start).weekday() for o in smartphone.occurrences.all()} == {3}
    assert smartphone.occurrences.order_by("start").first().registrations.count() == 3

    counts = (Event.objects.count(), Occurrence.objects.count())
    assert demo.load() == {"created": 0, "refreshed": 0, "skipped": 0}
    assert (Event.objects.count(), Occurrence.objects.count()) == counts


@pytest.mark.django_db
def test_a_later_run_gives_past_demo_events_new_dates(census_places):
    demo.load(today=timezone.localdate() - timedelta(days=60))
    laser = Event.objects.get(external_uid="demo:decoupe-laser")
    assert not laser.occurrences.filter(start__gt=timezone.now()).exists()

    done = demo.load()

    assert done["created"] == 0 and done["refreshed"] >= 4
    assert laser.occurrences.filter(start__gt=timezone.now()).count() == 2
    assert laser.occurrences.count() == 4


@pytest.mark.django_db
def test_without_census_places_any_place_stands_in():
    place = make_place(name="Tiers-lieu d'ailleurs")
    assert demo.load()["created"] == 5
    assert set(Event.objects.values_list("place", flat=True)) == {place.pk}
