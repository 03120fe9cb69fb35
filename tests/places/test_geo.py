"""The map endpoint: /api/v1/places.geojson?bbox=W,S,E,N&zoom=Z (+ directory filters)."""

import json
import random
import re
from html import unescape

import pytest

from placette.places import vocab
from tests.factories import make_place

pytestmark = pytest.mark.django_db
FRANCE = "-5.5,41.2,9.8,51.2"


@pytest.fixture
def spread():
    """60 places over France: clusters around three cities, and a few lone places."""
    rng = random.Random(4)
    cities = [(47.218, -1.553, "44109"), (45.764, 4.835, "69123"), (43.604, 1.444, "31555")]
    for i in range(54):
        lat, lon, insee = cities[i % 3]
        make_place(
            name=f"Lieu {i}",
            latitude=lat + rng.uniform(-0.05, 0.05),
            longitude=lon + rng.uniform(-0.05, 0.05),
            insee_code=insee,
            families=["fablab" if i % 2 else "coworking"],
        )
    for i, (lat, lon) in enumerate(
        [(48.4, -4.5), (50.6, 3.06), (43.7, 7.26), (42.7, 2.9), (49.1, 6.2), (48.58, 7.75)]
    ):
        make_place(name=f"Isolé {i}", latitude=lat, longitude=lon, families=["epn"])
    make_place(name="Sans coordonnées", latitude=None, longitude=None)


