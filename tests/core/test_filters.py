"""The query-string filters every list declares (placette.core.filters)."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.http import QueryDict

from placette.core.filters import (
    QueryFilters,
    flag,
    iso_date,
    one_of,
    param,
    percent,
    slug,
    string,
)


@dataclass(frozen=True)
class Sample(QueryFilters):
    q: str = param("q", string(10))
    colour: str = param("couleur", one_of(["rouge", "vert"]))
    code: str = param("code", one_of(["2A", "35"], upper=True))
    place: str = param("lieu", slug)
    free: bool = param("gratuit", flag, default=False)
    since: date | None = param("depuis", iso_date, default=None)
    share: int | None = param("part", percent, default=None)
    order: str = param("tri", one_of(["nom"]), counted=False)


def parse(query: str) -> Sample:
    return Sample.from_query(QueryDict(query))


def test_values_are_trimmed_and_freed_of_nul():
    assert parse("q=%00 four%00+&couleur=rou%00ge").q == "four"
    assert parse("couleur=rou%00ge").colour == "rouge"


def test_unknown_or_malformed_values_turn_the_filter_off():
    filters = parse(
        "couleur=bleu&code=99&lieu=a/b&gratuit=peut-etre&depuis=2026-02-30&part=101&tri=x"
    )
    assert filters == Sample()
    assert not filters.active


def test_readers_accept_their_values():
    filters = parse(
        "q=0123456789abc&couleur=vert&code=2a&lieu=le-lieu_2&gratuit=oui&depuis=2026-03-01"
        "&part=0&tri=nom"
    )
    assert filters == Sample(
        q="0123456789",
        colour="vert",
        code="2A",
        place="le-lieu_2",
        free=True,
        since=date(2026, 3, 1),
        share=0,
        order="nom",
    )
    assert filters.active_count == 7  # the order is kept in links, but is not a filter
    assert parse("tri=nom").active_count == 0


@pytest.mark.parametrize("raw", ["1", "on", "true", "oui"])
def test_flags(raw):
    assert parse(f"gratuit={raw}").free is True


def test_querystring_round_trips_in_declaration_order_and_takes_changes():
    filters = parse("part=0&gratuit=1&couleur=vert&depuis=2026-03-01")
    assert filters.querystring() == "couleur=vert&gratuit=1&depuis=2026-03-01&part=0"
    assert parse(filters.querystring()) == filters
    assert filters.querystring(colour="", share=None) == "gratuit=1&depuis=2026-03-01"
    assert filters.without("free") == parse("part=0&couleur=vert&depuis=2026-03-01")


def test_filters_are_values():
    assert hash(parse("couleur=vert")) == hash(Sample(colour="vert"))
    assert Sample.params() == {
        "q": "q",
        "colour": "couleur",
        "code": "code",
        "place": "lieu",
        "free": "gratuit",
        "since": "depuis",
        "share": "part",
        "order": "tri",
    }
