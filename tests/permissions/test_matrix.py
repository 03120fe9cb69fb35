"""Who may write what: each role × each write action, and CSRF on every route.

Roles (placette/core/roles.py, placette/places/permissions.py): visitor, contributor (signed
in), manager of the place, manager of another place, moderator, administrator. For each action
the test checks the answer (allowed; 403; sent to log in) AND the effect: a refused action
changes nothing.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from placette.contributions.models import Contribution, Report
from placette.events.models import CalendarFeed, Event, Registration
from placette.places.forms import PlaceForm
from placette.places.models import Claim, Place, PlaceManager, PlaceVersion
from tests.factories import make_event, make_manager, make_moderator, make_place, make_user

ROLES = ["visitor", "contributor", "manager", "other_manager", "moderator", "admin"]
ALLOWED, FORBIDDEN, LOGIN = "allowed", "forbidden", "login"


def place_form_data(place: Place, **changes: Any) -> dict[str, Any]:
    """What the edit form posts for `place`, with `changes`."""
    form = PlaceForm.from_place(place)
    data = {}
    for bound in form:
        value = bound.value()
        if value in (None, False):
            continue
        data[bound.name] = bound.field.prepare_value(value) if isinstance(value, list) else value
    data.update(changes)
    return data


@dataclass
class World:
    place: Place
    other: Place
    unmanaged: Place
    users: dict[str, Any]
    contribution: Contribution
    claim: Claim
    report: Report
    version: PlaceVersion
    draft: Event
    event: Event


@pytest.fixture
def world(db) -> World:
    place = make_place(name="Fablab des Lices", websites=["https://lices.example"])
    other = make_place(name="EPN du Blosne")
    manager = make_manager(place, email="equipe@lices.example")
    other_manager = make_manager(other, email="equipe@blosne.example")
    admin = make_user(email="admin@example.org", is_staff=True, is_superuser=True)
    users = {
        "visitor": None,
        "contributor": make_user(email="contributrice@example.org"),
        "manager": manager,
        "other_manager": other_manager,
        "moderator": make_moderator(email="modo@example.org"),
        "admin": admin,
    }
    from placette.places.services.places import edit_by_manager

    edit_by_manager(place=place, fields={"summary": "Avant"}, tags={}, by=manager)
    edit_by_manager(place=place, fields={"summary": "Après"}, tags={}, by=manager)
    version = place.versions.filter(changes__has_key="summary").order_by("created_at").first()
    contribution = Contribution.objects.create(
        kind=Contribution.Kind.CHANGE,
        status=Contribution.Status.PENDING,
        place=place,
        data={"phone": "02 99 00 00 00"},
        email="anonyme@example.org",
    )
    claim = Claim.objects.create(place=place, user=users["contributor"], role="bénévole")
    report = Report.objects.create(
        path=place.get_absolute_url(),
        place=place,
        reason=Report.Reason.SPAM,
        status=Report.Status.OPEN,
        email="anonyme@example.org",
    )
    unmanaged = make_place(name="Tiers-lieu de Vezin")
    draft = make_event(place=place, status="draft", title="Atelier en préparation")
    event = make_event(place=place, title="Premiers pas sur smartphone")
    return World(place, other, unmanaged, users, contribution, claim, report, version, draft, event)


@dataclass
class Action:
    name: str
    method: str
    url: Callable[[World], str]
    data: Callable[[World], dict]
    allowed: set[str]
    # The effect an allowed request must have, and a refused one must not: True when done.
    done: Callable[[World], bool]
    # How a signed-in person without the right is refused: 403, or the staff pages' login.
    refused: str = "forbidden"


def _refreshed(obj):
    obj.refresh_from_db()
    return obj


ACTIONS = [
    Action(
        "edit a place",
        "post",
        lambda w: reverse("places:edit", args=[w.place.slug]),
        lambda w: place_form_data(w.place, name="Fablab des Lices (modifié)"),
        {"manager", "moderator", "admin"},
        lambda w: _refreshed(w.place).name == "Fablab des Lices (modifié)",
    ),
    Action(
        "read a place's history",
        "get",
        lambda w: reverse("places:history", args=[w.place.slug]),
        lambda w: {},
        {"manager", "moderator", "admin"},
        lambda w: True,
    ),
    Action(
        "revert a place",
        "post",
        lambda w: reverse("places:revert", args=[w.place.slug, w.version.pk]),
        lambda w: {"note": ""},
        {"moderator", "admin"},
        lambda w: _refreshed(w.place).summary == "Avant",
    ),
    Action(
        "claim a place",
        "post",
        lambda w: reverse("places:claim", args=[w.unmanaged.slug]),
        lambda w: {"role": "médiatrice", "message": ""},
        {"contributor", "manager", "other_manager", "moderator", "admin"},
        lambda w: (
            Claim.objects.filter(place=w.unmanaged).exists()
            or PlaceManager.objects.filter(place=w.unmanaged).exists()
        ),
    ),
    Action(
        "see the moderation queue",
        "get",
        lambda w: reverse("moderation:queue"),
        lambda w: {},
        {"moderator", "admin"},
        lambda w: True,
    ),
    Action(
        "accept a contribution",
        "post",
        lambda w: reverse("moderation:contribution", args=[w.contribution.pk]),
        lambda w: {"action": "accept"},
        {"moderator", "admin"},
        lambda w: _refreshed(w.contribution).status == Contribution.Status.ACCEPTED,
    ),
    Action(
        "decide a claim",
        "post",
        lambda w: reverse("moderation:claim", args=[w.claim.pk]),
        lambda w: {"decision": "approve", "reason": ""},
        {"moderator", "admin"},
        lambda w: _refreshed(w.claim).status == Claim.Status.APPROVED,
    ),
    Action(
        "decide a report",
        "post",
        lambda w: reverse("moderation:report", args=[w.report.pk]),
        lambda w: {"decision": "resolve", "note": "Retiré.", "unpublish": "on"},
        {"moderator", "admin"},
        lambda w: (
            _refreshed(w.report).status == Report.Status.RESOLVED
            and not _refreshed(w.place).is_published
        ),
    ),
    Action(
        "list places to verify",
        "get",
        lambda w: reverse("moderation:stale"),
        lambda w: {},
        {"moderator", "admin"},
        lambda w: True,
    ),
    Action(
        "confirm a place's information",
        "post",
        lambda w: reverse("places:confirm", args=[w.place.slug]),
        lambda w: {},
        {"manager", "moderator", "admin"},
        lambda w: _refreshed(w.place).confirmed_on is not None,
    ),
    Action(
        "run an import",
        "get",
        lambda w: reverse("sources:imports"),
        lambda w: {},
        {"admin"},
        lambda w: True,
        refused=LOGIN,  # staff_member_required: the admin site's login
    ),
]


def _date(world: World):
    return world.event.occurrences.get()


EVENT_ACTIONS = [
    Action(
        "publish an event",
        "post",
        lambda w: reverse("events:event_publish", args=[w.draft.slug]),
        lambda w: {},
        {"manager", "moderator", "admin"},
        lambda w: _refreshed(w.draft).status == Event.Status.PUBLISHED,
    ),
    Action(
        "cancel an event",
        "post",
        lambda w: reverse("events:event_cancel", args=[w.event.slug]),
        lambda w: {"reason": "Intervenante malade."},
        {"manager", "moderator", "admin"},
        lambda w: _refreshed(w.event).status == Event.Status.CANCELLED,
    ),
    Action(
        "see who registered",
        "get",
        lambda w: reverse("events:registrants", args=[_date(w).uid]),
        lambda w: {},
        {"manager", "moderator", "admin"},
        lambda w: True,
    ),
    Action(
        "download the registrants",
        "get",
        lambda w: reverse("events:registrants_csv", args=[_date(w).uid]),
        lambda w: {},
        {"manager", "moderator", "admin"},
        lambda w: True,
    ),
    Action(
        "register someone at the desk",
        "post",
        lambda w: reverse("events:registrant_add", args=[_date(w).uid]),
        lambda w: {"name": "Paul, au guichet"},
        {"manager", "moderator", "admin"},
        lambda w: Registration.objects.filter(name="Paul, au guichet").exists(),
    ),
    Action(
        "read a place's statistics",
        "get",
        lambda w: reverse("events:place_stats", args=[w.place.slug]),
        lambda w: {},
        {"manager", "moderator", "admin"},
        lambda w: True,
    ),
    Action(
        "subscribe a place to a calendar",
        "post",
        lambda w: reverse("events:place_feeds", args=[w.place.slug]),
        lambda w: {"url": "https://agenda.example/lices.ics"},
        {"manager", "moderator", "admin"},
        lambda w: CalendarFeed.objects.filter(place=w.place).exists(),
    ),
]
ACTIONS += EVENT_ACTIONS


def _client(world: World, role: str) -> Client:
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def _verdict(response) -> str:
    if response.status_code == 403:
        return FORBIDDEN
    if response.status_code == 302 and (
        "/comptes/login/" in response["Location"] or "/admin/login/" in response["Location"]
    ):
        return LOGIN
    assert response.status_code in (200, 302), response.status_code
    return ALLOWED


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.name)
def test_role_matrix(world, action: Action, role: str):
    response = getattr(_client(world, role), action.method)(action.url(world), action.data(world))
    verdict = _verdict(response)
    if role in action.allowed:
        assert verdict == ALLOWED
        assert action.done(world), "allowed, but the action had no effect"
    else:
        assert verdict == (LOGIN if role == "visitor" else action.refused)
        if action.method == "post":
            assert not action.done(world), "refused, yet something changed"


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _path(route: str, samples: dict[str, Any]) -> str | None:
    """A concrete path for `route` (path converters and regex groups filled from `samples`),
    or None when it cannot be built (an unnamed regex)."""
    # A converter without a sample gets a value it accepts: 1 for int, "x" otherwise.
    path = re.sub(
        r"<(?:(\w+):)?(\w+)>",
        lambda m: str(samples.get(m[2], 1 if m[1] == "int" else "x")),
        route,
    )
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(samples.get(m[1], "x")), path)
    path = path.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")
    return None if re.search(r"[()\[\]*+?]", path) else "/" + path


# Routes that take no write: django-ninja exempts its (read-only) views from CSRF and answers
# a POST with 405; a laptop's media files.
NO_WRITES = ("/api/", "/media/", "/admin/")


def test_every_route_refuses_a_post_without_csrf_token(world):
    """Whatever the route, a POST without the CSRF token is refused before the view runs, so a
    new write view cannot forget it. (The admin site is Django's own, left out for speed.)"""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["admin"])
    samples = {
        "slug": world.place.slug,
        "pk": world.contribution.pk,
        "version_id": world.version.pk,
        "uid": "00000000-0000-0000-0000-000000000000",
    }
    users = get_user_model().objects.count()
    paths = {_path(route, samples) for route in _routes(get_resolver().url_patterns)}
    paths = sorted(p for p in paths if p and not p.startswith(NO_WRITES))
    assert len(paths) > 60  # every route of the site, not a handful
    for path in paths:
        response = client.post(path, {"name": "x"})
        assert response.status_code == 403 and b"CSRF" in response.content, path
    assert get_user_model().objects.count() == users  # and nobody was made
