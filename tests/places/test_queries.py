"""Filters, text search and facets of the directory (placette.places.queries)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.http import QueryDict

from placette.places import queries
from tests.factories import make_place

pytestmark = pytest.mark.django_db


def names(filters: queries.PlaceFilters) -> set[str]:
    return set(queries.search(filters).values_list("name", flat=True))


def parse(query: str) -> queries.PlaceFilters:
    return queries.PlaceFilters.from_query(QueryDict(query))


def test_text_search_ignores_accents_and_case():
    make_place(name="Anticafé", commune="Paris", postal_code="75010", insee_code="75110")
    make_place(name="Café des sciences", commune="Paris")
    assert names(parse("q=anticafe")) == {"Anticafé"}
    assert names(parse("q=ANTICAFÉ")) == {"Anticafé"}


def test_text_search_matches_words_across_name_commune_presentation_and_family():
    make_place(name="La Cantine", commune="Nantes", families=["coworking"])
    make_place(name="Ping", commune="Nantes", families=["fablab"])
    make_place(name="Le Hub", commune="Rennes", families=["coworking"])
    make_place(name="Atelier", commune="Saint-Herblain", summary="Un coworking près de Nantes")
    assert names(parse("q=coworking nantes")) == {"La Cantine", "Atelier"}
    assert names(parse("q=nantes")) == {"La Cantine", "Ping", "Atelier"}


def test_filters_combine():
    make_place(name="A", families=["fablab"], services_=["loisirs"], insee_code="35238")
    make_place(name="B", families=["fablab"], services_=["demarches"], insee_code="35238")
    make_place(
        name="C", families=["fablab"], services_=["loisirs"], insee_code="44109", commune="Nantes"
    )
    make_place(name="D", families=["coworking"], services_=["loisirs"], insee_code="35238")
    assert names(parse("famille=fablab&service=loisirs&departement=35")) == {"A"}
    assert names(parse("famille=fablab&region=52")) == {"C"}
    assert names(parse("commune=nantes")) == {"C"}


def test_unknown_filter_values_are_ignored_not_errors():
    make_place(name="A", families=["fablab"])
    filters = parse("famille=banane&departement=999&region=xx&service=")
    assert not filters.active
    assert names(filters) == {"A"}


def test_open_now_keeps_places_open_at_that_moment(monkeypatch):
    make_place(name="Toujours", opening_hours="24/7")
    make_place(name="Jamais", opening_hours="off")
    make_place(name="Semaine", opening_hours="Mo-Fr 09:00-18:00")
    make_place(name="Inconnu")
    thursday_10am = datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert set(queries.open_hours_now(thursday_10am)) == {"24/7", "Mo-Fr 09:00-18:00"}
    sunday = datetime(2026, 11, 29, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    monkeypatch.setattr("django.utils.timezone.now", lambda: sunday)
    assert names(parse("ouvert=1")) == {"Toujours"}


def test_facet_counts_keep_the_other_filters():
    make_place(name="A", families=["fablab"], insee_code="35238")
    make_place(name="B", families=["fablab", "epn"], insee_code="35238")
    make_place(name="C", families=["coworking"], insee_code="35238")
    make_place(name="D", families=["coworking"], insee_code="44109")
    facets = queries.facets(parse("famille=fablab&departement=35"))
    family = {option.value: option.count for option in facets["family"]}
    # Family counts ignore the family filter itself but keep département 35.
    assert family["fablab"] == 2 and family["coworking"] == 1 and family["epn"] == 1
    assert [o.value for o in facets["family"] if o.selected] == ["fablab"]
    departement = {option.value: option.count for option in facets["departement"]}
    assert departement == {"35": 2}


def test_querystring_round_trip_makes_shareable_links():
    filters = parse("q=tiers lieu&famille=epn&ouvert=1&departement=2a")
    assert filters.departement == "2A"
    assert parse(filters.querystring()) == filters
    assert "famille" not in filters.querystring(family="")


@pytest.mark.django_db
def test_a_nul_character_in_a_filter_is_dropped_not_a_server_error(client):
    make_place(name="Lieu", commune="Rennes")
    for query in ("commune=%00", "commune=Ren%00nes", "q=%00"):
        assert client.get(f"/lieux/?{query}").status_code == 200
        assert client.get(f"/carte/?{query}").status_code == 200
    assert "Lieu" in client.get("/lieux/?commune=Ren%00nes").content.decode()


def test_find_places_by_address_slug_or_words():
    fablab = make_place(name="La Bidouille", commune="Redon", slug="la-bidouille")
    make_place(name="La Bidouille du Nord", commune="Lille")
    make_place(name="Cachée", slug="cachee", is_published=False)
    assert queries.find_places("https://placette.example/lieux/la-bidouille/") == [fablab]
    assert queries.find_places("la-bidouille") == [fablab]
    assert queries.find_places("bidouille REDON") == [fablab]
    assert len(queries.find_places("bidouille")) == 2
    assert queries.find_places("cachee") == []
    assert queries.find_places("  ") == []


def test_territory_options_are_in_french_alphabetical_order():
    make_place(name="A", insee_code="07186", commune="Privas")
    make_place(name="B", insee_code="08105", commune="Charleville-Mézières")
    make_place(name="C", insee_code="75056", commune="Paris")
    make_place(name="D", insee_code="59350", commune="Lille")
    facets = queries.facets(parse(""))
    assert [o.label for o in facets["departement"]] == [
        "Ardèche (07)",
        "Ardennes (08)",
        "Nord (59)",
        "Paris (75)",
    ]
    assert [o.label for o in facets["region"]] == [
        "Auvergne-Rhône-Alpes",
        "Grand Est",
        "Hauts-de-France",
        "Île-de-France",
    ]


def test_options_that_would_give_no_place_are_not_offered(client, django_assert_num_queries):
    make_place(name="A", families=["fablab"], services_=["loisirs"], insee_code="35238")
    make_place(name="B", families=["coworking"], services_=["demarches"], insee_code="44109")
    facets = queries.facets(parse("departement=35"))
    assert [o.value for o in facets["family"]] == ["fablab"]
    assert [o.value for o in facets["service"]] == ["loisirs"]
    assert facets["public"] == []
    # A chosen option stays, even at 0, so the form shows what is applied.
    chosen = queries.facets(parse("departement=35&famille=epn"))
    assert [(o.value, o.count) for o in chosen["family"]] == [("epn", 0), ("fablab", 1)]
    assert chosen["service"] == []  # no EPN in 35: no service leads anywhere
    chosen = queries.facets(parse("departement=35&service=demarches"))
    assert [(o.value, o.count) for o in chosen["service"]] == [("demarches", 0), ("loisirs", 1)]
    page = client.get("/lieux/?departement=35").content.decode()
    assert "(0)" not in page and "Espace public numérique" not in page


def test_an_empty_search_widens_to_the_nearest_area_that_has_places():
    make_place(name="Le Biome", families=["fablab"], insee_code="35238")
    make_place(name="Konk Ar Lab", families=["fablab"], insee_code="29039", commune="Concarneau")
    make_place(name="Atelier Konk", insee_code="35024", commune="Betton")
    # A département without the family: its région (Bretagne) has one.
    filters, area = queries.wider(parse("famille=fablab&departement=22"))
    assert (filters.departement, filters.region, area) == ("", "53", "Bretagne")
    # A commune named in the search: its département, the other words kept.
    filters, area = queries.wider(parse("q=konk+rennes"))
    assert (filters.q, filters.departement, area) == ("konk", "35", "Ille-et-Vilaine (35)")
    assert names(filters) == {"Atelier Konk"}
    assert queries.wider(parse("q=zzz")) is None
