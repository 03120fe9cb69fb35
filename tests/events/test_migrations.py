"""Migration events/0007: imported events that said nothing of a price are "not known", and
free again when unapplied."""

import pytest

from tests.factories import make_place
from tests.migrator import migrate, rewound

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE, AFTER = ("events", "0006_calendarfeed_skipped"), ("events", "0007_event_price_unknown")


def test_imported_events_without_price_become_not_known_and_back():
    place = make_place()
    with rewound():
        apps = migrate(BEFORE)
        Event = apps.get_model("events", "Event")
        feed = apps.get_model("events", "CalendarFeed").objects.create(
            place_id=place.pk, url="https://agenda.example/a.ics"
        )
        common = {"place_id": place.pk, "kind": "atelier"}
        Event.objects.create(slug="imported", title="i", feed=feed, **common)
        Event.objects.create(
            slug="priced", title="p", feed=feed, is_free=False, price="5 €", **common
        )
        Event.objects.create(slug="own", title="o", **common)

        after = migrate(AFTER).get_model("events", "Event")
        assert dict(after.objects.values_list("slug", "is_free")) == {
            "imported": None,
            "priced": False,
            "own": True,
        }

        before = migrate(BEFORE).get_model("events", "Event")
        assert dict(before.objects.values_list("slug", "is_free")) == {
            "imported": True,
            "priced": False,
            "own": True,
        }
