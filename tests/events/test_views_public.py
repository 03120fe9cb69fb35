"""The public agenda /agenda/: upcoming dates, filters, states, its map data, place pages."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from placette.events.models import Event, Occurrence
from placette.events.queries import EventFilters
from placette.events.services import registrations
from tests.factories import make_event, make_place

pytestmark = pytest.mark.django_db


def at(days: int, hour: int = 14):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def add_date(event: Event, *, days: int, hour: int = 14, **fields) -> Occurrence:
    start = at(days, hour)
    fields.setdefault("place", event.place if fields.get("mode", "place") == "place" else None)
    return Occurrence.objects.create(
        event=event, start=start, end=start + timedelta(hours=2), **fields
    )


def titles(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'class="agenda-title"><a href="[^"]+">([^<]+)</a>', html)


def item_of(html: str, title: str) -> str:
    """The list item of the date titled `title`."""
    return html.split(f">{title}</a>")[1].split("</li>")[0]


def test_agenda_lists_upcoming_public_dates_by_day(client):
    make_event(title="Atelier tablette", starts_in_days=2)
    make_event(title="Réparer son vélo", starts_in_days=5)
    make_event(title="Brouillon secret", starts_in_days=3, status="draft")
    make_event(title="Déjà passé", starts_in_days=-2)
    make_event(title="Annulé mais visible", starts_in_days=4, status="cancelled")

    response = client.get("/agenda/")

    assert response.status_code == 200
    assert titles(response) == ["Atelier tablette", "Annulé mais visible", "Réparer son vélo"]
    html = response.content.decode()
    assert "3 dates à venir" in html
    day = timezone.localdate() + timedelta(days=2)
    assert html.count('class="agenda-day"') == 3
    assert f"{day.day} " in html
    assert "Annulé" in item_of(html, "Annulé mais visible")


def test_cancelled_date_of_a_published_event_says_so(client):
    event = make_event(title="Permanence", starts_in_days=1)
    Occurrence.objects.filter(event=event).update(status=Occurrence.Status.CANCELLED)
    html = client.get("/agenda/").content.decode()
    item = item_of(html, "Permanence")
    assert "state-cancelled" in item and "Annulé" in item


def test_seats_left_full_and_waiting_list(client):
    event = make_event(title="Atelier complet", capacity=2, starts_in_days=3)
    occurrence = event.occurrences.get()
    make_event(title="Atelier libre", capacity=5, starts_in_days=4)
    make_event(title="Sans jauge", capacity=None, starts_in_days=5)
    make_event(title="Entrée libre", starts_in_days=6, registration=False)
    registrations.register(occurrence=occurrence, name="Awa", phone="0600000000")

    html = client.get("/agenda/").content.decode()
    assert "1 place restante" in item_of(html, "Atelier complet")
    assert "5 places restantes" in item_of(html, "Atelier libre")
    assert "Inscription ouverte" in item_of(html, "Sans jauge")
    assert "Sans inscription" in item_of(html, "Entrée libre")

    registrations.register(occurrence=occurrence, name="Bruno", phone="0600000001")
    html = client.get("/agenda/").content.decode()
    full = item_of(html, "Atelier complet")
    assert "Complet : inscription en liste d’attente" in full


def test_where_place_outside_and_online(client):
    place = make_place(name="EPN du Bourg", commune="Redon")
    tour = make_event(title="Tournée", place=place, starts_in_days=1)
    add_date(tour, days=2, mode="outside", venue="Place du marché", commune="Bain-de-Bretagne")
    add_date(tour, days=3, mode="online", online_url="https://visio.example/salle")

    html = client.get("/agenda/").content.decode()
    wheres = re.findall(r'<p class="agenda-where">\s*(.*?)\s*</p>', html, re.S)
    assert len(wheres) == 3
    assert "EPN du Bourg" in wheres[0] and "Redon" in wheres[0]
    assert re.sub(r"\s+", " ", wheres[1]) == "Hors les murs : Place du marché, Bain-de-Bretagne"
    assert wheres[2] == "En ligne"
    assert "visio.example" not in html  # the link goes to registrants, not to the public


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=formation", ["Formation bureautique"]),
        ("theme=securite", ["Atelier arnaques"]),
        ("accessible=lsf", ["Atelier arnaques"]),
        ("gratuit=1", ["Atelier arnaques", "Formation bureautique"]),
        ("en_ligne=1", ["Webinaire"]),
        ("departement=69", ["Formation bureautique"]),
        ("lieu=fablab-rennes", ["Atelier arnaques", "Webinaire", "Accueilli au fablab"]),
        ("type=atelier&departement=35&theme=securite", ["Atelier arnaques"]),
        ("theme=nimporte", ["Atelier arnaques", "Formation bureautique", "Webinaire"]),
    ],
)
def test_filters(client, query, expected):
    rennes = make_place(name="Fablab", slug="fablab-rennes", commune="Rennes")
    lyon = make_place(name="EPN Lyon", commune="Lyon", postal_code="69001", insee_code="69381")
    make_event(
        title="Atelier arnaques",
        place=rennes,
        starts_in_days=1,
        themes=["securite", "comprendre"],
        accessibility=["fauteuil", "lsf"],
    )
    make_event(title="Formation bureautique", kind="formation", place=lyon, starts_in_days=2)
    webinar = make_event(
        title="Webinaire", place=rennes, starts_in_days=3, is_free=False, price="5 €"
    )
    webinar.occurrences.update(mode="online", place=None)
    if "lieu=" in query:
        hosted = make_event(title="Accueilli au fablab", place=lyon, starts_in_days=4)
        hosted.occurrences.update(place=rennes)

    assert titles(client.get(f"/agenda/?{query}")) == expected


def test_date_range_filter(client):
    make_event(title="Demain", starts_in_days=1)
    make_event(title="Dans dix jours", starts_in_days=10)
    make_event(title="Dans un mois", starts_in_days=30)
    start = (timezone.localdate() + timedelta(days=5)).isoformat()
    end = (timezone.localdate() + timedelta(days=10)).isoformat()
    assert titles(client.get(f"/agenda/?du={start}&au={end}")) == ["Dans dix jours"]
    assert titles(client.get(f"/agenda/?du={start}")) == ["Dans dix jours", "Dans un mois"]
    assert titles(client.get(f"/agenda/?au={end}")) == ["Demain", "Dans dix jours"]


def test_ongoing_date_stays_listed_until_it_ends(client):
    event = make_event(title="En ce moment", starts_in_days=5)
    now = timezone.now()
    event.occurrences.update(start=now - timedelta(hours=1), end=now + timedelta(hours=1))
    response = client.get("/agenda/")
    assert titles(response) == ["En ce moment"]
    assert "En cours" in response.content.decode()


def test_filters_from_query_keep_only_valid_values():
    filters = EventFilters.from_query(
        QueryDict(
            "du=2025-02-30&au=2025-03-01&type=atelier&theme=bogus&lieu=a/b"
            "&departement=2a&gratuit=1&en_ligne=non&accessible=falc"
        )
    )
    assert filters == EventFilters(
        end=datetime(2025, 3, 1).date(),
        kind="atelier",
        departement="2A",
        free=True,
        accessible="falc",
    )
    assert (
        filters.querystring()
        == "au=2025-03-01&type=atelier&departement=2A&gratuit=1&accessible=falc"
    )
    assert filters.active_count == 5
    assert EventFilters.from_query(QueryDict(filters.querystring())) == filters


def test_filter_form_keeps_values_and_names_the_place(client):
    place = make_place(name="La Fabrique", slug="la-fabrique")
    make_event(place=place)
    html = client.get("/agenda/?type=atelier&gratuit=1&lieu=la-fabrique").content.decode()
    assert '<option value="atelier" selected>' in html
    assert re.search(r'name="gratuit" type="checkbox" value="1" checked', html)
    assert '<input type="hidden" name="lieu" value="la-fabrique">' in html
    assert "Lieu : La Fabrique" in html
    assert "<h1>Agenda de La Fabrique</h1>" in html
    # Removing the place keeps the other filters.
    assert 'href="/agenda/?type=atelier&amp;gratuit=1">Tous les lieux' in html


def test_pagination_keeps_filters(client):
    place = make_place()
    for n in range(25):
        make_event(title=f"Atelier {n:02d}", place=place, starts_in_days=1 + n)
    first = client.get("/agenda/?type=atelier")
    assert len(titles(first)) == 20
    assert 'href="?type=atelier&amp;page=2"' in first.content.decode()
    second = client.get("/agenda/?type=atelier&page=2")
    assert titles(second) == [f"Atelier {n:02d}" for n in range(20, 25)]


def test_htmx_request_gets_the_page_with_the_announced_count(client):
    make_event(title="Atelier", starts_in_days=1)
    response = client.get("/agenda/?gratuit=1", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    html = response.content.decode()
    assert re.search(r'id="results-status"[^>]*>1 date à venir</p>', html)
    assert 'id="agenda-layout"' in html


def _agenda_queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get("/agenda/?lieu=lieu-commun")
    assert response.status_code == 200
    return len(context.captured_queries)


def test_agenda_queries_do_not_grow_with_events(client, django_assert_num_queries):
    place = make_place(slug="lieu-commun")
    other = make_place()
    for n in range(5):
        event = make_event(place=place, starts_in_days=1 + n, capacity=3)
        registrations.register(occurrence=event.occurrences.get(), name="A", phone="1")
    client.get("/agenda/?lieu=lieu-commun")  # warm the site-wide cache
    five = _agenda_queries(client)
    for n in range(15):
        event = make_event(place=place, starts_in_days=6 + n)
        add_date(event, days=7 + n, mode="outside", venue="Salle", commune="Vitré")
        event.occurrences.filter(mode="outside").update(place=other)
    with django_assert_num_queries(five):
        response = client.get("/agenda/?lieu=lieu-commun")
    assert len(titles(response)) == 20


def test_geojson_points_and_filters(client):
    place = make_place(name="Fablab", latitude=48.1, longitude=-1.6)
    tour = make_event(title="Tournée", place=place, starts_in_days=1)
    add_date(tour, days=2, mode="outside", venue="Halle", latitude=47.9, longitude=-1.5)
    add_date(tour, days=3, mode="online", online_url="https://visio.example/x")
    add_date(tour, days=4, mode="outside", venue="Sans point")  # no coordinates: not on the map
    make_event(title="Formation", kind="formation", starts_in_days=1)
    make_event(title="Brouillon", starts_in_days=1, status="draft")

    response = client.get("/agenda/evenements.geojson?type=atelier")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    points = [feature["geometry"]["coordinates"] for feature in data["features"]]
    assert points == [[-1.6, 48.1], [-1.5, 47.9]]
    first = data["features"][0]["properties"]
    assert first["title"] == "Tournée"
    assert first["url"] == tour.get_absolute_url()
    assert first["where"].startswith("Fablab")
    assert data["features"][1]["properties"]["where"].startswith("Halle")
    all_types = client.get("/agenda/evenements.geojson").json()
    assert len(all_types["features"]) == 3


def test_map_page_has_the_filters_and_the_endpoint(client):
    response = client.get("/agenda/carte/?type=atelier")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-api="/agenda/evenements.geojson"' in html
    assert 'action="/agenda/carte/"' in html
    assert 'href="/agenda/?type=atelier"' in html  # the same dates as a list
    assert "events/js/agenda-map" in html


def test_menu_has_the_agenda(client):
    html = client.get("/agenda/").content.decode()
    assert re.search(r'<a href="/agenda/" aria-current="page">Agenda</a>', html)
    assert re.search(r'<a href="/agenda/">Agenda</a>', client.get("/lieux/").content.decode())


def test_place_page_lists_its_next_events(client):
    place = make_place(name="Le Tiers-Lieu", slug="le-tiers-lieu")
    for n in range(7):
        make_event(title=f"Rendez-vous {n}", place=place, starts_in_days=n + 1)
    make_event(title="Ailleurs", starts_in_days=1)
    make_event(title="Passé", place=place, starts_in_days=-1)
    guest = make_event(title="Accueilli ici", starts_in_days=1)
    guest.occurrences.update(place=place, start=at(0, 23) - timedelta(minutes=30))

    html = client.get(place.get_absolute_url()).content.decode()

    section = html.split('id="next-events-title"')[1].split("</section>")[0]
    found = re.findall(r'class="agenda-title"><a href="[^"]+">([^<]+)</a>', section)
    assert found == [
        "Accueilli ici",
        "Rendez-vous 0",
        "Rendez-vous 1",
        "Rendez-vous 2",
        "Rendez-vous 3",
    ]
    # The place's own page does not link to itself for each date.
    assert section.count("Dans le lieu") == 5
    assert f'href="{place.get_absolute_url()}"' not in section
    assert 'href="/agenda/?lieu=le-tiers-lieu"' in section
    assert 'href="/lieux/le-tiers-lieu/agenda.ics"' in section


def test_place_page_next_events_cost_one_query(client):
    quiet = make_place(name="Calme")
    busy = make_place(name="Animé")
    client.get(quiet.get_absolute_url())  # warm the site-wide cache

    def count(place) -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(place.get_absolute_url()).status_code == 200
        return len(context.captured_queries)

    without = count(quiet)
    for n in range(4):
        make_event(place=busy, starts_in_days=n + 1)
    assert count(busy) == without
    assert "Prochains événements" not in client.get(quiet.get_absolute_url()).content.decode()
