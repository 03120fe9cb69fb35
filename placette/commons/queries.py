"""Reads of the commons."""

from django.db.models import Count, TextField
from django.db.models.functions import Cast

from placette.commons.models import Collection, Resource, Revision
from placette.core.text import contains, search_terms


def pending_proposals():
    """Edits proposed by contributors, oldest first: the moderation queue's list."""
    return (
        Revision.objects.filter(status=Revision.Status.PROPOSED)
        .select_related("resource", "author")
        .order_by("created_at")
    )


# --- Resources (the wiki) ---------------------------------------------------------------------

RESOURCES_PER_PAGE = 20


def resource_list(*, kind: str = "", theme: str = "", place=None, q: str = ""):
    """Resources for the list page, newest change first, filtered by kind, theme (a
    places.vocab.Service code), place and words (every word must match, in the singular or
    the plural)."""
    queryset = Resource.objects.prefetch_related("places").order_by("-updated_at", "-pk")
    if kind:
        queryset = queryset.filter(kind=kind)
    if theme:
        # JSON `contains` does not exist on SQLite; the list's text holds the quoted code.
        queryset = queryset.alias(themes_text=Cast("themes", TextField())).filter(
            themes_text__contains=f'"{theme}"'
        )
    if place is not None:
        queryset = queryset.filter(places=place)
    terms = search_terms(q)
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
