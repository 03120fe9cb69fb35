from csp.decorators import csp_replace
from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from placette.embed import snippet
from placette.places import queries


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
