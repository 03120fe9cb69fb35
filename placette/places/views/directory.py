from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from placette.places import completeness, geo, hours, jsonld, permissions, queries, vocab


class CountedPaginator(Paginator):
    """A paginator given its count: the facet query has already counted the results."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


@require_GET
@vary_on_headers("HX-Request")
def place_list(request):
    found = queries.find(queries.PlaceFilters.from_query(request.GET))
    filters, facets = found.filters, found.facets
    results = queries.with_tags(queries.search(filters))
    paginator = CountedPaginator(results, settings.PLACES_PER_PAGE, count=found.total)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "searched": found.searched,
        "wider": found.wider,
        "filters": filters,
        "page": page,
        "facets": queries.facet_list(facets),
        "completeness_choices": queries.completeness_choices(filters),
        "sort_choices": queries.sort_choices(filters),
    }
    # htmx asks for the same page and picks #directory-layout from it (hx-select).
    return render(request, "places/list.html", context)


@require_GET
def place_list_pdf(request):
    """The current filtered list on one A4 sheet (places/print.py)."""
    from placette.places import print as printing

    filters = queries.PlaceFilters.from_query(request.GET)
    facets, total = queries.facets_and_total(filters)
    places = list(queries.search(filters)[: printing.PER_SHEET])
    chosen = [
        option.label
        for facet in queries.facet_list(facets)
        for option in facet.options
        if option.selected
    ]
    criteria = ", ".join(([f"« {filters.q} »"] if filters.q else []) + chosen)
    query = filters.querystring()
    url = request.build_absolute_uri(reverse("places:list")) + (f"?{query}" if query else "")
    content = printing.render(places=places, total=total, criteria=criteria, url=url)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="lieux.pdf"'
    return response


@require_GET
def place_detail(request, slug: str):
    place = get_object_or_404(queries.with_tags(queries.published()), slug=slug)
    url = request.build_absolute_uri(place.get_absolute_url())
    context = {
        "place": place,
        "filters": queries.PlaceFilters(),
        "jsonld": jsonld.place(place, url=url),
        "canonical_url": url,
        "hours_status": hours.describe_status(place.opening_hours, where=hours.where(place)),
        "hours_week": hours.week(place.opening_hours, where=hours.where(place)),
        "hours_valid": hours.parse(place.opening_hours) is not None,
        "family_links": [
            (code, label) for code, label in vocab.Family.choices if code in place.families
        ],
        "service_links": [
            (code, label) for code, label in vocab.Service.choices if code in place.services
        ],
        "sees_quality": permissions.sees_quality(request.user, place),
        "access_modes": vocab.labels(vocab.AccessMode, place.access_modes),
        "welcome": _labelled(
            (_("Accompagnement"), vocab.labels(vocab.SupportMode, place.support_modes)),
            (
                _("Prise en charge spécifique"),
                vocab.labels(vocab.SpecificSupport, place.specific_support),
            ),
            (_("Frais à charge"), vocab.labels(vocab.Fee, place.fees)),
        ),
        "programmes": _labelled(
            (
                _("Dispositifs nationaux"),
                vocab.labels(vocab.NationalProgramme, place.national_programmes),
            ),
            (
                _("Formations et labels"),
                vocab.labels(vocab.TrainingLabel, place.training_labels)
                + list(place.other_training_labels),
            ),
        ),
        "missing": completeness.missing(
            completeness.values_of(place, families=place.families, services=place.services)
        ),
    }
    return render(request, "places/detail.html", context)


@require_GET
def place_preview(request, slug: str):
    """What a map popup adds to the name, fetched when it opens so the map data stays light:
    the commune, whether the place is open, and what other apps add (the next event)."""
    place = get_object_or_404(queries.published(), slug=slug)
    current = hours.status(place.opening_hours)
    if current is None:
        opening = _("Horaires à confirmer")
    else:
        opening = _("Ouvert") if current.is_open else _("Fermé")
    context = {
        "place": place,
        "opening": opening,
        "opening_detail": hours.describe_status(place.opening_hours),
    }
    response = render(request, "places/_preview.html", context)
    response["Cache-Control"] = "public, max-age=60"
    return response


def _labelled(*rows: tuple[str, list[str]]) -> list[tuple[str, list[str]]]:
    """The (title, labels) rows of a description list that have labels."""
    return [(title, labels) for title, labels in rows if labels]


@require_GET
def place_map(request):
    filters = queries.PlaceFilters.from_query(request.GET)
    # The map opens on the filtered places (`?departement=35` shows Ille-et-Vilaine).
    total, bounds = queries.count_and_extent(filters)
    context = {
        "filters": filters,
        "total": total,
        "bounds": bounds,
        "facets": queries.facet_list(queries.facets(filters)),
        "completeness_choices": queries.completeness_choices(filters),
    }
    return render(request, "places/map.html", context)


@require_GET
@gzip_page  # public data, no secret in it: safe from BREACH, and ten times lighter on 4G
def places_geojson(request):
    try:
        bbox = geo.BBox.parse(request.GET.get("bbox", "-180,-90,180,90"))
        zoom = geo.parse_zoom(request.GET.get("zoom", "5"))
    except geo.BadRequest as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    filters = queries.PlaceFilters.from_query(request.GET)
    data = geo.feature_collection(queries.search(filters), bbox=bbox, zoom=zoom)
    response = JsonResponse(data, content_type="application/geo+json")
    response["Cache-Control"] = "public, max-age=60"
    return response
