"""Writes to the directory (placette.places.services.places): slugs and search text."""

import pytest
from django.utils import translation

from placette.places.services import places as services

pytestmark = pytest.mark.django_db


def _save(name: str, commune: str = "Rennes"):
    return services.save_place(fields={"name": name, "commune": commune}, tags={})


def test_slugs_are_made_of_the_name_and_the_town_and_do_not_repeat():
    assert _save("Fablab du Canal").slug == "fablab-du-canal-rennes"
    assert _save("Fablab du Canal").slug == "fablab-du-canal-rennes-2"
    assert _save("« ! »", commune="").slug == "lieu"  # no word to make a slug of
    assert _save("a" * 200, commune="Rennes").slug == "a" * 200  # the town is cut off


# What the old builder stored (the SQLite FTS index and the searches rely on these bytes).
SEARCH_TEXTS = [
    (
        {
            "name": "Anticafé Beaubourg",
            "commune": "Paris",
            "summary": "Un café-coworking, ouvert 7j/7 !",
            "description": "Wi-Fi, imprimante ; œuvres d'art.\nÆther.",
            "families": ["fablab", "coworking"],
        },
        "anticafe beaubourg paris un cafe coworking ouvert 7j 7 wi fi imprimante oeuvres d art "
        "aether coworking bureaux partages fablab makerspace hackerspace coworking shared "
        "offices fablab makerspace hackerspace",
    ),
    ({"name": "EPN", "commune": "", "summary": "", "description": "", "families": []}, "epn"),
]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(("fields", "expected"), SEARCH_TEXTS)
def test_search_text_is_unchanged_in_any_language(fields, expected, language):
    with translation.override(language):
        assert services.search_text(**fields) == expected
