"""Reads of stories."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from placette.core.db import json_list_contains
from placette.core.filters import QueryFilters, one_of, param, slug, string
from placette.core.text import QUERY_MAX_LENGTH, contains, search_terms
from placette.places import territories
from placette.places import vocab as place_vocab
from placette.places.models import Place
from placette.stories.models import Photo, Story


def written_by(user):
    """The stories `user` is an author of, last changed first ("Mes récits")."""
    return Story.objects.filter(authors=user).prefetch_related("places").order_by("-updated_at")


def pending_stories():
    """Stories sent for review, oldest first: the moderation queue's list."""
    return (
        Story.objects.filter(status=Story.Status.PENDING)
        .select_related("created_by")
        .prefetch_related("places")
        .order_by("updated_at")
    )


# --- The public side: the list, its feeds, and the stories on place and event pages. ---

PER_PAGE = 12
FEED_LIMIT = 30


@dataclass(frozen=True)
class StoryFilters(QueryFilters):
    """The filters of the list of stories and of its feeds (query-string names as on /agenda/)."""

    q: str = param("q", string(QUERY_MAX_LENGTH))  # words, matched like the site search
    place: str = param("lieu", slug)  # a place's slug
    theme: str = param("theme", one_of(place_vocab.Service.values))  # places.vocab.Service
    departement: str = param("departement", one_of(territories.DEPARTEMENTS, upper=True))


def published() -> QuerySet[Story]:
    return Story.objects.filter(status=Story.Status.PUBLISHED)


def apply(queryset: QuerySet[Story], filters: StoryFilters) -> QuerySet[Story]:
    terms = search_terms(filters.q)
    if terms:
        queryset = queryset.filter(contains(terms))
    if filters.theme:
        queryset = queryset.filter(json_list_contains("themes", filters.theme))
    # Through the places: a subquery, so a story with two matching places is listed once.
    places = Place.objects.filter(is_published=True)
    if filters.place:
        places = places.filter(slug=filters.place)
    if filters.departement:
        places = places.filter(departement=filters.departement)
    if filters.place or filters.departement:
        queryset = queryset.filter(
            pk__in=Story.places.through.objects.filter(place__in=places).values("story_id")
        )
    return queryset


def _cards(queryset: QuerySet[Story]) -> QuerySet[Story]:
    """What a card shows: photos and published places, in one query each whatever the count."""
    return queryset.prefetch_related(
        Prefetch("photos", queryset=Photo.objects.order_by("position", "id")),
        Prefetch(
            "places",
            queryset=Place.objects.filter(is_published=True).only("id", "slug", "name", "commune"),
            to_attr="public_places",
        ),
    )


def listed(filters: StoryFilters) -> QuerySet[Story]:
    """Published stories matching the filters, newest first (the list and the feeds)."""
    return _cards(apply(published(), filters)).order_by("-published_at", "-id")


def filter_place(filters: StoryFilters) -> Place | None:
    if not filters.place:
        return None
    return Place.objects.filter(slug=filters.place, is_published=True).first()


def for_place(place: Place, *, limit: int = 3) -> list[Story]:
    """A place page's newest published stories."""
    # Cards show no body: its text (and the search words) stay in the database.
    stories = published().filter(places=place).defer("body", "search_text")
    return list(_cards(stories).order_by("-published_at", "-id")[:limit])


def count_for_place(place: Place) -> int:
    return published().filter(places=place).count()


def for_event(event) -> list[Story]:
    stories = published().filter(events=event).defer("body", "search_text")
    return list(_cards(stories).order_by("-published_at", "-id"))


def can_see(user, story: Story) -> bool:
    """Published stories are public; drafts and pending ones are shown to those who may edit
    them: their authors and the moderators (who review them)."""
    from placette.stories.permissions import can_edit_story

    return story.is_published or can_edit_story(user, story)


def for_page(slug: str) -> Story | None:
    """A story with what its page shows (photos, videos, authors, places, events)."""
    from placette.events.models import Event
    from placette.events.queries import PUBLIC_STATUSES

    return (
        Story.objects.filter(slug=slug)
        .prefetch_related(
            Prefetch("photos", queryset=Photo.objects.order_by("position", "id")),
            "videos",
            "authors",
            Prefetch(
                "places",
                queryset=Place.objects.filter(is_published=True).order_by("name"),
                to_attr="public_places",
            ),
            Prefetch(
                "events",
                queryset=Event.objects.filter(status__in=PUBLIC_STATUSES)
                .select_related("place")
                .order_by("title"),
                to_attr="public_events",
            ),
        )
        .first()
    )
