"""/recherche/: one search over places, events, stories and resources, French-aware
(accents, case, plurals), every word required, grouped by kind; same on SQLite and PostgreSQL."""

import importlib
import re
from datetime import timedelta
from itertools import count

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from placette.commons.models import Resource
from placette.core.text import search_terms
from placette.events.models import Event
from placette.events.services import events as event_services
from placette.places import queries as place_queries
from placette.search import queries
from placette.stories.models import Story
from tests.factories import make_event, make_place, make_resource, make_story

pytestmark = pytest.mark.django_db
_n = count(1)
URL = "/recherche/"


def titles(kind: str, q: str) -> set[str]:
    rows = queries.matching(kind, q)
    return {getattr(row, "name", None) or row.title for row in rows}


@pytest.fixture
def everything():
    """One of each kind about "médiation", in Rennes or Brest."""
    rennes = make_place(name="Espace de médiation numérique", commune="Rennes")
    brest = make_place(name="Fablab du Port", commune="Brest", summary="Médiation et impression 3D")
    make_event(place=rennes, title="Atelier médiation : premiers pas", summary="Pour débuter")
    make_story("Un an de médiation au Blosne", body="À Rennes, des ateliers chaque mardi.")
    make_resource("Guide de la médiation numérique", body="Écrit à Brest.", kind="tutoriel")
    return {"rennes": rennes, "brest": brest}


# --- The query words -----------------------------------------------------------------------


def test_search_terms_fold_stem_and_bound_the_query():
    assert search_terms("MÉDIATION") == search_terms("médiations") == [("mediation",)]
    assert search_terms("Ateliers") == [("atelier",)]
    assert "journal" in search_terms("journaux")[0]
    assert "journaux" in search_terms("journal")[0]
    assert search_terms("les bus") == [("les",), ("bus",)]  # 3 letters or less: as typed
    assert len(search_terms(" ".join(f"mot{i}" for i in range(12)))) == 8
    assert search_terms("a" * 300) == [("a" * 200,)]  # cut at 200 characters
    assert search_terms("  !!! ") == []


# --- Matching ------------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["mediation", "médiation", "MÉDIATION", "Médiations"])
def test_mediation_is_found_in_every_kind_whatever_the_accents_case_and_number(everything, q):
    assert titles("lieux", q) == {"Espace de médiation numérique", "Fablab du Port"}
    assert titles("evenements", q) == {"Atelier médiation : premiers pas"}
    assert titles("recits", q) == {"Un an de médiation au Blosne"}
    assert titles("ressources", q) == {"Guide de la médiation numérique"}


def test_plural_and_singular_find_each_other():
    make_resource("Les journaux de bord d'un fablab")
    make_resource("Tenir un journal d'atelier")
    make_story("Nos ateliers du mercredi")
    assert titles("ressources", "journal") == {
        "Les journaux de bord d'un fablab",
        "Tenir un journal d'atelier",
    }
    assert titles("ressources", "journaux") == titles("ressources", "journal")
    assert titles("recits", "atelier") == {"Nos ateliers du mercredi"}
    assert titles("recits", "ateliers") == {"Nos ateliers du mercredi"}
    assert titles("ressources", "ateliers") == {"Tenir un journal d'atelier"}


def test_places_plurals_work_in_the_directory_too(client):
    make_place(name="Fablab des Lices")
    found = place_queries.search(place_queries.PlaceFilters(q="fablabs lices"))
    assert [place.name for place in found] == ["Fablab des Lices"]
    response = client.get("/lieux/?q=Fablabs")
    assert "Fablab des Lices" in response.content.decode()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index only")
def test_plural_place_search_still_uses_the_trigram_index():
    make_place(name="Maison des journaux")
    sql = str(place_queries.search(place_queries.PlaceFilters(q="journal ateliers")).query)
    where = sql.split(" ORDER BY ")[0]  # the ranking reads only the matching rows
    assert "MATCH" in where and "LIKE" not in where
    assert titles("lieux", "journal") == {"Maison des journaux"}


