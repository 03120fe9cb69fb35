"""Dates out of any calendar's range in a query string (?au=9999-12-31, ?du=0001-01-01) give a
sensible window or a 400 with a reason, never a 500 (adding a day or a time zone overflows)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_event, make_manager, make_place

pytestmark = pytest.mark.django_db

EXTREMES = [
    {"au": "9999-12-31"},
    {"du": "0001-01-01"},
    {"du": "0001-01-01", "au": "9999-12-31"},
    {"du": "9999-12-31"},
    {"au": "0001-01-01"},
]


@pytest.mark.parametrize("query", EXTREMES)
@pytest.mark.parametrize(
    "name", ["events:agenda", "events:agenda_map", "events:geojson", "events:feed", "place_feed"]
)
def test_the_agenda_and_its_feeds_take_any_date(client, name, query):
    event = make_event(title="Atelier retouche photo")
    if name == "place_feed":
        url = reverse("events:place_feed", args=[event.place.slug])
    else:
        url = reverse(name)
    response = client.get(url, query)
    assert response.status_code == 200


@pytest.mark.parametrize("query", EXTREMES)
@pytest.mark.parametrize("name", ["events:place_stats", "events:place_stats_csv"])
def test_the_statistics_refuse_dates_out_of_range_with_a_reason(name, query):
    place = make_place(name="EPN de Villejean")
    client = Client()
    client.force_login(make_manager(place))
    response = client.get(reverse(name, args=[place.slug]), query)
    if name == "events:place_stats_csv":
        assert response.status_code == 200  # the default period, as for any invalid date
    elif len(query) == 1:
        assert response.status_code == 400  # the other end is missing: already a form error
    else:
        assert response.status_code == 400
        assert "entre 1900 et 2999" in response.content.decode()
