"""The home page (placette.site.views)."""

import pytest
from django.urls import reverse

from tests.factories import make_place

pytestmark = pytest.mark.django_db


def test_home_page(client):
    make_place(name="A", families=["fablab"])
    html = client.get("/").content.decode()
    assert 'action="/lieux/"' in html
    assert "/lieux/?famille=fablab" in html


def test_the_home_page_is_the_site_root_and_linked_from_every_page(client):
    assert reverse("site:home") == "/"
    html = client.get("/lieux/").content.decode()
    assert 'class="site-name" href="/"' in html


def _rennes(**fields):
    return make_place(commune="Rennes", postal_code="35000", insee_code="35238", **fields)


def _lyon(**fields):
    return make_place(commune="Lyon", postal_code="69004", insee_code="69384", **fields)


@pytest.fixture
def network():
    from tests.factories.events import make_event
    from tests.factories.stories import make_story

    rennes_epn = _rennes(name="EPN de Bréquigny", families=["epn"], services_=["demarches"])
    lyon_epn = _lyon(name="EPN de la Croix-Rousse", families=["epn"], services_=["demarches"])
    make_event(place=rennes_epn, title="Atelier courriels à Rennes")
    make_event(place=lyon_epn, title="Atelier tablette à Lyon")
    story = make_story("Un samedi au fablab de Rennes")
    story.places.add(rennes_epn)
    make_story("Une journée à Lyon").places.add(lyon_epn)
    return rennes_epn, lyon_epn


def test_home_shows_what_the_network_does(client, network):
    html = client.get("/").content.decode()
    for text in (
        "Prochains ateliers et rendez-vous",
        "Atelier courriels à Rennes",
        "Atelier tablette à Lyon",
        "Être aidé pour ses démarches en ligne",
        "Les espaces publics numériques (EPN)",
        "EPN de Bréquigny",
        "Derniers récits",
        "Un samedi au fablab de Rennes",
    ):
        assert text in html, text
    assert 'action="/lieux/"' in html  # the directory's search is still there


@pytest.mark.parametrize("where", ["departement=35", "ou=35000", "ou=Rennes", "ou=ille-et-vilaine"])
def test_home_near_the_visitor_from_the_query(client, network, where):
    html = client.get(f"/?{where}").content.decode()
    assert "Autour de vous : Ille-et-Vilaine (35)." in html
    assert "Atelier courriels à Rennes" in html and "EPN de Bréquigny" in html
    assert "Un samedi au fablab de Rennes" in html
    for elsewhere in ("Atelier tablette à Lyon", "EPN de la Croix-Rousse", "Une journée à Lyon"):
        assert elsewhere not in html, elsewhere
    assert "/lieux/?service=demarches&amp;departement=35" in html
    assert "geolocation" not in html


def test_home_says_when_it_does_not_know_the_place(client, network):
    html = client.get("/?ou=Atlantide").content.decode()
    assert "Nous n’avons pas reconnu ce lieu" in html
    assert "Atelier tablette à Lyon" in html


def test_home_queries_stay_constant(client, network):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.events import make_event
    from tests.factories.stories import make_story

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get("/?ou=Rennes").status_code == 200
        return len(context.captured_queries)

    count()  # a first page fills the per-site cache (shows_cget)
    before = count()
    for i in range(6):
        place = _rennes(name=f"EPN {i}", families=["epn"], services_=["demarches"])
        make_event(place=place)
        make_story(f"Récit {i}").places.add(place)
    assert count() == before
