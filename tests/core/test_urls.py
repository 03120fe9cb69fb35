"""placette.core.urls: absolute URLs on PLACETTE_BASE_URL."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import NoReverseMatch

from placette.core.urls import absolute, absolute_path


@pytest.mark.parametrize("base", ["https://placette.example", "https://placette.example/"])
def test_absolute_reverses_on_the_base_url_without_doubling_the_slash(settings, base):
    settings.PLACETTE_BASE_URL = base
    assert absolute("places:list") == "https://placette.example/lieux/"
    assert absolute("places:detail", slug="epn-rennes") == (
        "https://placette.example/lieux/epn-rennes/"
    )
    assert absolute("moderation:contribution", 12) == (
        "https://placette.example/moderation/contributions/12/"
    )


def test_absolute_path_joins_paths_already_built(settings):
    settings.PLACETTE_BASE_URL = "http://127.0.0.1:8000/"
    assert absolute_path("/lieux/x/?page=2") == "http://127.0.0.1:8000/lieux/x/?page=2"
    assert absolute_path("lieux/x/") == "http://127.0.0.1:8000/lieux/x/"


def test_an_unknown_route_fails_loudly(settings):
    settings.PLACETTE_BASE_URL = "https://placette.example"
    with pytest.raises(NoReverseMatch):
        absolute("places:nowhere")


def test_an_empty_base_url_is_refused_rather_than_mailing_relative_links(settings):
    settings.PLACETTE_BASE_URL = ""
    with pytest.raises(ImproperlyConfigured):
        absolute("places:list")
    with pytest.raises(ImproperlyConfigured):
        absolute_path("/lieux/")


def test_a_moved_address_redirects_links_but_takes_no_post(client, db):
    response = client.get("/compte/moderation/demandes/7/")
    assert response.status_code == 301 and response["Location"] == "/moderation/demandes/7/"
    assert client.head("/ressources/propositions/7/").status_code == 301
    assert client.post("/ressources/propositions/7/").status_code == 405
