"""The JSON API (/api/v1/): filters, pagination, places, errors, CORS, HTTP caching, rate limit."""

import gzip
import json
import uuid
from dataclasses import fields
from datetime import UTC, date, datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from placette.api.ratelimit import describe_rate
from placette.places import queries
from placette.places.services import places as services
from tests.factories import make_place

pytestmark = pytest.mark.django_db
PLACES = "/api/v1/places"


def get(client, url: str, status: int = 200, **meta):
    response = client.get(url, **meta)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response


@pytest.fixture
def directory():
    """A few places in Rennes and Lyon, one of them unpublished."""
    make_place(name="Fablab des Champs Libres", families=["fablab"], services_=["loisirs"])
    make_place(
        name="EPN de Bréquigny", families=["epn"], services_=["demarches"], publics=["seniors"]
    )
    make_place(name="Coworking de la Visitation", families=["coworking"])
    make_place(
        name="La Fabrique", families=["fablab"], commune="Lyon", insee_code="69384",
        postal_code="69004", latitude=45.77, longitude=4.83,
    )  # fmt: skip
    make_place(name="Atelier numérique", families=["atelier", "epn"], summary="Réparer, apprendre")
    make_place(name="Brouillon", families=["fablab"], is_published=False)


def api_names(client, query: str) -> list[str]:
    return [place["name"] for place in get(client, f"{PLACES}?{query}").json()["results"]]


def directory_names(client, query: str) -> list[str]:
    response = client.get(f"/lieux/?{query}")
    assert response.status_code == 200
    return [place.name for place in response.context["page"].object_list]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "famille=fablab",
        "q=fablab rennes",
        "q=reparer",
        "departement=35&famille=epn",
        "region=84",
        "commune=lyon",
        "service=demarches&public=seniors",
        "famille=&departement=",  # empty values are no filter, as on the list
        "tri=completude&famille=fablab",  # any parameter the directory reads, the API reads
        "completude_max=50",
    ],
)
def test_list_gives_the_directory_results_for_the_same_query_string(client, directory, query):
    assert api_names(client, query) == directory_names(client, query)


def test_open_now_filter_is_the_directory_one(client, monkeypatch):
    make_place(name="Toujours", opening_hours="24/7")
    make_place(name="Jamais", opening_hours="off")
    assert api_names(client, "ouvert=1") == directory_names(client, "ouvert=1") == ["Toujours"]
    assert api_names(client, "ouvert=true") == ["Toujours"]


def test_nul_characters_in_filters_are_no_server_error(client):
    make_place(name="Lieu", commune="Rennes")
    for query in ("commune=%00", "commune=Ren%00nes", "q=%00", "famille=%00"):
        assert get(client, f"{PLACES}?{query}").json()["count"] in {0, 1}
    assert api_names(client, "commune=Ren%00nes") == ["Lieu"]


def test_every_directory_filter_is_a_documented_parameter(client):
    """Filters come from PlaceFilters: one added there is documented without a change here."""
    document = get(client, "/api/v1/openapi.json").json()
    parameters = {p["name"]: p for p in document["paths"]["/places"]["get"]["parameters"]}
    for field in fields(queries.PlaceFilters):
        assert queries.PARAMS[field.name] in parameters
    assert {"page", "par_page"} <= set(parameters)
    assert parameters["famille"]["schema"]["enum"][:3] == ["coworking", "epn", "fablab"]
    assert parameters["ouvert"]["schema"]["type"] == "boolean"


