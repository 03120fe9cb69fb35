"""The list templates' tags: pagination links and breadcrumbs (core/templatetags/placette.py)."""

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

from placette.places.queries import PlaceFilters


def render(text: str, **context) -> str:
    return Template("{% load placette %}" + text).render(Context(context))


def test_page_link_keeps_the_filters_or_the_given_query():
    filters = PlaceFilters(family="fablab")
    assert render("{% page_link 2 %}", filters=filters) == "?famille=fablab&amp;page=2"
    assert render("{% page_link 1 %}", filters=filters) == "?famille=fablab"
    assert render("{% page_link 1 %}", filters=PlaceFilters()) == "?"
    assert render("{% page_link 3 %}", page_query="q=a+b&type=lieux") == (
        "?q=a+b&amp;type=lieux&amp;page=3"
    )
    assert render("{% page_link 1 %}") == "?page=1"


def test_pagination_names_its_links_and_the_current_page():
    page = Paginator(list(range(45)), 20).get_page(2)
    with translation.override("fr"):
        html = render(
            '{% include "core/_pagination.html" with label="Pages des récits" %}', page=page
        )
        other = render(
            '{% include "core/_pagination.html" with previous_label="Plus récentes" %}', page=page
        )
    assert 'aria-label="Pages des récits"' in html
    assert '<a rel="prev" href="?page=1">‹ Précédente</a>' in html
    assert '<span aria-current="page">Page 2 sur 3</span>' in html
    assert '<a rel="next" href="?page=3">Suivante ›</a>' in html
    assert 'aria-label="Pages de résultats"' in other and ">Plus récentes</a>" in other
    single = Paginator([1], 20).get_page(1)
    assert render('{% include "core/_pagination.html" %}', page=single).strip() == ""


def test_breadcrumb_links_the_pages_above_and_marks_this_one():
    with translation.override("fr"):
        html = render(
            '{% breadcrumb "/lieux/" _("Lieux") "" "Bretagne" "/lieux/x/" "X" here="Modifier" %}'
        )
    assert 'aria-label="Fil d’Ariane"' in html
    assert '<li><a href="/lieux/">Lieux</a></li>' in html
    assert "Bretagne" not in html  # a pair without its url is left out
    assert '<li><a href="/lieux/x/">X</a></li>' in html
    assert '<li aria-current="page">Modifier</li>' in html
    assert html.index("/lieux/x/") < html.index("Modifier")


def test_breadcrumb_takes_pairs():
    with pytest.raises(TemplateSyntaxError):
        render('{% breadcrumb "/lieux/" here="Modifier" %}')


def test_lang_attr_marks_french_content_only_in_another_interface_language():
    with translation.override("en"):
        assert render("<h1{% lang_attr %}>Le Biome</h1>") == '<h1 lang="fr">Le Biome</h1>'
        assert render("<p{% lang_attr code %}>x</p>", code="en") == "<p>x</p>"
    with translation.override("fr"):
        assert render("<h1{% lang_attr %}>Le Biome</h1>") == "<h1>Le Biome</h1>"