def get(client, **params):
    response = client.get("/api/v1/places.geojson", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return response.json()


def total(data) -> int:
    return sum(feature["properties"]["count"] for feature in data["features"])


def test_low_zoom_clusters_sum_to_the_matching_count(client, spread):
    data = get(client, bbox=FRANCE, zoom=5)
    assert data["type"] == "FeatureCollection"
    assert total(data) == data["total"] == 60
    clusters = [f for f in data["features"] if f["properties"].get("cluster")]
    assert len(clusters) == 3 and all(f["properties"]["count"] == 18 for f in clusters)
    assert len(data["features"]) == 9  # three clusters, six lone places


def test_lone_places_at_low_zoom_are_places_with_name_and_url(client, spread):
    data = get(client, bbox=FRANCE, zoom=5)
    lone = [f for f in data["features"] if not f["properties"].get("cluster")]
    assert {f["properties"]["name"] for f in lone} == {f"Isolé {i}" for i in range(6)}
    assert all(f["properties"]["url"].startswith("/lieux/") for f in lone)


def test_filters_apply_to_the_map(client, spread):
    data = get(client, bbox=FRANCE, zoom=5, famille="fablab")
    assert total(data) == 27
    data = get(client, bbox=FRANCE, zoom=5, departement="69")
    assert total(data) == 18


def test_the_box_limits_the_places(client, spread):
    nantes = "-1.7,47.1,-1.4,47.35"
    assert total(get(client, bbox=nantes, zoom=6)) == 18
    assert total(get(client, bbox="-1.0,47.1,-0.9,47.2", zoom=6)) == 0


def test_high_zoom_gives_each_place_its_own_feature(client, spread):
    data = get(client, bbox="-1.7,47.1,-1.4,47.35", zoom=13)
    assert len(data["features"]) == 18
    feature = data["features"][0]
    assert feature["geometry"]["type"] == "Point"
    lon, lat = feature["geometry"]["coordinates"]
    assert -1.7 <= lon <= -1.4 and 47.1 <= lat <= 47.35
    props = feature["properties"]
    assert props["count"] == 1 and props["name"].startswith("Lieu ")
    assert props["families"] in (
        ["Coworking / bureaux partagés"],
        ["Fablab / makerspace / hackerspace"],
    )


def test_more_places_than_a_zoom_level_can_separate_still_add_up(client):
    for i in range(30):
        make_place(name=f"P{i}", latitude=45.0 + i * 0.001, longitude=5.0 + (i % 5) * 0.3)
    for zoom in range(0, 15):
        assert total(get(client, bbox="4,44,7,46", zoom=zoom)) == 30


@pytest.mark.parametrize(
    "params",
    [
        {"bbox": "1,2,3", "zoom": 5},
        {"bbox": "a,b,c,d", "zoom": 5},
        {"bbox": "0,50,1,40", "zoom": 5},
        {"bbox": FRANCE, "zoom": 25},
        {"bbox": FRANCE, "zoom": "x"},
    ],
)
def test_bad_parameters_get_a_clear_400(client, params):
    response = client.get("/api/v1/places.geojson", params)
    assert response.status_code == 400
    assert response.json()["error"]


def test_payload_stays_small_whatever_the_number_of_places(client):
    for i in range(400):
        make_place(name=f"P{i}", latitude=42 + (i % 20) * 0.4, longitude=-4 + (i // 20) * 0.6)
    response = client.get("/api/v1/places.geojson", {"bbox": FRANCE, "zoom": 5})
    assert len(response.content) < 50_000
    assert total(response.json()) == 400


def test_groups_cut_by_a_grid_line_are_one_cluster(client):
    # At zoom 5 a grid line runs at longitude 69 × 2.63671875 − 180 = 1.93359375.
    for i in range(5):
        make_place(name=f"Ouest {i}", latitude=46.0 + i * 0.01, longitude=1.90)
        make_place(name=f"Est {i}", latitude=46.0 + i * 0.01, longitude=1.96)
    data = get(client, bbox=FRANCE, zoom=5)
    assert [f["properties"]["count"] for f in data["features"]] == [10]
    assert data["features"][0]["geometry"]["coordinates"] == [1.93, 46.02]


def test_map_data_is_compressed_for_clients_that_accept_it(client):
    for i in range(50):
        make_place(name=f"Lieu {i}", latitude=47.2 + i * 0.001, longitude=-1.55)
    response = client.get(
        "/api/v1/places.geojson",
        {"bbox": "-1.7,47.1,-1.4,47.35", "zoom": 15},
        HTTP_ACCEPT_ENCODING="gzip",
    )
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]


def test_map_page_opens_on_the_filtered_places(client, spread):
    html = client.get("/carte/?departement=69").content.decode()
    match = re.search(r'data-bounds="([^"]+)"', html)
    assert match, "no first view for a filtered map"
    west, south, east, north = map(float, match.group(1).split(","))
    assert 4 < west <= east < 6 and 45 < south <= north < 46.5
    # Without a filter the map opens on France (map.js), with no box to compute.
    assert "data-bounds" not in client.get("/carte/").content.decode()


def test_family_markers_know_every_family_label(client, spread):
    html = client.get("/carte/").content.decode()
    match = re.search(r'data-families="([^"]+)"', html)
    codes = json.loads(unescape(match.group(1)))
    assert codes["Fablab / makerspace / hackerspace"] == "fablab"
    assert set(codes.values()) == {code for code, _label in vocab.Family.choices}


def test_preview_says_commune_opening_and_next_event(client):
    from tests.factories.events import make_event

    place = make_place(
        name="Ouvert tout le temps", commune="Rennes", postal_code="35000", opening_hours="24/7"
    )
    make_event(place=place, title="Atelier vélo", starts_in_days=3)
    html = client.get(f"/lieux/{place.slug}/apercu/").content.decode()
    assert "35000 Rennes" in html
    assert "<strong>Ouvert</strong>" in html
    assert "Prochain événement" in html and "Atelier vélo" in html
    unknown = make_place(name="Sans horaires", commune="Brest")
    html = client.get(f"/lieux/{unknown.slug}/apercu/").content.decode()
    assert "<strong>Horaires à confirmer</strong>" in html and "Prochain événement" not in html
    closed = make_place(name="Jamais ouvert", opening_hours="off")
    assert "<strong>Fermé</strong>" in client.get(f"/lieux/{closed.slug}/apercu/").content.decode()
