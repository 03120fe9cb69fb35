"""placette.core.middleware: HEAD answers as GET would, without the body, on every route."""

import pytest
from django.test import Client

from tests.permissions import harness
from tests.permissions.world import World

# Which object a route's <slug> or <uid> stands for, by the route's first words.
SLUGS = {
    "lieux/": "place",
    "agenda/": "event",
    "recits/": "story",
    "ressources/": "resource",
    "collections/": "collection",
}


def _samples(world: World, route: str) -> dict:
    samples = {"uid": str(world.place.uid)}
    if route.startswith("agenda/dates/"):
        samples["uid"] = str(world.date.uid)
    for start, name in SLUGS.items():
        if route.startswith(start):
            samples["slug"] = getattr(world, name).slug
    return samples


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def routes(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = World(role="admin")
    world.event, world.story, world.resource, world.collection  # noqa: B018 (built once)
    paths = {}
    for name, route in harness.routes():
        # Django's admin site is class-based (HEAD already works); left out for speed.
        if route.startswith(("admin/", "^media/")):
            continue
        path = harness.path_of(route, _samples(world, route))
        assert path is not None, route
        paths[name] = path
    return world, paths


def test_every_route_answering_get_answers_head_the_same_without_a_body(routes):
    world, paths = routes
    client = harness.client_for(world.user)
    answered = []
    for name, path in sorted(paths.items()):
        head = client.head(path)
        get = client.get(path)
        if get.status_code == 405:
            continue  # a write-only route
        answered.append(name)
        assert head.status_code == get.status_code, (name, path, head.status_code)
        assert _body(head) == b"", name
        assert head.get("Content-Type") == get.get("Content-Type"), name
    # Every page of the site, the downloads and the API were tried, not a handful.
    assert len(answered) > 80
    for name in ("site:home", "places:list", "opendata:places_csv", "api:v1:list_places", "health"):
        assert name in answered


def test_head_keeps_the_length_and_validators_of_the_get(db):
    client = Client()
    head, get = client.head("/sante/"), client.get("/sante/")
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Length"] == get["Content-Length"] == "2"
    api = client.get("/api/v1/places")
    head = client.head("/api/v1/places")
    assert head.status_code == 200 and head["ETag"] == api["ETag"]
