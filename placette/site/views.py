from django.shortcuts import render
from django.views.decorators.http import require_GET

from placette.places import queries, vocab
from placette.places.models import PlaceTag


@require_GET
def home(request):
    """The front door: how many places, by family, and the search form of the directory."""
    published = queries.published()
    family_counts = {
        code: n for kind, code, n in queries.published_tag_counts() if kind == PlaceTag.Kind.FAMILY
    }
    families = [
        (code, label, family_counts[code])
        for code, label in vocab.Family.choices
        if family_counts.get(code)
    ]
    return render(
        request,
        "site/home.html",
        {"total": published.count(), "families": families, "filters": queries.PlaceFilters()},
    )
