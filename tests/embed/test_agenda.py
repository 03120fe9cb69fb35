"""The embeddable agenda /widget/agenda/liste/ and its builder /widget/agenda/."""

import html
import re

import pytest
from django.http import QueryDict

from placette.embed import snippet
from tests.embed.test_views import code_src, directives
from tests.factories import make_event, make_place

pytestmark = pytest.mark.django_db
WIDGET = "/widget/agenda/liste/"


@pytest.fixture
def agenda():
    rennes = make_place(name="EPN de Rennes", departement="35", region="53")
    lyon = make_place(
        name="Fablab de Lyon", commune="Lyon", postal_code="69004", insee_code="69384",
        departement="69", region="84", latitude=45.77, longitude=4.83,
    )  # fmt: skip
    make_event(place=rennes, title="Premiers pas sur smartphone", starts_in_days=3)
    make_event(place=rennes, title="Conférence vie privée", kind="conference", starts_in_days=9)
    make_event(place=lyon, title="Découpe laser", starts_in_days=5)
    make_event(place=lyon, title="Brouillon secret", status="draft")
    make_event(place=lyon, title="Annulé", status="cancelled", starts_in_days=6)
    return {"rennes": rennes, "lyon": lyon}


def titles(page: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r'rel="noopener">([^<]+)<span', page)][:-2]


def test_the_agenda_widget_may_be_framed_by_any_site_and_has_no_script(client, agenda):
    response = client.get(WIDGET)
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    csp = directives(response)
    assert csp["frame-ancestors"] == "*"
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    page = response.content.decode()
    assert "<script" not in page and "site-header" not in page
    builder = client.get("/widget/agenda/")
    assert builder["X-Frame-Options"] == "DENY"


def test_widget_lists_the_next_public_dates_with_times_in_plain_french(client, agenda):
    page = client.get(WIDGET).content.decode()
    assert titles(page) == [
        "Premiers pas sur smartphone", "Découpe laser", "Annulé", "Conférence vie privée",
    ]  # fmt: skip
    assert "Brouillon" not in page
    assert ", 14 h 00</time>" in page
    assert 'target="_blank" rel="noopener"' in page
    assert "<h1>Prochains événements</h1>" in page


@pytest.mark.parametrize(
    ("query", "expected", "heading"),
    [
        ("lieu={lyon}", ["Découpe laser", "Annulé"], "Fablab de Lyon"),
        ("departement=35", ["Premiers pas sur smartphone", "Conférence vie privée"], "(35)"),
        ("region=84", ["Découpe laser", "Annulé"], "Auvergne-Rhône-Alpes"),
        ("commune=rennes", ["Premiers pas sur smartphone", "Conférence vie privée"], "rennes"),
        ("type=conference", ["Conférence vie privée"], "Prochains événements"),
        ("nombre=1", ["Premiers pas sur smartphone"], "Prochains événements"),
    ],
)
def test_a_place_or_a_territory(client, agenda, query, expected, heading):
    page = client.get(f"{WIDGET}?{query.format(lyon=agenda['lyon'].slug)}").content.decode()
    assert titles(page) == expected
    assert heading in re.search(r"<h1>(.*)</h1>", page)[1]


def test_widget_links_to_the_same_dates_on_the_agenda(client, agenda):
    page = client.get(f"{WIDGET}?departement=35&type=atelier").content.decode()
    link = re.search(r'<a href="([^"]*)" target="_blank" rel="noopener">Tout l’agenda', page)
    assert link and html.unescape(link[1]) == "/agenda/?type=atelier&departement=35"


def test_empty_widget_says_so(client, db):
    page = client.get(f"{WIDGET}?departement=2A").content.decode()
    assert "Aucun événement à venir" in page


def test_builder_writes_the_code_of_the_chosen_events_without_javascript(client, agenda):
    slug = agenda["lyon"].slug
    page = client.get(
        "/widget/agenda/", {"lieu": slug, "nombre": "5", "hauteur": "300", "utm": "x"}
    ).content.decode()
    code = html.unescape(re.search(r'id="embed-code"[^>]*>([^<]*)</textarea>', page)[1])
    assert code_src(code) == f"http://testserver/widget/agenda/liste/?lieu={slug}&nombre=5"
    assert 'height="300"' in code and 'title="Agenda' in code
    assert f'src="/widget/agenda/liste/?lieu={slug}&amp;nombre=5"' in page  # the preview
    assert f'<option value="{slug}" selected>Fablab de Lyon</option>' in page
    assert "embed/js/builder." in page  # copying the code; the form works without it
    assert 'href="/widget/agenda/"' in client.get("/widget/").content.decode()


def test_agenda_widget_url_keeps_only_its_filters():
    widget = snippet.AgendaWidget.from_query(QueryDict("gratuit=1&region=53&nombre=x"))
    assert widget.url("/w/") == "/w/?region=53"
    assert widget.count == snippet.DEFAULT_COUNT
