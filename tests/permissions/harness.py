"""One role × action check for the whole site, and the walk over its routes.

Each app declares what may be done, and by whom, as `ACTIONS` in tests/<app>/test_permissions.py;
tests/permissions/test_matrix.py runs every action as every role (world.py) and checks the
answer (allowed; 403; sent to log in) AND the effect: an allowed action takes effect, a
refused one changes nothing in the database. It also walks every route: any route that a
visitor's POST does not answer with 405 must be some app's action, or a public write
(public_writes.py), so that a new write view without a permission test fails.
"""

import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tests.permissions.world import ROLES, World

ALLOWED, FORBIDDEN, LOGIN = "allowed", "forbidden", "login"
SIGNED_IN = frozenset(ROLES) - {"visitor"}
MODERATION = frozenset({"moderator", "admin"})
TEAM = MODERATION | {"manager"}  # the place's team, and moderation
TESTS = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Action:
    name: str
    url: Callable[[World], str]
    allowed: frozenset[str]
    data: Callable[[World], dict] = field(default=lambda w: {})
    # True once the action took effect; an allowed request must make it True, a refused
    # one must leave it False (reads: left out).
    done: Callable[[World], bool] | None = None
    method: str = "post"
    # How a signed-in person without the right is refused: 403, or the staff pages' login.
    refused: str = FORBIDDEN
    # The answers an allowed request may get.
    ok: tuple[int, ...] = (200, 302)

    def __post_init__(self):
        assert self.allowed <= set(ROLES), self.allowed - set(ROLES)
        assert self.method == "get" or self.done is not None, f"{self.name}: no effect to check"


# --- The check -------------------------------------------------------------------------------


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# Rows that a request may change whoever makes it: sessions, and the time of the last login.
UNTRACKED_MODELS = {"sessions.Session"}
UNTRACKED_FIELDS = {("auth.User", "last_login")}


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, to compare before and after a refused request."""
    state = {}
    for model in apps.get_models():
        label = model._meta.label
        if label in UNTRACKED_MODELS:
            continue
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if (label, f.name) not in UNTRACKED_FIELDS
        ]
        state[label] = list(model._base_manager.order_by("pk").values_list(*names))
    return state


def verdict(response) -> str:
    if response.status_code == 403:
        return FORBIDDEN
    location = response.get("Location", "")
    if response.status_code == 302 and (
        "/comptes/login/" in location or "/admin/login/" in location
    ):
        return LOGIN
    return ALLOWED


def check(world: World, action: Action, role: str) -> None:
    """`role` does `action`: the answer, and the effect, are what `action.allowed` says."""
    world.role = role
    client = client_for(world.user)
    url, data = action.url(world), action.data(world)
    before = None if role in action.allowed else snapshot()
    response = getattr(client, action.method)(url, data)
    got = verdict(response)
    if role in action.allowed:
        assert got == ALLOWED, (response.status_code, response.get("Location"))
        assert response.status_code in action.ok, response.status_code
        assert action.done is None or action.done(world), "allowed, but the action had no effect"
        return
    assert got == (LOGIN if role == "visitor" else action.refused), response.status_code
    assert snapshot() == before, "refused, yet something changed"
    if action.done is not None:
        assert not action.done(world), "refused, yet the action took effect"


def app_actions() -> Iterator[tuple[str, Action]]:
    """(app, action) for every ACTIONS of tests/<app>/test_permissions.py."""
    for path in sorted(TESTS.glob("*/test_permissions.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.test_permissions")
        for action in getattr(module, "ACTIONS", ()):
            yield path.parent.name, action


def route_name(url: str) -> str:
    return resolve(urlsplit(url).path).view_name


# --- The routes ------------------------------------------------------------------------------


def routes(patterns=None, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    """(name, route) of every URL pattern, the name with its namespaces ("events:detail"); the
    route stands for the name of unnamed ones ("admin:admin/<url>")."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            yield f"{namespace}{pattern.name or route}", route


SAMPLES = {"uid": "00000000-0000-0000-0000-000000000000"}


def path_of(route: str, samples: dict | None = None) -> str | None:
    """A concrete path for `route` (path converters and regex groups filled from `samples`),
    or None when it cannot be built (an unnamed regex)."""
    samples = {**SAMPLES, **(samples or {})}
    # Regex groups first: their "<name>" would read as a converter.
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(samples.get(m[1], "x")), route)
    # A converter without a sample gets a value it accepts: 1 for int, "x" otherwise.
    path = re.sub(
        r"<(?:(\w+):)?(\w+)>",
        lambda m: str(samples.get(m[2], 1 if m[1] == "int" else "x")),
        path,
    )
    path = path.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")
    return None if re.search(r"[()\[\]*+?]", path) else "/" + path


CSRF_TOKEN = "t" * 32  # a CSRF secret: Django accepts it as the cookie and as the form's token


def write_routes() -> dict[str, int]:
    """{name: answer} of every route that a visitor's POST, with a valid CSRF token, does not
    answer with 405 (Method Not Allowed): the routes that take a POST."""
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_TOKEN
    found = {}
    for name, route in routes():
        path = path_of(route)
        assert path is not None, f"no path can be built for {route}: add a sample"
        response = client.post(path, {"csrfmiddlewaretoken": CSRF_TOKEN})
        if response.status_code != 405:
            found[name] = response.status_code
    return found


def listed(name: str, public: dict[str, str]) -> bool:
    """Whether `name` is a public write, or in a namespace listed as "namespace:*"."""
    return name in public or any(key.endswith(":*") and name.startswith(key[:-1]) for key in public)


def unlisted_writes(covered: set[str], public: dict[str, str]) -> list[str]:
    """The routes taking a POST that no action covers and that are not public writes; and
    public writes that are no longer routes taking a POST (stale entries)."""
    writes = write_routes()
    missing = [
        f"{name} (answers {code})"
        for name, code in sorted(writes.items())
        if name not in covered and not listed(name, public)
    ]
    stale = [
        f"{key} (listed as a public write, but takes no POST)"
        for key in sorted(public)
        if not key.endswith(":*") and key not in writes
    ]
    return missing + stale
