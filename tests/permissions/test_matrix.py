"""Who may do what, for the whole site: every app's ACTIONS (tests/<app>/test_permissions.py)
as every role (world.py), each checked for its answer and its effect (harness.py); and every
route: a POST without the CSRF token is refused, and a route that takes a POST is some app's
action or a public write (public_writes.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from tests.permissions import harness
from tests.permissions.public_writes import PUBLIC_WRITES
from tests.permissions.world import ROLES

CASES = [(app, action, role) for app, action in harness.app_actions() for role in ROLES]


@pytest.mark.parametrize(
    ("app", "action", "role"),
    CASES,
    ids=[f"{app}: {action.name} [{role}]" for app, action, role in CASES],
)
def test_role_by_action(world, app, action, role):
    harness.check(world, action, role)


def test_every_action_has_its_own_name():
    names = [(app, action.name) for app, action in harness.app_actions()]
    assert len(names) == len(set(names))


def test_every_route_refuses_a_post_without_csrf_token(world):
    """Whatever the route, a POST without the CSRF token is refused before the view runs, so a
    new write view cannot forget it. (The admin site is Django's own, left out for speed.)"""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["admin"])
    users = get_user_model().objects.count()
    paths = {harness.path_of(route) for _name, route in harness.routes()}
    paths = sorted(p for p in paths if p and not p.startswith(("/api/", "/media/", "/admin/")))
    assert len(paths) > 60  # every route of the site, not a handful
    for path in paths:
        response = client.post(path, {"name": "x"})
        assert response.status_code == 403 and b"CSRF" in response.content, path
    assert get_user_model().objects.count() == users  # and nobody was made


def test_every_route_taking_a_post_is_an_action_or_a_public_write(world):
    covered = {harness.route_name(action.url(world)) for _app, action in harness.app_actions()}
    assert harness.unlisted_writes(covered, PUBLIC_WRITES) == []


@override_settings(ROOT_URLCONF="tests.permissions.fake_urls")
def test_the_route_check_catches_a_write_view_nobody_listed(db):
    assert harness.unlisted_writes({"leaky"}, {}) == ["write (answers 200)"]
    assert harness.unlisted_writes({"write", "leaky"}, {}) == []
    assert harness.unlisted_writes({"leaky"}, {"write": "a form for anyone"}) == []
    assert harness.unlisted_writes({"write", "leaky"}, {"read": "?"}) == [
        "read (listed as a public write, but takes no POST)"
    ]


@override_settings(ROOT_URLCONF="tests.permissions.fake_urls")
def test_the_role_check_catches_a_refusal_that_writes_or_an_allowed_write_doing_nothing(world):
    refused = harness.Action("leak", lambda w: "/fuite/", frozenset(), done=lambda w: False)
    with pytest.raises(AssertionError, match="refused, yet something changed"):
        harness.check(world, refused, "contributor")
    idle = harness.Action("idle", lambda w: "/ecrire/", frozenset({"author"}), done=lambda w: False)
    with pytest.raises(AssertionError, match="allowed, but the action had no effect"):
        harness.check(world, idle, "author")
    with pytest.raises(AssertionError, match="200"):  # a visitor is not sent to log in
        harness.check(world, idle, "visitor")
