"""The embeddable map /widget/carte/ and its builder /widget/: framing headers, fallback, code."""

import html
import re
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.http import QueryDict

from placette.embed import snippet
from placette.places.queries import PlaceFilters
from tests.factories import make_place

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    make_place(name="Fablab de Rennes", families=["fablab"], services_=["loisirs"])
    make_place(
        name="Fablab de Saint-Malo",
        families=["fablab"],
        insee_code="35288",
        postal_code="35400",
        commune="Saint-Malo",
        latitude=48.65,
        longitude=-2.01,
    )
    make_place(
        name="Coworking de Lyon",
        families=["coworking"],
        insee_code="69384",
        postal_code="69004",
        commune="Lyon",
        latitude=45.77,
        longitude=4.83,
    )
    make_place(name="Fablab sans carte", families=["fablab"], latitude=None, longitude=None)


def code_src(code: str) -> str:
    match = re.search(r'<iframe src="([^"]*)"', code)
    assert match, code
    return html.unescape(match.group(1))


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().partition(" ")[::2] for part in policy.split(";") if part.strip())


def test_only_the_widget_may_be_framed_by_any_site(client, places):
    widget = client.get("/widget/carte/")
    assert widget.status_code == 200
    assert "X-Frame-Options" not in widget
    csp = directives(widget)
    assert csp["frame-ancestors"] == "*"
    # The rest of the policy is kept: still no inline script.
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    for path in ("/", "/lieux/", "/carte/", "/widget/", "/api/v1/places.geojson"):
        response = client.get(path)
        assert response["X-Frame-Options"] == "DENY", path
        assert directives(response)["frame-ancestors"] == "'none'", path


def test_widget_is_the_map_alone_with_a_credit_opening_the_site_in_a_new_tab(client, places):
    page = client.get("/widget/carte/?famille=fablab&departement=35").content.decode()
    assert "site-header" not in page and "site-footer" not in page
    assert 'data-api="/api/v1/places.geojson"' in page
    assert 'data-link-target="_blank"' in page
    assert "js/map." in page  # the same script as /carte/
    full_map = re.search(r'<a href="([^"]*)" target="_blank" rel="noopener" data-keep-view>', page)
    assert full_map and html.unescape(full_map.group(1)) == "/carte/?famille=fablab&departement=35"
    assert '<a href="/" target="_blank" rel="noopener">Placette' in page
    assert "CGET" not in page
    make_place(name="Recensé", source="cget-2019")
    cache.clear()
    assert (
        "Données : CGET – Mission Coworking (2019)" in client.get("/widget/carte/").content.decode()
    )
    # No cookie: a third-party frame should not set one.
    assert not client.get("/widget/carte/").cookies


def test_widget_without_javascript_links_to_the_list_with_the_count(client, places):
    page = client.get("/widget/carte/?famille=fablab").content.decode()
    assert re.search(
        r'<a href="/lieux/\?famille=fablab" target="_blank" rel="noopener">'
        r"Voir les 3 lieux en liste</a>",
        page,
    )
    one = client.get("/widget/carte/?q=lyon").content.decode()
    assert "Voir le lieu en liste" in one


def test_widget_opens_on_its_places(client, places):
    page = client.get("/widget/carte/?famille=fablab").content.decode()
    # west,south,east,north of the fablabs that have a position.
    assert 'data-bounds="-2.01,48.11,-1.68,48.65"' in page
    everywhere = client.get("/widget/carte/").content.decode()
    assert "data-bounds" not in everywhere and "Voir les 4 lieux en liste" in everywhere
    nowhere = client.get("/widget/carte/?q=introuvable").content.decode()
    assert "data-bounds" not in nowhere
    assert "Aucun lieu ne correspond à ces critères." in nowhere


def test_builder_code_reproduces_the_chosen_filters(client, places):
    query = "famille=fablab&service=loisirs&departement=35&q=fab&hauteur=420"
    response = client.get(f"/widget/?{query}")
    assert response.status_code == 200
    page = response.content.decode()
    code = html.unescape(
        re.search(r'<textarea id="embed-code"[^>]*>(.*?)</textarea>', page, re.S)[1]
    )
    src = code_src(code)
    parts = urlsplit(src)
    assert f"{parts.scheme}://{parts.netloc}" == "http://testserver"
    assert parts.path == "/widget/carte/"
    filters = PlaceFilters.from_query(QueryDict(parts.query))
    assert filters == PlaceFilters(q="fab", family="fablab", service="loisirs", departement="35")
    assert 'height="420"' in code and 'loading="lazy"' in code
    assert 'title="Carte des tiers-lieux – Placette"' in code
    # The preview frames the same widget, from this site.
    preview = re.search(r'<iframe id="embed-preview"[^>]* src="([^"]*)"', page)[1]
    assert html.unescape(preview) == f"/widget/carte/?{parts.query}"
    # The widget at that address shows those places.
    widget = client.get(f"/widget/carte/?{parts.query}").content.decode()
    assert "Voir le lieu en liste" in widget  # "Fablab de Rennes" only


def test_builder_form_keeps_the_choices_and_offers_counted_filters(client, places):
    page = client.get("/widget/?famille=fablab&hauteur=9999").content.decode()
    assert '<option value="fablab" selected>Fablab / makerspace / hackerspace (3)</option>' in page
    assert 'name="hauteur"' in page and 'value="1200"' in page  # clamped
    assert 'id="embed-copy" type="button" hidden' in page  # shown by builder.js
    assert "js/builder." in page


def test_builder_ignores_other_parameters_in_the_code(client, places):
    page = client.get("/widget/?famille=epn&ouvert=1&tri=completude&page=3").content.decode()
    code = html.unescape(
        re.search(r'<textarea id="embed-code"[^>]*>(.*?)</textarea>', page, re.S)[1]
    )
    assert code_src(code) == "http://testserver/widget/carte/?famille=epn"


def test_code_template_matches_the_code_the_server_writes():
    """builder.js fills the template's placeholders: both must give the same code."""
    template = snippet.iframe_code(src="__SRC__", title="T", height="__HEIGHT__")
    src = "https://example.org/widget/carte/?famille=fablab&region=53"
    expected = snippet.iframe_code(src=src, title="T", height=300)
    assert (
        template.replace("__SRC__", src.replace("&", "&amp;")).replace("__HEIGHT__", "300")
        == expected
    )


@pytest.mark.parametrize(
    ("raw", "height"),
    [(None, 500), ("", 500), ("abc", 500), ("50", 200), ("640", 640), ("99999", 1200)],
)
def test_height_is_clamped(raw, height):
    assert snippet.parse_height(raw) == height