def test_openapi_document(client):
    document = get(client, "/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Placette" and document["info"]["version"] == "1"
    assert "Licence Ouverte 2.0" in document["info"]["description"]
    assert "120 requêtes par minute" in document["info"]["description"]
    assert document["servers"] == [{"url": "/api/v1"}]  # relative: whatever host serves it
    assert set(document["paths"]) == {
        "/places", "/places/{uid}", "/places.geojson", "/events", "/events/{uid}",
    }  # fmt: skip
    for path in ("/places", "/places/{uid}", "/events", "/events/{uid}"):
        methods = document["paths"][path]
        operation = methods["get"]
        assert operation["summary"] and operation["description"], path
        assert all(p["description"] for p in operation["parameters"]), path
        assert {"200", "404", "422", "429"} <= set(operation["responses"]), path
        assert "304" in operation["responses"] or path.startswith("/events"), path
        for status, response in operation["responses"].items():
            assert response["description"], (path, status)
            if status not in {"200", "304"}:
                schema = response["content"]["application/json"]["schema"]
                assert schema["$ref"].endswith(("/Error", "/ValidationProblem"))
        assert operation["responses"]["429"]["headers"]["Retry-After"]["required"]
    for name, schema in document["components"]["schemas"].items():
        assert schema.get("description"), name
        for field, details in schema["properties"].items():
            assert details.get("description"), f"{name}.{field}"


@pytest.mark.parametrize(
    "query",
    ["tri=AAA", "famille=zzz", "departement=999", "completude_max=500", "ouvert=peut-etre",
     "maj_avant=2025-13-45", "service=banane&public=seniors"],
)  # fmt: skip
def test_values_the_document_forbids_are_refused_with_the_reason(client, directory, query):
    problem = get(client, f"{PLACES}?{query}", status=422).json()
    name = query.split("=")[0]
    assert [error["loc"] for error in problem["errors"]] == [["query", name]]
    assert problem["errors"][0]["msg"]


def _invalid(schema: dict) -> str:
    """A value that `schema` (a parameter's, from the document) forbids."""
    if "enum" in schema:
        return "zz-" + schema["enum"][0]
    if "maximum" in schema:
        return str(schema["maximum"] + 1)
    if "minimum" in schema:
        return str(schema["minimum"] - 1)
    if schema.get("type") == "boolean":
        return "peut-etre"
    if schema.get("format") == "date":
        return "31/12/2024"
    raise AssertionError(f"no invalid value for {schema}")


def test_every_constraint_of_the_document_is_enforced(client, directory):
    """Invalid values derived from the OpenAPI document itself: a constraint added to the
    document is checked without a change here."""
    document = get(client, "/api/v1/openapi.json").json()
    constrained = [
        p
        for p in document["paths"]["/places"]["get"]["parameters"]
        if set(p["schema"]) & {"enum", "maximum", "minimum", "format"}
        or p["schema"].get("type") == "boolean"
    ]
    assert len(constrained) >= 10
    for parameter in constrained:
        value = _invalid(parameter["schema"])
        problem = get(client, PLACES, status=422, data={parameter["name"]: value}).json()
        assert problem["errors"][0]["loc"] == ["query", parameter["name"]], parameter["name"]


def test_accepted_values_read_as_on_the_list(client, directory):
    assert api_names(client, "departement=2a") == directory_names(client, "departement=2a")
    assert api_names(client, "ouvert=0") == api_names(client, "")
    assert get(client, f"{PLACES}?maj_avant=2030-01-01").json()["count"] == 5


def test_the_map_is_in_the_document(client):
    document = get(client, "/api/v1/openapi.json").json()
    operation = document["paths"]["/places.geojson"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"bbox", "zoom"}
    assert "application/geo+json" in operation["responses"]["200"]["content"]
    assert operation["responses"]["400"]["description"]


def test_no_swagger_page(client):
    assert client.get("/api/v1/docs").status_code == 404


def test_list_pages_have_totals_and_links(client):
    for i in range(25):
        make_place(name=f"Lieu {i:02d}", families=["coworking"])
    make_place(name="Autre", families=["fablab"])
    first = get(client, f"{PLACES}?famille=coworking&par_page=10").json()
    assert (first["count"], first["page"], first["pages"], first["page_size"]) == (25, 1, 3, 10)
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/places?famille=coworking&par_page=10&page=2"
    names = [place["name"] for place in first["results"]]
    url = first["next"]
    while url:
        page = get(client, url).json()
        names += [place["name"] for place in page["results"]]
        url = page["next"]
    assert names == [f"Lieu {i:02d}" for i in range(25)]  # stable order, no repeats, no gaps
    last = get(client, f"{PLACES}?famille=coworking&par_page=10&page=3").json()
    assert len(last["results"]) == 5 and last["next"] is None
    assert last["previous"].endswith("famille=coworking&par_page=10&page=2")
    assert get(client, f"{PLACES}?page=1").json()["page_size"] == 20


def test_pages_out_of_range_and_bad_sizes(client):
    make_place(name="Seul")
    missing = get(client, f"{PLACES}?page=2", status=404).json()
    assert "dernière est la page 1" in missing["detail"]
    for query in ("page=0", "par_page=0", "par_page=101", "page=deux"):
        problem = get(client, f"{PLACES}?{query}", status=422).json()
        assert problem["detail"].startswith("Paramètres invalides")
        assert problem["errors"][0]["loc"][0] == "query"
    assert get(client, f"{PLACES}?par_page=100").json()["count"] == 1


def test_empty_result_is_one_empty_page(client):
    data = get(client, f"{PLACES}?famille=fablab").json()
    assert data == {
        "count": 0, "page": 1, "pages": 1, "page_size": 20,
        "next": None, "previous": None, "results": [],
    }  # fmt: skip


def test_place_detail_has_every_group_of_fields(client):
    place = make_place(
        name="Fablab des Champs Libres",
        families=["fablab", "epn"],
        services_=["loisirs"],
        publics=["jeunes"],
        address="10 cours des Alliés",
        opening_hours="Mo-Fr 09:00-18:00",
        phone="02 99 00 00 00",
        emails=["bonjour@example.org"],
        websites=["https://example.org"],
        access_modes=["se-presenter", "telephoner"],
        support_modes=["atelier-collectif"],
        fees=["gratuit"],
        national_programmes=["conseillers-numeriques"],
        structure_types=["ASSO"],
        siret="12345678900011",
        source="lamednum",
        source_updated_on=date(2025, 3, 1),
    )
    data = get(client, f"{PLACES}/{place.uid}").json()
    assert data["uid"] == str(place.uid) and data["slug"] == place.slug
    assert data["url"] == f"http://testserver{place.get_absolute_url()}"
    assert data["families"] == [
        {"code": "epn", "label": "Espace public numérique (EPN)"},
        {"code": "fablab", "label": "Fablab / makerspace / hackerspace"},
    ]  # vocabulary order, as on the place page
    assert data["services"] == [{"code": "loisirs", "label": "Loisirs et créations numériques"}]
    assert data["address"]["street"] == "10 cours des Alliés"
    assert data["address"]["departement"]["code"] == "35"
    assert data["address"]["region"] == {"code": "53", "label": "Bretagne"}
    assert data["coordinates"] == {"latitude": 48.11, "longitude": -1.68}
    assert data["contact"]["emails"] == ["bonjour@example.org"]
    assert data["opening_hours"] == "Mo-Fr 09:00-18:00"
    assert [mode["code"] for mode in data["access_modes"]] == ["se-presenter", "telephoner"]
    assert data["fees"] == [{"code": "gratuit", "label": "Gratuit"}]
    assert data["national_programmes"][0]["label"] == "Conseillers numériques"
    assert data["structure_types"] == ["ASSO"] and data["siret"] == "12345678900011"
    assert data["checked_on"] == "2025-03-01"
    assert 0 < data["completeness"] <= 100
    assert data["source"] == {"name": "lamednum", "collected_by": "", "updated_on": "2025-03-01"}
    assert data["updated_at"].startswith(str(place.updated_at.year))
    assert "id" not in data  # the integer key stays private


def test_place_without_position_or_territory(client):
    place = make_place(name="Itinérant", latitude=None, longitude=None, insee_code="",
                       postal_code="", commune="", itinerant=True)  # fmt: skip
    data = get(client, f"{PLACES}/{place.uid}").json()
    assert data["coordinates"] is None and data["itinerant"] is True
    assert data["address"]["departement"] is None and data["address"]["region"] is None


def test_unknown_unpublished_and_malformed_places(client):
    hidden = make_place(name="Brouillon", is_published=False)
    assert get(client, f"{PLACES}/{uuid.uuid4()}", status=404).json() == {
        "detail": "Aucun lieu publié n'a cet identifiant."
    }
    get(client, f"{PLACES}/{hidden.uid}", status=404)
    assert get(client, PLACES).json()["count"] == 0
    assert get(client, f"{PLACES}/pas-un-uuid", status=422).json()["errors"][0]["loc"] == [
        "path",
        "uid",
    ]


def test_unpublishing_a_place_takes_it_out(client):
    place = make_place(name="Bientôt fermé")
    get(client, f"{PLACES}/{place.uid}")
    services.save_place(fields={"is_published": False}, tags={}, place=place)
    get(client, f"{PLACES}/{place.uid}", status=404)


def test_answers_in_french_whatever_the_site_language(client):
    place = make_place(name="Fablab", families=["fablab"])
    client.cookies["django_language"] = "en"
    response = get(client, f"{PLACES}/{place.uid}", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "fr"
    assert response.json()["families"][0]["label"] == "Fablab / makerspace / hackerspace"


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        get(client, url)
    return len(context.captured_queries)


def test_list_queries_do_not_grow_with_the_page_size(client, monkeypatch):
    # One rate-limit window for the whole test: a new window's counter costs more queries
    # than the next increments, and a minute may turn between two measures.
    from types import SimpleNamespace

    monkeypatch.setattr("django_ratelimit.core.time", SimpleNamespace(time=lambda: 1.8e9))

    def make(n):
        for i in range(n):
            make_place(name=f"Lieu {i}", families=["fablab", "epn"], services_=["loisirs"],
                       publics=["jeunes"])  # fmt: skip

    make(3)
    get(client, f"{PLACES}?q=lieu")  # warm the per-process caches (search index lookup)
    few = queries_for(client, f"{PLACES}?par_page=3")
    few_filtered = queries_for(client, f"{PLACES}?par_page=3&q=lieu&famille=fablab")
    make(40)
    assert queries_for(client, f"{PLACES}?par_page=40") == few
    assert queries_for(client, f"{PLACES}?par_page=40&q=lieu&famille=fablab") == few_filtered
    # The data itself: a count, a page, its tags (the rest is the rate limit's counter).
    with CaptureQueriesContext(connection) as context:
        get(client, f"{PLACES}?par_page=40")
    place_queries = [q for q in context.captured_queries if "places_" in q["sql"]]
    assert len(place_queries) == 3


def test_map_endpoint_still_answers_under_api_v1(client):
    make_place(name="Sur la carte")
    response = client.get("/api/v1/places.geojson", {"bbox": "-5.5,41.2,9.8,51.2", "zoom": "5"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert response.json()["total"] == 1


# --- CORS -----------------------------------------------------------------------------------

ORIGIN = "https://reutilisateur.example"


def test_cors_preflight_allows_any_origin_to_read(client):
    response = client.options(
        PLACES,
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    methods = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
    assert methods == {"GET", "HEAD", "OPTIONS"}
    assert "if-none-match" in response["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in response


def test_cors_headers_on_api_and_open_data_reads_only(client):
    make_place(name="Lieu")
    response = client.get(PLACES, headers={"Origin": ORIGIN})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response
    for url in ("/api/v1/openapi.json", "/api/", "/donnees/"):
        assert client.get(url, headers={"Origin": ORIGIN})["Access-Control-Allow-Origin"] == "*"
    for url in ("/", "/lieux/", "/carte/", "/admin/login/"):
        response = client.get(url, headers={"Origin": ORIGIN})
        assert not [h for h in response.headers if h.lower().startswith("access-control-")], url
    preflight = client.options(
        "/lieux/", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"}
    )
    assert "Access-Control-Allow-Origin" not in preflight


# --- HTTP caching ---------------------------------------------------------------------------


def test_list_validators_and_304(client, directory):
    url = f"{PLACES}?famille=fablab"
    first = get(client, url)
    assert first["Cache-Control"] == "public, max-age=60"
    etag, last_modified = first["ETag"], first["Last-Modified"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag and again["Cache-Control"] == "public, max-age=60"
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    # Other filters, page or size: another version.
    for other in (f"{PLACES}?famille=epn", f"{url}&par_page=5", PLACES):
        assert get(client, other)["ETag"] != etag
    assert get(client, other, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_list_version_changes_when_a_matching_place_changes(client, directory):
    url = f"{PLACES}?famille=fablab"
    etag = get(client, url)["ETag"]
    place = queries.published().get(name="La Fabrique")
    services.save_place(fields={"summary": "Nouveau"}, tags={}, place=place)
    changed = get(client, url, HTTP_IF_NONE_MATCH=etag)
    assert changed["ETag"] != etag
    # A place leaving the results changes the count, hence the version.
    etag = changed["ETag"]
    services.save_place(fields={"is_published": False}, tags={}, place=place)
    assert get(client, url, HTTP_IF_NONE_MATCH=etag)["ETag"] != etag


def test_open_now_list_has_no_last_modified(client):
    make_place(name="Toujours", opening_hours="24/7")
    response = get(client, f"{PLACES}?ouvert=1")
    assert response["ETag"] and "Last-Modified" not in response


def test_detail_validators_and_304(client):
    place = make_place(name="Lieu")
    url = f"{PLACES}/{place.uid}"
    first = get(client, url)
    assert first["Cache-Control"] == "public, max-age=60"
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"autre"'}).status_code == 200
    services.save_place(fields={"phone": "01 02 03 04 05"}, tags={}, place=place)
    changed = get(client, url, HTTP_IF_NONE_MATCH=etag)
    assert changed["ETag"] != etag and changed.json()["contact"]["phone"] == "01 02 03 04 05"


def test_answers_are_compressed_and_still_validated(client):
    for i in range(30):
        make_place(name=f"Lieu {i}", summary="Un lieu pour apprendre et créer ensemble. " * 4)
    url = f"{PLACES}?par_page=30"
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip" and "Accept-Encoding" in response["Vary"]
    assert json.loads(gzip.decompress(response.content))["count"] == 30
    assert response["ETag"].startswith('W/"')  # compression weakens it: same data, not bytes
    assert (
        client.get(
            url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=response["ETag"]
        ).status_code
        == 304
    )


def test_errors_are_not_cached_publicly(client):
    response = get(client, f"{PLACES}/{uuid.uuid4()}", status=404)
    assert "public" not in response.get("Cache-Control", "")


# --- Rate limit -----------------------------------------------------------------------------


def test_rate_limit_per_ip_with_retry_after(client, settings):
    settings.PLACETTE_API_RATE = "3/h"  # an hour: the counting window will not turn mid-test
    place = make_place(name="Lieu")
    for url in (PLACES, f"{PLACES}/{place.uid}", PLACES):
        get(client, url)
    limited = get(client, PLACES, status=429)
    assert 1 <= int(limited["Retry-After"]) <= 3600
    assert limited.json()["detail"].startswith("Trop de requêtes")
    assert "3 requêtes par heure" in limited.json()["detail"]
    get(client, f"{PLACES}/{place.uid}", status=429)  # every operation counts
    get(client, PLACES, REMOTE_ADDR="203.0.113.7")  # another client is not limited
    assert client.get("/api/v1/openapi.json").status_code == 200  # the description is free


def test_counter_cache_increments_in_place_and_keeps_the_expiry():
    counters = caches["ratelimit"]
    assert counters.add("rl:test", 1, 3600)
    expires = Table.expiry("rl:test")
    assert counters.incr("rl:test") == 2 and counters.incr("rl:test", 5) == 7
    assert counters.get("rl:test") == 7
    assert Table.expiry("rl:test") == expires  # Django's incr() would reset it to 5 minutes
    with pytest.raises(ValueError):
        counters.incr("rl:absent")
    counters.add("rl:gone", 1, 3600)
    Table.expire("rl:gone")
    with pytest.raises(ValueError):
        counters.incr("rl:gone")


class Table:
    """Raw access to the counters' table, to see what the cache API hides."""

    @staticmethod
    def expiry(key: str):
        full = caches["ratelimit"].make_key(key)
        with connection.cursor() as cursor:
            cursor.execute("SELECT expires FROM placette_ratelimit WHERE cache_key = %s", [full])
            return cursor.fetchone()[0]

    @staticmethod
    def expire(key: str):
        full = caches["ratelimit"].make_key(key)
        with connection.cursor() as cursor:
            past = connection.ops.adapt_datetimefield_value(datetime(2000, 1, 1, tzinfo=UTC))
            cursor.execute(
                "UPDATE placette_ratelimit SET expires = %s WHERE cache_key = %s", [past, full]
            )


def test_rate_descriptions():
    assert describe_rate("120/m") == "120 requêtes par minute"
    assert describe_rate("500/5m") == "500 requêtes par 5 minutes"
    assert describe_rate("10/s") == "10 requêtes par seconde"


# --- Documentation page ---------------------------------------------------------------------


def test_documentation_page(client, directory):
    response = client.get("/api/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script" not in html  # readable without JavaScript
    assert "curl -s 'http://testserver/api/v1/places?" in html
    sample = queries.published().order_by("-completeness", "name").first()
    assert f"http://testserver/api/v1/places/{sample.uid}" in html
    assert "http://testserver/api/v1/openapi.json" in html
    for field in fields(queries.PlaceFilters):
        assert f"<code>{queries.PARAMS[field.name]}</code>" in html
    for text in ("Licence Ouverte 2.0", 'href="/donnees/"', "120 requêtes par minute",
                 "Retry-After", "<code>429</code>", "<code>fablab</code>", "PlaceOut"):  # fmt: skip
        assert text in html, text
    assert "&quot;uid&quot;: &quot;" in html  # the example response is a real place


def test_documentation_page_without_any_place(client):
    response = client.get("/api/")
    assert response.status_code == 200
    assert "Exemple de réponse" not in response.content.decode()