def test_every_word_must_match(everything):
    assert titles("lieux", "mediation rennes") == {"Espace de médiation numérique"}
    assert titles("lieux", "mediation brest") == {"Fablab du Port"}
    assert titles("lieux", "mediation lyon") == set()
    assert titles("recits", "mediation rennes") == {"Un an de médiation au Blosne"}
    assert titles("ressources", "mediation rennes") == set()
    # An event is found by its organising place's town.
    assert titles("evenements", "mediation rennes") == {"Atelier médiation : premiers pas"}
    assert titles("evenements", "mediation brest") == set()


def test_only_what_the_public_sees_is_found():
    place = make_place(name="Médiathèque ouverte")
    hidden = make_place(name="Médiathèque cachée")
    type(hidden).objects.filter(pk=hidden.pk).update(is_published=False)
    make_event(place=place, title="Atelier brouillon", status="draft")
    make_event(place=place, title="Atelier annulé", status="cancelled")
    make_event(place=place, title="Atelier récent", starts_in_days=-10)
    make_event(place=place, title="Atelier ancien", starts_in_days=-60)
    make_event(place=place, title="Atelier à venir", starts_in_days=3)
    make_story("Récit de médiathèque", status=Story.Status.DRAFT)
    make_story("Récit relu de médiathèque", status=Story.Status.PENDING)
    assert titles("lieux", "mediatheque") == {"Médiathèque ouverte"}
    assert titles("evenements", "atelier") == {"Atelier récent", "Atelier à venir"}
    assert titles("recits", "mediatheque") == set()


def test_title_matches_come_first():
    old = make_resource("Fabriquer un four solaire")
    make_resource("Carnet de bord", body="On y parle de four solaire.")  # newer
    Resource.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=30))
    assert [r.title for r in queries.matching("ressources", "four")] == [
        "Fabriquer un four solaire",
        "Carnet de bord",
    ]
    # Events: the title match first, though its date comes later.
    place = make_place(name="Tiers-lieu")
    make_event(place=place, title="Permanence", summary="Aide à la couture", starts_in_days=1)
    make_event(place=place, title="Couture pour débuter", starts_in_days=9)
    assert [e.title for e in queries.matching("evenements", "couture")] == [
        "Couture pour débuter",
        "Permanence",
    ]


# --- Events keep their search_text ----------------------------------------------------------


def test_event_search_text_follows_its_changes():
    place = make_place(name="Le Hangar", commune="Lorient")
    event = make_event(place=place, title="Atelier vélo", kind="atelier")
    assert event.search_text.startswith("atelier velo")
    assert "le hangar lorient" in event.search_text
    event_services.update_event(
        event=event, fields={"title": "Réparation de vélos", "kind": "formation"}
    )
    event.refresh_from_db()
    assert event.search_text.startswith("reparation de velos")
    assert "formation" in event.search_text
    assert titles("evenements", "réparations") == {"Réparation de vélos"}


def test_the_data_migration_fills_search_text_of_existing_events():
    place = make_place(name="La Ruche", commune="Nantes")
    event = make_event(place=place, title="Café numérique", summary="Échanges", kind="animation")
    expected = event.search_text
    Event.objects.update(search_text="")
    migration = importlib.import_module("placette.events.migrations.0004_fill_event_search_text")
    migration.fill(apps, None)
    event.refresh_from_db()
    assert event.search_text == expected != ""


# --- The page --------------------------------------------------------------------------------


def test_results_are_grouped_with_counts_and_five_of_each(client, everything):
    for n in range(6):
        make_place(name=f"Point de médiation {n}", commune="Vannes")
    html = client.get(URL, {"q": "mediation"}).content.decode()
    assert "11 résultats pour « mediation »" in html
    assert 'id="group-lieux">Lieux <span class="count">(8)</span>' in html
    assert 'id="group-evenements">Événements <span class="count">(1)</span>' in html
    assert 'id="group-recits">Récits <span class="count">(1)</span>' in html
    assert 'id="group-ressources">Ressources <span class="count">(1)</span>' in html
    assert html.index("group-lieux") < html.index("group-evenements") < html.index("group-recits")
    places_section = html[html.index("group-lieux") : html.index("group-evenements")]
    assert places_section.count('<li class="card">') == 5
    assert "?q=mediation&amp;type=lieux" in places_section  # "Voir les 8 résultats"
    assert "/lieux/?q=mediation" in places_section
    assert "Espace de médiation numérique" in places_section  # title match first
    stories_section = html[html.index("group-recits") : html.index("group-ressources")]
    assert "/recits/?q=mediation" in stories_section  # the stories list reads the words too


