"""Completeness and freshness of a place: the score, what is missing, the date, and the
"Qualité des fiches" filters and orders of the list, the map and the GeoJSON endpoint."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.http import QueryDict

from placette.places import completeness, queries
from placette.places.models import Place
from placette.places.services import places as services
from tests.factories import make_manager, make_moderator, make_place

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
NOWHERE = {
    "commune": "",
    "postal_code": "",
    "insee_code": "",
    "latitude": None,
    "longitude": None,
}
FULL = {
    "address": "2 rue des Lices",
    "opening_hours": "Mo-Fr 09:00-18:00",
    "phone": "+33299000000",
    "websites": ["https://lieu.example"],
    "summary": "Un fablab associatif.",
    "description": "Des machines et des gens.",
    "access_modes": ["se-presenter"],
    "fees": ["gratuit"],
    "accessibility_url": "https://acces.example/lieu",
    "siret": "12345678900011",
}


def parse(query: str) -> queries.PlaceFilters:
    return queries.PlaceFilters.from_query(QueryDict(query))


def missing(place: Place) -> list[str]:
    place = queries.with_tags(Place.objects.filter(pk=place.pk)).get()
    return completeness.missing(
        completeness.values_of(place, families=place.families, services=place.services)
    )


def listed(client, query: str) -> list[str]:
    html = client.get(f"/lieux/?{query}").content.decode()
    return re.findall(r'<h3><a href="/lieux/[^"]+/">([^<]+)</a></h3>', html)


def test_an_empty_place_scores_zero_and_misses_everything():
    place = make_place(name="Vide", **NOWHERE)
    assert place.completeness == 0
    assert missing(place) == [str(label) for label, _test in completeness.CHECKS]
    assert "horaires d'ouverture" in missing(place) and "site web" in missing(place)


def test_a_full_place_scores_a_hundred_and_misses_nothing():
    place = make_place(name="Complet", families=["fablab"], services_=["loisirs"], **FULL)
    assert place.completeness == 100
    assert missing(place) == []


def test_score_is_the_share_of_checks_passed():
    # Address, position, hours: 3 of the 13 checks.
    place = make_place(name="Un peu", address="1 place de la Mairie", opening_hours="24/7")
    assert place.completeness == round(100 * 3 / len(completeness.CHECKS)) == 23
    assert "adresse" not in missing(place) and "position sur la carte" not in missing(place)
    assert missing(place)[:2] == ["téléphone ou courriel", "site web"]


def test_checked_on_is_the_source_date_until_the_manager_edits_later():
    place = make_place(name="Daté", source_updated_on=date(2019, 6, 13))
    assert place.checked_on == date(2019, 6, 13)
    place = services.edit_by_manager(
        place=place,
        fields={"phone": "+33299000001"},
        tags={},
        at=datetime(2024, 3, 1, 10, 0, tzinfo=PARIS),
    )
    assert place.checked_on == date(2024, 3, 1)
    assert Place.objects.get(pk=place.pk).checked_on == date(2024, 3, 1)
    # A newer source date wins over an older edit; an edit that changes nothing dates nothing.
    newer = services.save_place(
        fields={"source_updated_on": date(2025, 1, 2)}, tags={}, place=place
    )
    assert newer.checked_on == date(2025, 1, 2)
    unchanged = services.edit_by_manager(
        place=newer,
        fields={"phone": "+33299000001"},
        tags={},
        at=datetime(2026, 1, 1, tzinfo=PARIS),
    )
    assert unchanged.checked_on == date(2025, 1, 2)


def test_a_place_never_dated_has_no_checked_on():
    assert make_place(name="Sans date").checked_on is None


@pytest.fixture
def quality():
    """Four places of growing completeness, checked on different dates (one never)."""
    return {
        "Rien": make_place(name="Rien", families=["fablab"]),
        "Peu": make_place(
            name="Peu",
            families=["fablab"],
            source_updated_on=date(2019, 6, 13),
            **{k: FULL[k] for k in ("address", "opening_hours")},
        ),
        "Beaucoup": make_place(
            name="Beaucoup",
            families=["coworking"],
            source_updated_on=date(2023, 5, 1),
            **{k: v for k, v in FULL.items() if k not in ("siret", "fees")},
        ),
        "Tout": make_place(
            name="Tout",
            families=["fablab"],
            services_=["loisirs"],
            source_updated_on=date(2021, 1, 1),
            **FULL,
        ),
    }


def test_quality_filters_read_from_the_query_string():
    filters = parse("completude_max=50&maj_avant=2022-01-01&tri=fraicheur")
    assert filters.completeness_max == 50
    assert filters.checked_before == date(2022, 1, 1)
    assert filters.sort == "fraicheur"
    assert filters.active_count == 2  # the order of the list is not a filter
    assert parse(filters.querystring()) == filters
    assert parse("completude_max=0").completeness_max == 0  # 0 % is a value, not "unset"
    assert parse("completude_max=0").querystring() == "completude_max=0"
    for bad in (
        "completude_max=101",
        "completude_max=-1",
        "completude_max=½",
        "maj_avant=13/06/2019",
        "maj_avant=2019-02-30",
        "tri=prix",
    ):
        assert not parse(bad).active and parse(bad).sort == "", bad


def test_completeness_max_keeps_places_to_complete(quality):
    names = set(queries.search(parse("completude_max=50")).values_list("name", flat=True))
    assert names == {"Rien", "Peu"}
    assert quality["Peu"].completeness <= 50 < quality["Beaucoup"].completeness
    names = set(queries.search(parse("completude_max=99")).values_list("name", flat=True))
    assert names == {"Rien", "Peu", "Beaucoup"}


def test_checked_before_keeps_old_and_undated_places(quality):
    names = set(queries.search(parse("maj_avant=2022-01-01")).values_list("name", flat=True))
    assert names == {"Rien", "Peu", "Tout"}
    names = set(queries.search(parse("maj_avant=2021-01-01")).values_list("name", flat=True))
    assert names == {"Rien", "Peu"}  # strictly before


def test_list_page_filters_and_sorts_by_quality(client, quality):
    assert listed(client, "") == ["Beaucoup", "Peu", "Rien", "Tout"]
    assert listed(client, "tri=completude") == ["Rien", "Peu", "Beaucoup", "Tout"]
    assert listed(client, "tri=fraicheur") == ["Rien", "Peu", "Tout", "Beaucoup"]
    assert listed(client, "tri=fraicheur&completude_max=99&famille=fablab") == ["Rien", "Peu"]
    html = client.get("/lieux/?completude_max=50&maj_avant=2022-01-01&tri=completude").content
    html = html.decode()
    assert "2 lieux" in html
    # The form shows the choices, in a "Qualité des fiches" fieldset.
    assert "<legend>Qualité des fiches</legend>" in html
    assert '<option value="50" selected>Complètes à 50 % ou moins</option>' in html
    assert 'name="maj_avant" type="date" value="2022-01-01"' in html
    assert '<option value="completude" selected>' in html
    # Each card then says its score and date, to moderators only.
    assert "Fiche complète à" not in html
    client.force_login(make_moderator())
    html = client.get("/lieux/?completude_max=50&maj_avant=2022-01-01&tri=completude").content
    html = html.decode()
    assert "Fiche complète à 31 % · à jour au 13 juin 2019" in html
    assert "Fiche complète à 15 % · date de vérification inconnue" in html
    assert "Fiche complète à" not in client.get("/lieux/").content.decode()


def test_pagination_and_map_links_keep_the_quality_filters_and_order(client):
    for i in range(25):
        make_place(name=f"Lieu {i:02d}")
    html = client.get("/lieux/?completude_max=50&tri=fraicheur").content.decode()
    assert 'href="?completude_max=50&amp;tri=fraicheur&amp;page=2"' in html
    assert 'href="/carte/?completude_max=50&amp;tri=fraicheur"' in html


def test_facets_count_with_the_quality_filters(quality):
    facets = queries.facets(parse("completude_max=50"))
    family = {option.value: option.count for option in facets["family"]}
    assert family["fablab"] == 2 and "coworking" not in family  # 0 places: not offered
    departement = {option.value: option.count for option in facets["departement"]}
    assert departement == {"35": 2}


def test_geojson_endpoint_takes_the_quality_filters(client, quality):
    url = "/api/v1/places.geojson?bbox=-5.5,41.2,9.8,51.2&zoom=15"
    assert client.get(url).json()["total"] == 4
    assert client.get(f"{url}&completude_max=50").json()["total"] == 2
    data = client.get(f"{url}&maj_avant=2021-01-01").json()
    assert {f["properties"]["name"] for f in data["features"]} == {"Rien", "Peu"}


def test_map_page_offers_the_quality_filters_but_no_order(client, quality):
    html = client.get("/carte/?completude_max=75&tri=completude").content.decode()
    assert "<legend>Qualité des fiches</legend>" in html
    assert 'name="tri" value="completude"' in html and 'id="f-tri"' not in html


def test_place_page_shows_score_freshness_and_what_to_complete(client):
    place = make_place(
        name="Daté",
        address="1 place de la Mairie",
        opening_hours="24/7",
        source_updated_on=date(2019, 6, 13),
    )
    client.force_login(make_manager(place))
    html = client.get(place.get_absolute_url()).content.decode()
    assert '<label for="record-completeness">Fiche complète à 23 %</label>' in html
    assert re.search(
        r'<meter id="record-completeness" min="0" max="100" [^>]*value="23">23 %</meter>', html
    )
    assert "Informations à jour au 13 juin 2019." in html
    assert "À compléter : téléphone ou courriel, site web, présentation courte," in html
    client.force_login(make_moderator())
    undated = client.get(make_place(name="Sans date").get_absolute_url()).content.decode()
    assert "Date de vérification des informations inconnue." in undated


def test_visitors_see_one_date_and_no_quality_indicator(client):
    place = make_place(name="Daté", source_updated_on=date(2019, 6, 13))
    html = client.get(place.get_absolute_url()).content.decode()
    assert "Informations du 13 juin 2019." in html
    hidden_words = ("Fiche complète", "À compléter", "à vérifier", "Fiche mise à jour", "à jour au")
    for hidden in hidden_words:
        assert hidden not in html, hidden
    assert f'href="/lieux/{place.slug}/proposer-une-modification/"' in html
    list_html = client.get("/lieux/?tri=completude").content.decode()
    assert "Fiche complète" not in list_html and "badge-stale" not in list_html


def test_place_page_shows_the_open_data_fields(client):
    place = make_place(
        name="EPN complet",
        families=["epn"],
        services_=["demarches"],
        national_programmes=["aidants-connect", "pix"],
        training_labels=["duplex"],
        other_training_labels=["Label maison"],
        appointment_url="https://rdv.example/epn",
        parent_organisation="Mairie de Rennes",
        collected_by="Hub numérique Bretagne",
        **FULL | {"fees": ["gratuit-sous-condition"]},
    )
    client.force_login(make_manager(place))
    html = client.get(place.get_absolute_url()).content.decode()
    assert "<dt>Frais à charge</dt><dd>Gratuit sous condition</dd>" in html
    assert "<dt>Dispositifs nationaux</dt><dd>Aidants Connect, Certification PIX</dd>" in html
    assert (
        "<dt>Formations et labels</dt><dd>Formé à « DUPLEX » (illettrisme), Label maison</dd>"
        in html
    )
    assert (
        '<a href="https://rdv.example/epn" rel="nofollow noopener">Prendre rendez-vous en ligne</a>'
        in html
    )
    assert "Structure parente : Mairie de Rennes" in html
    assert "Données collectées par : Hub numérique Bretagne." in html
    assert "Fiche complète à 100 %" in html and "À compléter" not in html
    bare = client.get(make_place(name="Nu").get_absolute_url()).content.decode()
    for absent in (
        "Dispositifs et labels",
        "Frais à charge</dt>",
        "Structure parente",
        "Prendre rendez-vous",
    ):
        assert absent not in bare, absent
