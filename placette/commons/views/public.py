"""The commons' public pages: the list, a resource, its history, one revision, who wrote what."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from placette.commons import history, jsonld, queries
from placette.commons.models import Kind, Resource, Revision
from placette.commons.people import public_name
from placette.commons.services import attachments
from placette.commons.services import resources as services
from placette.places import vocab as place_vocab


@require_GET
def resource_list(request):
    filters = queries.ResourceFilters.from_query(request.GET)
    place = queries.filter_place(filters)
    if place is None:
        filters = filters.without("place")  # an unknown place is ignored, in links too
    resources = queries.resource_list(filters, place=place)
    page = Paginator(resources, queries.RESOURCES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page": page,
        "kinds": Kind.choices,
        "themes": place_vocab.Service.choices,
        "place": place,
    }
    return render(request, "commons/list.html", context)


def _resource(slug: str) -> Resource:
    return get_object_or_404(Resource.objects.select_related("created_by"), slug=slug)


@require_GET
def detail(request, slug: str):
    resource = _resource(slug)
    revisions = history.accepted(resource)
    files = [
        {"attachment": item, "type": attachments.type_label(item.content_type)}
        for item in resource.attachments.all()
    ]
    deciding = services.can_decide(request.user, resource)
    url = request.build_absolute_uri(resource.get_absolute_url())
    context = {
        "resource": resource,
        "themes": place_vocab.labels(place_vocab.Service, resource.themes),
        "places": resource.places.filter(is_published=True).order_by("name"),
        "files": files,
        "latest": revisions[-1] if revisions else None,
        "contributors": history.contributors(revisions, []),
        "can_edit": services.can_edit_directly(request.user, resource),
        "can_propose": services.can_propose(request.user),
        "proposals": list(queries.resource_proposals(resource)) if deciding else [],
        "canonical_url": url,
        "jsonld": jsonld.resource(
            resource, url=url, revisions=revisions, absolute=request.build_absolute_uri
        ),
        "my_collections": queries.collections_of(request.user),
    }
    return render(request, "commons/detail.html", context)


@require_GET
def revision_history(request, slug: str):
    resource = _resource(slug)
    revisions = list(
        resource.revisions.filter(status=Revision.Status.ACCEPTED)
        .select_related("author", "reverts")
        .order_by("-number")
    )
    items = [{"revision": r, "author": public_name(r.author)} for r in revisions]
    return render(
        request,
        "commons/history.html",
        {
            "resource": resource,
            "items": items,
            "can_edit": services.can_edit_directly(request.user, resource),
        },
    )


def _accepted(resource: Resource, number: int) -> Revision:
    return get_object_or_404(
        Revision.objects.select_related("author", "reverts"),
        resource=resource,
        number=number,
        status=Revision.Status.ACCEPTED,
    )


@require_GET
def revision_detail(request, slug: str, number: int):
    """One revision: its content, and its diff with the previous one (or with ?avec=<n>)."""
    resource = _resource(slug)
    revision = _accepted(resource, number)
    other = None
    compare = request.GET.get("avec", "")
    if compare:
        if not compare.isdigit():
            raise Http404
        other = _accepted(resource, int(compare))
    elif number > 1:
        other = Revision.objects.filter(
            resource=resource, number=number - 1, status=Revision.Status.ACCEPTED
        ).first()
    older, newer = (
        (other, revision) if other is None or other.number < number else (revision, other)
    )
    context = {
        "resource": resource,
        "revision": revision,
        "author": public_name(revision.author),
        "older": older,
        "newer": newer,
        "compared": other.number if other else None,
        "changes": history.changes(older.snapshot() if older else None, newer.snapshot()),
        "themes": place_vocab.labels(place_vocab.Service, revision.themes),
        "latest": services.latest_revision(resource),
        "can_edit": services.can_edit_directly(request.user, resource),
        "numbers": list(
            resource.revisions.filter(status=Revision.Status.ACCEPTED)
            .exclude(number=number)
            .order_by("-number")
            .values_list("number", flat=True)
        ),
    }
    return render(request, "commons/revision.html", context)


@require_GET
def authors(request, slug: str):
    resource = _resource(slug)
    revisions = history.accepted(resource)
    lines = history.attribute(revisions)
    context = {
        "resource": resource,
        "lines": [{"line": line, "author": public_name(line.revision.author)} for line in lines],
        "contributors": history.contributors(revisions, lines),
    }
    return render(request, "commons/authors.html", context)