def test_one_kind_with_type_paginated(client):
    for n in range(23):
        make_place(name=f"Atelier partagé {n:02}")
    make_resource("Atelier : fiche")
    response = client.get(URL, {"q": "ateliers", "type": "lieux"})
    html = response.content.decode()
    assert "Lieux : 23 résultats pour « ateliers »" in html
    assert html.count('<li class="card">') == 20
    assert "Atelier : fiche" not in html
    assert "type=lieux&amp;page=2" in html
    page_2 = client.get(URL, {"q": "ateliers", "type": "lieux", "page": 2}).content.decode()
    assert page_2.count('<li class="card">') == 3
    resources = client.get(URL, {"q": "ateliers", "type": "ressources"}).content.decode()
    assert "Atelier : fiche" in resources and "Atelier partagé" not in resources


def test_an_unknown_type_shows_every_kind(client, everything):
    html = client.get(URL, {"q": "mediation", "type": "bidule"}).content.decode()
    assert "group-lieux" in html and "group-ressources" in html


def test_empty_query_is_a_helpful_page(client, django_assert_num_queries):
    client.get("/")  # the layout's own cached reads
    with django_assert_num_queries(0):  # nothing searched
        response = client.get(URL)
    assert response.status_code == 200
    assert "Que chercher ?" in response.content.decode()
    response = client.get(URL, {"q": "  !?! "})
    assert response.status_code == 200
    assert "Aucun mot à chercher" in response.content.decode()


def test_nothing_found_says_so(client, everything):
    html = client.get(URL, {"q": "zzzz"}).content.decode()
    assert re.search(r"0 résultats? pour « zzzz »", html)
    assert "Rien trouvé parmi : Lieux, Événements, Récits, Ressources." in html


def test_long_query_is_cut_and_nul_dropped(client):
    make_place(name="Fablab")
    response = client.get(URL, {"q": "fablab\x00 " + "x" * 500})
    assert response.status_code == 200
    assert response.context["q"] == ("fablab " + "x" * 500)[:200]


def test_script_in_the_query_is_escaped(client):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    make_place(name="Script alert")
    html = client.get(URL, {"q": payload}).content.decode()
    assert payload not in html
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    html = client.get(URL, {"q": payload, "type": "lieux"}).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html


def test_script_in_titles_is_escaped(client):
    make_resource('<script>alert("r")</script> guide')
    html = client.get(URL, {"q": "guide"}).content.decode()
    assert '<script>alert("r")' not in html
    assert "&lt;script&gt;alert(&quot;r&quot;)&lt;/script&gt; guide" in html


def test_a_constant_number_of_queries(client, django_assert_num_queries):
    def world(n: int) -> None:
        for _ in range(n):
            place = make_place(name=f"Lieu de couture {next(_n)}", families=["fablab"])
            make_event(place=place, title=f"Couture {next(_n)}")
            make_story(f"Couture {next(_n)}")
            make_resource(f"Couture {next(_n)}")

    world(1)
    client.get(URL, {"q": "couture"})  # warm caches (the trigram index lookup, sessions)
    with django_assert_num_queries(9) as one:
        client.get(URL, {"q": "couture"})
    world(7)
    with django_assert_num_queries(len(one.captured_queries)):
        html = client.get(URL, {"q": "couture"}).content.decode()
    assert "32 résultats pour « couture »" in html


def test_the_header_has_a_search_form(client):
    html = client.get(reverse("places:list")).content.decode()
    assert 'role="search"' in html
    assert 'action="/recherche/"' in html
    assert '<label for="site-search-q"' in html and 'id="site-search-q" name="q"' in html
