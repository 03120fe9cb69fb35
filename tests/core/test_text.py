"""The search filter of core/text.py: every term must match, any of its forms may."""

from django.db.models import Q

from placette.core.text import contains, search_terms


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
