import re
from dataclasses import replace

from django.shortcuts import render
from django.views.decorators.http import require_GET

from placette.core.text import fold
from placette.events import queries as events
from placette.places import queries, territories, vocab
from placette.places.models import Place, PlaceTag
from placette.stories import queries as stories

SHOWN = 4  # of each kind: the home page stays light


@require_GET
def home(request):
    """The front door: what the network does (next dates, stories, help with online procedures,
    the EPN), near the visitor when a département or commune is in the query (the form "près de
    chez vous", no geolocation), and the directory's search."""
    place_filters = queries.PlaceFilters.from_query(request.GET)
    where = request.GET.get("ou", "").strip()[:150]
    departement = place_filters.departement or departement_of(where)
    family_counts = {
        code: n for kind, code, n in queries.published_tag_counts() if kind == PlaceTag.Kind.FAMILY
    }
    families = [
        (code, label, family_counts[code])
        for code, label in vocab.Family.choices
        if family_counts.get(code)
    ]
    near = queries.PlaceFilters(departement=departement)
    dates = events.upcoming(events.EventFilters(departement=departement))[:SHOWN]
    context = {
        "total": queries.published().count(),
        "families": families,
        "filters": queries.PlaceFilters(),
        "where": where,
        "departement": departement,
        "departement_label": territories.departement_label(departement) if departement else "",
        "unknown_place": bool(where) and not departement,
        "next_dates": events.items(list(dates)),
        "stories": list(stories.listed(stories.StoryFilters(departement=departement))[:3]),
        "procedures": list(_places(near, service=vocab.Service.ADMIN_PROCEDURES)),
        "epn": list(_places(near, family=vocab.Family.EPN)),
    }
    return render(request, "site/home.html", context)


def _places(near: queries.PlaceFilters, **chosen):
    return queries.search(replace(near, **chosen)).only(
        "id", "slug", "name", "commune", "postal_code", "opening_hours"
    )[:SHOWN]


def departement_of(where: str) -> str:
    """The département of what the visitor typed: a postal code, a département's number or
    name, or a commune that has a place; "" when unknown."""
    if re.fullmatch(r"\d{5}", where):
        code = territories.departement_from_postal_code(where)
        return code if code in territories.DEPARTEMENTS else ""
    if where.upper() in territories.DEPARTEMENTS:
        return where.upper()
    folded = fold(where)
    if not folded:
        return ""
    for code, (name, _region) in territories.DEPARTEMENTS.items():
        if fold(name) == folded:
            return code
    found = (
        Place.objects.filter(is_published=True, commune__iexact=where)
        .values_list("departement", flat=True)
        .first()
    )
    return found or ""
