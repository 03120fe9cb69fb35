"""Reads of stories."""

import re
from dataclasses import dataclass, fields, replace
from urllib.parse import urlencode

from django.db.models import Prefetch, QuerySet, TextField
from django.db.models.functions import Cast
from django.http import QueryDict

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
# Query-string names are French: they are part of shareable links (as on /agenda/).
PARAMS = {"q": "q", "place": "lieu", "theme": "theme", "departement": "departement"}
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,220}")


@dataclass(frozen=True)
class StoryFilters:
    q: str = ""  # words, matched like the site search (core.text.search_terms)
    place: str = ""  # a place's slug
    theme: str = ""  # places.vocab.Service code
    departement: str = ""  # INSEE code of a département

    @classmethod
    def from_query(cls, data: QueryDict) -> "StoryFilters":
        """Read the query string; unknown values are dropped, not errors."""

        def get(name: str) -> str:
            return (data.get(PARAMS[name]) or "").replace("\x00", "").strip()

        place = get("place") if SLUG.fullmatch(get("place")) else ""
        theme = get("theme") if get("theme") in place_vocab.Service.values else ""
        departement = get("departement").upper()
        if departement not in territories.DEPARTEMENTS:
            departement = ""
        q = get("q")[:QUERY_MAX_LENGTH]
        return cls(q=q, place=place, theme=theme, departement=departement)

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def query_items(self) -> list[tuple[str, str]]:
        return [
            (PARAMS[f.name], getattr(self, f.name)) for f in fields(self) if getattr(self, f.name)
        ]

    def querystring(self, **changes) -> str:
        return urlencode(replace(self, **changes).query_items())


def published() -> QuerySet[Story]:
    return Story.objects.filter(status=Story.Status.PUBLISHED)


def apply(queryset: QuerySet[Story], filters: StoryFilters) -> QuerySet[Story]:
    terms = search_terms(filters.q)
    if terms:
        queryset = queryset.filter(contains(terms))
    if filters.theme:
        # JSON `contains` does not exist on SQLite; the list's text holds the quoted code.
        queryset = queryset.alias(themes_text=Cast("themes", TextField())).filter(
            themes_text__contains=f'"{filters.theme}"'
        )
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
