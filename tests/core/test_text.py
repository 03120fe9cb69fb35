"""placette.core.text: the search filter, search_text, slugs."""

import pytest
from django.db.models import Q

from placette.core.text import (
    collation_key,
    contains,
    next_free,
    search_terms,
    search_text,
    slug_base,
    unique_slug,
)
from placette.places.models import Place
from tests.factories import make_place


def test_search_text_folds_and_joins_the_parts_in_order():
    assert search_text("Atelier « Café »", None, "", "Œuvres d'Été") == "atelier cafe oeuvres d ete"
    assert search_text() == ""
    assert search_text(None, "") == ""


def test_slug_base_caps_the_length_and_falls_back_when_no_word_is_left():
    assert slug_base("Médiation numérique : l'été", fallback="x") == "mediation-numerique-lete"
    assert slug_base("« ! »", fallback="lieu") == "lieu"
    assert slug_base("", fallback="lieu") == "lieu"
    assert slug_base("ab " * 10, fallback="x", max_length=5) == "ab-ab"


def test_next_free_numbers_from_two():
    assert next_free("atelier", set()) == "atelier"
    assert next_free("atelier", {"atelier"}) == "atelier-2"
    assert next_free("atelier", {"atelier", "atelier-2", "atelier-4"}) == "atelier-3"


@pytest.mark.django_db
def test_unique_slug_skips_the_slugs_taken_in_the_table():
    make_place(slug="fablab")
    make_place(slug="fablab-2")
    make_place(slug="fablab-rennes")  # in the range read, not a suffix of "fablab"
    assert unique_slug(Place, "Fablab", fallback="lieu") == "fablab-3"
    assert unique_slug(Place, "Autre", fallback="lieu") == "autre"
    assert unique_slug(Place, "!!!", fallback="lieu") == "lieu"


@pytest.mark.django_db
def test_unique_slug_leaves_out_the_row_being_renamed():
    place = make_place(slug="fablab")
    assert unique_slug(Place, "Fablab", fallback="lieu") == "fablab-2"
    assert unique_slug(Place, "Fablab", fallback="lieu", exclude_pk=place.pk) == "fablab"


@pytest.mark.django_db
def test_reserved_words_are_renamed_with_a_suffix_or_numbered():
    reserved = {"nouveau", "carte"}
    assert unique_slug(Place, "Nouveau", fallback="x", reserved=reserved) == "nouveau-2"
    suffixed = unique_slug(
        Place, "Nouveau", fallback="x", reserved=reserved, reserved_suffix="evenement"
    )
    assert suffixed == "nouveau-evenement"
    make_place(slug="nouveau-evenement")
    again = unique_slug(
        Place, "Nouveau", fallback="x", reserved=reserved, reserved_suffix="evenement"
    )
    assert again == "nouveau-evenement-2"


@pytest.mark.django_db
def test_unique_slug_reads_the_field_and_length_asked():
    make_place(name="kit")
    assert unique_slug(Place, "Kit", fallback="x", field="name") == "kit-2"
    assert unique_slug(Place, "Kit", fallback="x") == "kit"
    assert unique_slug(Place, "a" * 50, fallback="x", max_length=10) == "a" * 10
    assert unique_slug(Place, "a" * 250, fallback="x") == "a" * 200  # the default cap


def test_contains_needs_every_term_in_one_of_its_forms():
    terms = search_terms("journal atelier")
    assert terms == [("journal", "journaux"), ("atelier",)]
    expected = (Q(search_text__contains="journal") | Q(search_text__contains="journaux")) & Q(
        search_text__contains="atelier"
    )
    assert contains(terms) == expected
    assert contains(terms, "title") == (
        (Q(title__contains="journal") | Q(title__contains="journaux"))
        & Q(title__contains="atelier")
    )
    assert contains([]) == Q()


def test_collation_key_sorts_in_french_alphabetical_order_whatever_the_locale():
    labels = ["Île-de-France", "Hauts-de-France", "La Réunion", "Ardennes (08)", "Ardèche (07)"]
    assert sorted(labels, key=collation_key) == [
        "Ardèche (07)",
        "Ardennes (08)",
        "Hauts-de-France",
        "Île-de-France",
        "La Réunion",
    ]
    assert collation_key("Côte-d'Or") == collation_key("cote d or")
