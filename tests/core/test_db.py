"""Lookups written once for SQLite and PostgreSQL (placette.core.db)."""

import pytest

from placette.core.db import json_list_contains
from placette.core.text import contains, search_terms
from placette.stories.models import Story

pytestmark = pytest.mark.django_db


def story(slug: str, **fields) -> Story:
    return Story.objects.create(slug=slug, title=slug, **fields)


def test_json_list_contains_finds_a_code_of_the_list_only():
    story("a", themes=["loisirs", "numerique-responsable"])
    story("b", themes=["numerique"])
    story("c", themes=[])
    found = Story.objects.filter(json_list_contains("themes", "numerique"))
    assert list(found.values_list("slug", flat=True)) == ["b"]
    found = Story.objects.filter(json_list_contains("themes", "loisirs"))
    assert list(found.values_list("slug", flat=True)) == ["a"]


def test_contains_on_the_database_needs_every_term_in_one_of_its_forms():
    story("a", search_text="atelier de reparation velo")
    story("b", search_text="ateliers couture")
    story("c", search_text="reparation")
    found = Story.objects.filter(contains(search_terms("atelier réparation")))
    assert list(found.values_list("slug", flat=True)) == ["a"]
    found = Story.objects.filter(contains(search_terms("ateliers"))).order_by("slug")
    assert list(found.values_list("slug", flat=True)) == ["a", "b"]
