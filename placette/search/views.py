"""The site search page: /recherche/?q=…[&type=lieux|evenements|recits|ressources]."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from placette.core.text import QUERY_MAX_LENGTH
from placette.search import queries

PER_PAGE = 20
# The full list of a kind elsewhere on the site: (route, whether it reads `q` too).
LISTS = {
    queries.PLACES: ("places:list", True),
    queries.STORIES: ("stories:list", True),
    queries.RESOURCES: ("commons:list", True),
}


def list_link(kind: str, q: str) -> dict | None:
    """{"url", "filtered"} of the kind's own list, or None where it has none."""
    if kind not in LISTS:
        return None
    name, takes_q = LISTS[kind]
    url = reverse(name)
    return {"url": f"{url}?{urlencode({'q': q})}" if takes_q else url, "filtered": takes_q}


@require_GET
def results(request):
    # NUL is dropped: PostgreSQL refuses it in a text comparison.
    q = (request.GET.get("q") or "").replace("\x00", "").strip()[:QUERY_MAX_LENGTH]
    kind = request.GET.get("type", "")
    kind = kind if kind in queries.KINDS else ""
    searchable = queries.is_searchable(q)
    context = {"q": q, "kind": kind, "kinds": queries.KINDS.items(), "searchable": searchable}
    if searchable:
        if kind:
            paginator = Paginator(queries.matching(kind, q), PER_PAGE)
            context["page"] = paginator.get_page(request.GET.get("page"))
            context["kind_label"] = queries.KINDS[kind]
            context["page_query"] = urlencode({"q": q, "type": kind})
            context["list_link"] = list_link(kind, q)
        else:
            groups = queries.grouped(q)
            context["groups"] = [(g, list_link(g.kind, q)) for g in groups if g.count]
            context["empty_groups"] = [group.label for group in groups if not group.count]
            context["total"] = sum(group.count for group in groups)
    return render(request, "search/results.html", context)
