"""Real-browser fixtures: Debian's Chromium, driven by Playwright, against the live server.

Every page opened here is guarded: map tiles are answered by a local 1x1 PNG, any other
request to a host other than the live server is aborted and recorded, and JavaScript
errors (CSP violations included) are recorded too, so each test can assert none happened.
"""

import base64
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 800}

# A 1x1 PNG of a light map-like colour (#e8e4d8), served instead of every map tile.
TILE_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGN48eQGAAVcAqUe2cvmAAAAAElFTkSuQmCC"
)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _tile_host_pattern(tile_url: str) -> re.Pattern[str]:
    """The tile server's host as a regex; a {s} subdomain placeholder matches any subdomain."""
    host = urlsplit(tile_url.replace("{s}", "s-placeholder")).netloc
    return re.compile(re.escape(host).replace("s\\-placeholder", "[a-z0-9-]+") + r"\Z")


TILE_HOST = _tile_host_pattern(settings.MAP_TILE_URL)


@pytest.fixture(scope="session")
def live_server(request) -> Iterator:
    """pytest-django's live server, but static files come from WhiteNoise as in production.

    pytest-django wraps the server in StaticFilesHandler, which looks files up with the
    finders and so 404s on the hashed names of the manifest storage ({% static %} output).
    Passing the WSGI application through unchanged lets WhiteNoise serve STATIC_ROOT.
    """
    from pytest_django.live_server_helper import LiveServer

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        pytest.fail(f"{manifest} absent : lancez d'abord manage.py collectstatic --noinput")
    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(addr, start=False)
    server.thread.static_handler = lambda application: application
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _public_address(request, settings) -> None:
    """E-mailed links lead to the live server, as they lead to the site in production
    (placette.core.urls builds them on PLACETTE_BASE_URL)."""
    if "live_server" in request.fixturenames:
        settings.PLACETTE_BASE_URL = request.getfixturevalue("live_server").url


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator:
    if not CHROMIUM.exists():
        reason = "Chromium absent : apt-get install chromium pour lancer les tests navigateur"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI=true : un navigateur manquant est une erreur)")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    # Sync Playwright runs an asyncio loop in this thread; the ORM calls of tests are still sync.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class Tab:
    """A page of its own browser context, with what the guard saw."""

    page: object
    third_party: list[str] = field(default_factory=list)
    tiles: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def goto(self, path: str):
        response = self.page.goto(path)
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        return self.page

    def assert_clean(self) -> None:
        assert not self.third_party, (
            "requests to third-party hosts (only the tile server is allowed): "
            + ", ".join(self.third_party)
        )
        assert not self.errors, "JavaScript errors in the page:\n" + "\n".join(self.errors)


@pytest.fixture
def open_tab(chromium_browser, live_server) -> Iterator[Callable[..., Tab]]:
    """open_tab(javascript=True, viewport=DESKTOP, bypass_csp=False) -> Tab on the live server."""
    contexts = []
    server = urlsplit(live_server.url).netloc

    def open_(*, javascript: bool = True, viewport: dict | None = None, bypass_csp: bool = False):
        context = chromium_browser.new_context(
            base_url=live_server.url,
            java_script_enabled=javascript,
            viewport=viewport or DESKTOP,
            bypass_csp=bypass_csp,
            locale="fr-FR",
            timezone_id="Europe/Paris",
            service_workers="block",
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        tab = Tab(page=context.new_page())

        def guard(route) -> None:
            url = route.request.url
            host = urlsplit(url).netloc
            if TILE_HOST.match(host):
                tab.tiles.append(url)
                route.fulfill(status=200, content_type="image/png", body=TILE_PNG)
            else:
                tab.third_party.append(url)
                route.abort()

        context.route(lambda url: urlsplit(url).netloc != server, guard)
        tab.page.on(
            "response",
            lambda r: tab.errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
        )
        tab.page.on("pageerror", lambda exc: tab.errors.append(f"pageerror: {exc}"))
        tab.page.on(
            "console",
            lambda msg: (
                tab.errors.append(f"console: {msg.text} ({msg.location.get('url')})")
                if msg.type == "error"
                else None
            ),
        )
        return tab

    yield open_
    for context in contexts:
        context.close()


def sign_in(tab, user, live_server) -> None:
    """The session of Client.force_login, given to the tab's browser context."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    tab.page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def assert_axe(page) -> None:
    """Run axe-core (WCAG 2.1 A and AA rules) on the page and fail with readable violations.

    add_script_tag(path=) inlines the file into a <script> element, which the site's CSP
    (script-src 'self') blocks: pages checked here come from a bypass_csp=True context.
    No rule is disabled and nothing is excluded: Leaflet's markup passes as configured.
    """
    page.add_script_tag(path=str(settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    violations = results["violations"]
    if violations:
        lines = [f"{len(violations)} axe violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            lines.append(f"  {violation['helpUrl']}")
            for node in violation["nodes"]:
                lines.append(f"    {' '.join(map(str, node['target']))}")
                if node.get("failureSummary"):
                    summary = node["failureSummary"].replace("\n", " / ")
                    lines.append(f"      {summary}")
        pytest.fail("\n".join(lines), pytrace=False)


@pytest.fixture
def directory(transactional_db) -> dict:
    """Six places: three close together in Rennes (a cluster on the France-wide map), and
    Lyon, Marseille and Strasbourg far apart (single pins). Two of them are fablabs."""
    from tests.factories import make_place

    rennes = {"commune": "Rennes", "postal_code": "35000", "insee_code": "35238"}
    places = [
        make_place(
            name="Fablab des Champs Libres",
            families=["fablab"],
            services_=["loisirs"],
            publics=["jeunes"],
            latitude=48.1055,
            longitude=-1.6745,
            opening_hours="Mo-Fr 09:00-18:00",
            summary="Imprimantes 3D, découpe laser et ateliers du mercredi.",
            address="10 cours des Alliés",
            **rennes,
        ),
        make_place(
            name="Coworking de la Visitation",
            families=["coworking"],
            latitude=48.1120,
            longitude=-1.6790,
            **rennes,
        ),
        make_place(
            name="EPN de Bréquigny",
            families=["epn"],
            services_=["demarches"],
            latitude=48.0930,
            longitude=-1.6880,
            **rennes,
        ),
        make_place(
            name="La Fabrique de la Croix-Rousse",
            families=["fablab"],
            commune="Lyon",
            postal_code="69004",
            insee_code="69384",
            latitude=45.7740,
            longitude=4.8310,
        ),
        make_place(
            name="Coworking du Vieux-Port",
            families=["coworking"],
            commune="Marseille",
            postal_code="13002",
            insee_code="13202",
            latitude=43.2960,
            longitude=5.3700,
        ),
        make_place(
            name="Atelier partagé de la Krutenau",
            families=["atelier"],
            commune="Strasbourg",
            postal_code="67000",
            insee_code="67482",
            latitude=48.5780,
            longitude=7.7580,
        ),
    ]
    return {place.name: place for place in places}
