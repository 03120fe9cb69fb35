"""Property-based tests of the API against its own OpenAPI document (schemathesis, in-process WSGI).

For every operation, generated requests must never get a 5xx, and every answer must conform to
the document: status code documented, content type, headers and body schema.
"""

from datetime import date
from uuid import UUID

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance

from placette.wsgi import application
from tests.factories import make_event, make_place

pytestmark = pytest.mark.django_db

# The OpenAPI document is read from the application itself (no database needed for it).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# Requests that fit the document, and a modest number of them (invalid ones: test_api.py derives
# them from the document).
schema.config.generation.update(modes=[GenerationMode.POSITIVE], max_examples=30)
# The in-process WSGI client does not decompress: ask for plain bodies (gzip: test_api.py).
PLAIN = {"Accept-Encoding": "identity"}

# Places get these uids, so that generated requests find them as well as unknown ones.
UIDS = [
    UUID("6f1d7a52-3c1e-4c59-9d49-3c1b8f0e6a01"),
    UUID("6f1d7a52-3c1e-4c59-9d49-3c1b8f0e6a02"),
    UUID("6f1d7a52-3c1e-4c59-9d49-3c1b8f0e6a03"),
    UUID("6f1d7a52-3c1e-4c59-9d49-3c1b8f0e6a04"),
]
UNPUBLISHED = UUID("6f1d7a52-3c1e-4c59-9d49-3c1b8f0e6a05")
EVENT = UUID("6f1d7a52-3c1e-4c59-9d49-3c1b8f0e6a06")


@schema.hook("before_generate_path_parameters")
def known_places_too(context, strategy):
    return strategy | st.fixed_dictionaries({"uid": st.sampled_from([*UIDS, UNPUBLISHED, EVENT])})


@schema.hook("before_generate_query")
def unfiltered_pages_too(context, strategy):
    return strategy | st.fixed_dictionaries({}, optional={"par_page": st.integers(1, 3)})


@pytest.fixture
def one_connection():
    """What Django's test client does around each request: keep the test's database connection,
    and its transaction, instead of closing it when the request finishes (PostgreSQL)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def places(settings, one_connection):
    """A few realistic places, one unpublished, an event; the rate limit out of the way."""
    settings.PLACETTE_API_RATE = "100000/m"
    first = make_place(
        uid=UIDS[0],
        name="Fablab des Champs Libres",
        families=["fablab"],
        services_=["loisirs"],
        publics=["jeunes"],
        address="10 cours des Alliés",
        opening_hours="Mo-Fr 09:00-18:00",
        emails=["fablab@example.org"],
        websites=["https://fablab.example.org"],
        access_modes=["se-presenter"],
        support_modes=["atelier-collectif"],
        fees=["gratuit"],
        national_programmes=["conseillers-numeriques"],
        structure_types=["ASSO"],
        siret="12345678900011",
        source="lamednum",
        source_updated_on=date(2025, 3, 1),
    )
    make_place(uid=UIDS[1], name="EPN de Bréquigny", families=["epn"], services_=["demarches"])
    make_place(
        uid=UIDS[2], name="La Fabrique", families=["fablab", "atelier"], commune="Lyon",
        postal_code="69004", insee_code="69384", latitude=45.77, longitude=4.83,
    )  # fmt: skip
    make_place(uid=UIDS[3], name="Tiers-lieu itinérant", latitude=None, longitude=None,
               itinerant=True, insee_code="", postal_code="", commune="")  # fmt: skip
    make_place(uid=UNPUBLISHED, name="Brouillon", is_published=False)
    make_event(place=first, uid=EVENT, title="Premiers pas", themes=["loisirs"])


@schema.parametrize()
# The places are only read: sharing them between generated requests is what we want.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
def test_api_conforms_to_its_openapi_document(case, places):
    # A map rectangle may fit the pattern and still be refused (south above north): 400.
    lenient = [positive_data_acceptance] if case.operation.path == "/places.geojson" else []
    case.call_and_validate(headers=PLAIN, excluded_checks=lenient)


def test_every_documented_answer_conforms(places):
    """The statuses random requests may miss, each checked against the document once."""
    listing, detail = schema["/places"]["GET"], schema["/places/{uid}"]["GET"]
    events, event = schema["/events"]["GET"], schema["/events/{uid}"]["GET"]
    expected = [
        (listing.Case(query={"par_page": 2}), 200),
        (listing.Case(query={"famille": "fablab", "ouvert": "true"}), 200),
        (listing.Case(query={"famille": "zzz"}), 422),
        (listing.Case(query={"completude_max": 500}), 422),
        (listing.Case(query={"page": 9}), 404),
        (listing.Case(query={"par_page": 0}), 422),
        (detail.Case(path_parameters={"uid": str(UIDS[0])}), 200),
        (detail.Case(path_parameters={"uid": str(UIDS[3])}), 200),
        (detail.Case(path_parameters={"uid": str(UNPUBLISHED)}), 404),
        (detail.Case(path_parameters={"uid": "pas-un-uuid"}), 422),
        (events.Case(query={"departement": "35"}), 200),
        (events.Case(query={"type": "zzz"}), 422),
        (events.Case(query={"page": 9}), 404),
        (event.Case(path_parameters={"uid": str(EVENT)}), 200),
        (event.Case(path_parameters={"uid": str(UNPUBLISHED)}), 404),
    ]
    for case, status in expected:
        response = case.call_and_validate(headers=PLAIN)
        assert response.status_code == status, case.as_curl_command()
        etag = response.headers.get("etag")  # lower-case names, lists of values
        if etag:
            again = case.call_and_validate(headers={**PLAIN, "If-None-Match": etag[0]})
            assert again.status_code == 304


def test_rate_limited_answer_conforms(places, settings):
    settings.PLACETTE_API_RATE = "1/h"
    case = schema["/places"]["GET"].Case(query={})
    case.call_and_validate(headers=PLAIN)
    assert case.call_and_validate(headers=PLAIN).status_code == 429
