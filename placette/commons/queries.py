"""Reads of the commons."""

from dataclasses import dataclass

from django.db.models import Count

from placette.commons.models import Collection, Kind, Resource, Revision
from placette.core.db import json_list_contains
from placette.core.filters import QueryFilters, one_of, param, slug, string
from placette.core.text import QUERY_MAX_LENGTH, contains, search_terms
from placette.places import vocab as place_vocab
from placette.places.models import Place


def pending_proposals():
    """Edits proposed by contributors, oldest first: the moderation queue's list."""
    return (
        Revision.objects.filter(status=Revision.Status.PROPOSED)
        .select_related("resource", "author")
        .order_by("created_at")
    )


# --- Resources (the wiki) ---------------------------------------------------------------------

RESOURCES_PER_PAGE = 20


@dataclass(frozen=True)
class ResourceFilters(QueryFilters):
    """The filters of the list of resources."""

    q: str = param("q", string(QUERY_MAX_LENGTH))  # words, matched like the site search
    kind: str = param("type", one_of(Kind.values))
    theme: str = param("theme", one_of(place_vocab.Service.values))  # places.vocab.Service
    place: str = param("lieu", slug)  # a published place's slug


def filter_place(filters: ResourceFilters) -> Place | None:
    if not filters.place:
        return None
    return Place.objects.filter(slug=filters.place, is_published=True).first()


def resource_list(filters: ResourceFilters, *, place: Place | None = None):
    """Resources for the list page, newest change first, filtered by kind, theme, `place`
    (filter_place(): an unknown place filters nothing) and words (every word must match, in
    the singular or the plural)."""
    queryset = Resource.objects.prefetch_related("places").order_by("-updated_at", "-pk")
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.theme:
        queryset = queryset.filter(json_list_contains("themes", filters.theme))
    if place is not None:
        queryset = queryset.filter(places=place)
    terms = search_terms(filters.q)
    if terms:  # the site search's matching: accents, case and plurals ignored
        queryset = queryset.filter(contains(terms))
    return queryset


def for_place(place, *, limit: int = 5) -> list[Resource]:
    """The resources a place wrote, newest first (the place page's "Ressources" section)."""
    listed = place.resources.only("slug", "title", "kind", "summary", "created_at")
    return list(listed.order_by("-created_at", "-pk")[:limit])


def resource_proposals(resource):
    """The proposals waiting on one resource, oldest first."""
    return (
        resource.revisions.filter(status=Revision.Status.PROPOSED)
        .select_related("author")
        .order_by("created_at")
    )


# --- Collections ----------------------------------------------------------------------------


def public_collections():
    """Public collections, newest first, with their owner and how many resources they hold."""
    return (
        Collection.objects.filter(is_public=True)
        .select_related("owner")
        .annotate(size=Count("items"))
        .order_by("-created_at", "-pk")
    )


def collections_of(user):
    """A signed-in person's own collections (public and private), last changed first."""
    if not (user and user.is_authenticated):
        return Collection.objects.none()
    return (
        Collection.objects.filter(owner=user)
        .annotate(size=Count("items"))
        .order_by("-updated_at", "-pk")
    )


def collection_items(collection):
    """The items of a collection in order, each with its resource."""
    return collection.items.select_related("resource").order_by("position", "pk")
