from csp.decorators import csp_replace
from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from placette.embed import snippet
from placette.events import queries as event_queries
from placette.events import vocab as event_vocab
from placette.places import queries, territories
from placette.places import vocab as place_vocab


@require_GET
@xframe_options_exempt  # the only route any site may frame (frame-ancestors below)
@csp_replace({"frame-ancestors": ["*"]})
def widget_map(request):
    """The map alone, to be framed by any site; its links open on this site in a new tab."""
    filters = queries.PlaceFilters.from_query(request.GET)
    total, bounds = queries.count_and_extent(filters)
    context = {"filters": filters, "total": total, "bounds": bounds, "link_target": "_blank"}
    return render(request, "embed/map.html", context)


@require_GET
def builder(request):
    """Where a network chooses its places and copies the <iframe> code. Works without JS:
    submitting the form renders the preview and the code again."""
    widget = snippet.Widget.from_query(request.GET)
    map_path = reverse("embed:map")
    title = _("Carte des tiers-lieux – %(site)s") % {"site": settings.SITE_NAME}
    context = {
        "filters": widget.filters,
        "height": widget.height,
        "heights": (snippet.MIN_HEIGHT, snippet.MAX_HEIGHT),
        "facets": queries.facet_list(queries.facets(widget.filters)),
        "preview_url": widget.url(map_path),
        "widget_base": request.build_absolute_uri(map_path),
        "code": snippet.iframe_code(
            src=widget.url(request.build_absolute_uri(map_path)), title=title, height=widget.height
        ),
        "code_template": snippet.iframe_code(src="__SRC__", title=title, height="__HEIGHT__"),
        "iframe_title": title,
    }
    return render(request, "embed/builder.html", context)


def _agenda_heading(filters, place) -> str:
    """What the widget lists: a place's events, or a territory's."""
    if place is not None:
        where = place.name
    elif filters.commune:
        where = filters.commune
    elif filters.departement:
        where = territories.departement_label(filters.departement)
    elif filters.region:
        where = territories.REGIONS[filters.region]
    else:
        return _("Prochains événements")
    return _("Prochains événements – %(where)s") % {"where": where}


@require_GET
@xframe_options_exempt  # framed by any site, like the map (frame-ancestors below)
@csp_replace({"frame-ancestors": ["*"]})
def widget_agenda(request):
    """A place's or a territory's next dates, to be framed by any site: HTML alone, no
    JavaScript; its links open on this site in a new tab."""
    widget = snippet.AgendaWidget.from_query(request.GET)
    place = event_queries.filter_place(widget.filters)
    dates = event_queries.upcoming(widget.filters)[: widget.count]
    context = {
        "filters": widget.filters,
        "heading": _agenda_heading(widget.filters, place),
        "items": event_queries.items(dates),
        "agenda_url": f"{reverse('events:agenda')}?{widget.filters.querystring()}".rstrip("?"),
    }
    return render(request, "embed/agenda.html", context)


@require_GET
def agenda_builder(request):
    """Where a place or a network chooses its events and copies the <iframe> code. Works
    without JS: submitting the form renders the preview and the code again."""
    widget = snippet.AgendaWidget.from_query(request.GET)
    widget_path = reverse("embed:agenda")
    title = _("Agenda – %(site)s") % {"site": settings.SITE_NAME}
    context = {
        "filters": widget.filters,
        "count": widget.count,
        "counts": (1, snippet.MAX_COUNT),
        "height": widget.height,
        "heights": (snippet.MIN_HEIGHT, snippet.MAX_HEIGHT),
        "places": event_queries.places_with_upcoming_events(),
        "departements": event_queries.departement_choices(),
        "regions": sorted(territories.REGIONS.items(), key=lambda pair: pair[1]),
        "kinds": event_vocab.Kind.choices,
        "themes": place_vocab.Service.choices,
        "preview_url": widget.url(widget_path),
        "widget_base": request.build_absolute_uri(widget_path),
        "code": snippet.iframe_code(
            src=widget.url(request.build_absolute_uri(widget_path)),
            title=title,
            height=widget.height,
        ),
        "code_template": snippet.iframe_code(src="__SRC__", title=title, height="__HEIGHT__"),
        "iframe_title": title,
    }
    return render(request, "embed/agenda_builder.html", context)
