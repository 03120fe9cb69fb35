"""The agenda in the API: /api/v1/events and /api/v1/events/{uid}."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from placette.events.services import events as event_services
from placette.events.services import registrations
from tests.factories import make_event, make_place

pytestmark = pytest.mark.django_db
EVENTS = "/api/v1/events"


@pytest.fixture
def agenda():
    rennes = make_place(name="EPN de Rennes", departement="35", region="53")
    lyon = make_place(
        name="Fablab de Lyon", commune="Lyon", postal_code="69004", insee_code="69384",
        departement="69", region="84", latitude=45.77, longitude=4.83,
    )  # fmt: skip
    workshop = make_event(place=rennes, title="Premiers pas sur smartphone", starts_in_days=3)
    make_event(place=rennes, title="Conférence vie privée", kind="conference", starts_in_days=10)
    make_event(place=lyon, title="Découpe laser", starts_in_days=5)
    make_event(place=lyon, title="Brouillon secret", status="draft")
    make_event(place=lyon, title="Déjà passé", starts_in_days=-20)
    registrations.register(occurrence=workshop.occurrences.get(), name="Awa Diop",
                           email="awa@example.org")  # fmt: skip
    return {"rennes": rennes, "lyon": lyon, "workshop": workshop}


def titles(client, query: str = "") -> list[str]:
    response = client.get(f"{EVENTS}?{query}")
    assert response.status_code == 200, response.content
    return [event["title"] for event in response.json()["results"]]


def test_upcoming_public_events_by_first_date(client, agenda):
    assert titles(client) == [
        "Premiers pas sur smartphone", "Découpe laser", "Conférence vie privée",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("departement=69", ["Découpe laser"]),
        ("region=53", ["Premiers pas sur smartphone", "Conférence vie privée"]),
        ("commune=lyon", ["Découpe laser"]),
        ("type=conference", ["Conférence vie privée"]),
        ("lieu={lyon}", ["Découpe laser"]),
    ],
)
def test_filters_by_place_territory_and_kind(client, agenda, query, expected):
    assert titles(client, query.format(lyon=agenda["lyon"].slug)) == expected


def test_date_range_reaches_past_dates(client, agenda):
    today = timezone.localdate()
    start, end = today - timedelta(days=30), today + timedelta(days=4)
    assert titles(client, f"du={start}&au={end}") == ["Déjà passé", "Premiers pas sur smartphone"]


@pytest.mark.parametrize(
    "query", ["type=zzz", "departement=999", "region=99", "du=demain", "lieu=pas un slug",
              "gratuit=peut-etre", "par_page=0", "page=0"],
)  # fmt: skip
def test_values_the_document_forbids_are_refused(client, agenda, query):
    response = client.get(f"{EVENTS}?{query}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", query.split("=")[0]]


def test_pagination_like_places(client, agenda):
    first = client.get(EVENTS, {"par_page": 2}).json()
    assert (first["count"], first["pages"], first["previous"]) == (3, 2, None)
    assert first["next"].endswith("par_page=2&page=2")
    assert client.get(EVENTS, {"par_page": 2, "page": 3}).status_code == 404


def test_an_event_with_its_dates_and_no_personal_data(client, agenda):
    workshop = agenda["workshop"]
    response = client.get(f"{EVENTS}/{workshop.uid}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    data = response.json()
    assert data["title"] == "Premiers pas sur smartphone"
    assert data["url"] == f"http://testserver/agenda/{workshop.slug}/"
    assert data["place"]["name"] == "EPN de Rennes"
    [date] = data["dates"]
    assert date["seats_left"] == 9 and date["state"] == "seats"
    assert date["place"]["uid"] == str(agenda["rennes"].uid)
    body = response.content.decode()
    assert "Awa" not in body and "awa@example.org" not in body and "token" not in body


def test_drafts_and_unknown_events_are_not_found(client, agenda):
    draft = agenda["lyon"].events.get(status="draft")
    assert client.get(f"{EVENTS}/{draft.uid}").status_code == 404
    assert client.get(f"{EVENTS}/6f1d7a52-3c1e-4c59-9d49-3c1b8f0e6a09").status_code == 404


def test_a_private_connection_link_stays_private(client, agenda):
    workshop = agenda["workshop"]
    start = timezone.now() + timedelta(days=4)
    event_services.add_occurrence(
        event=workshop, start=start, end=start + timedelta(hours=1), mode="online",
        online_url="https://visio.example/secret",
    )  # fmt: skip
    body = client.get(f"{EVENTS}/{workshop.uid}").content.decode()
    assert "visio.example" not in body  # registrants get it by e-mail


def test_events_are_in_the_document(client):
    document = client.get("/api/v1/openapi.json").json()
    assert {"/events", "/events/{uid}"} <= set(document["paths"])
    names = {p["name"] for p in document["paths"]["/events"]["get"]["parameters"]}
    assert {"du", "au", "type", "lieu", "departement", "region", "commune", "page"} <= names
    assert "EventOut" in document["components"]["schemas"]


def test_list_queries_do_not_grow_with_the_page_size(client, monkeypatch):
    from types import SimpleNamespace

    # One rate-limit window for the whole test (see test_api.py).
    monkeypatch.setattr("django_ratelimit.core.time", SimpleNamespace(time=lambda: 1.8e9))
    place = make_place(name="EPN")

    def queries_for(url: str) -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    def make(n: int) -> None:
        for i in range(n):
            event = make_event(place=place, title=f"Atelier {i}", starts_in_days=i + 1)
            start = event.occurrences.get().start + timedelta(days=30)
            event_services.add_occurrence(event=event, start=start, end=start + timedelta(hours=1))

    make(2)
    client.get(EVENTS)
    few = queries_for(f"{EVENTS}?par_page=2")
    make(20)
    assert queries_for(f"{EVENTS}?par_page=22") == few


def test_cancelled_events_stay_listed_as_such(client, agenda):
    make_event(place=agenda["rennes"], title="Annulé", status="cancelled", starts_in_days=4)
    [event] = [e for e in client.get(EVENTS).json()["results"] if e["title"] == "Annulé"]
    assert event["status"] == "cancelled"
    assert [date["state"] for date in event["dates"]] == ["cancelled"]
