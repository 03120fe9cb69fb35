"""Reads of the site search: one query over places, events, stories and resources.

Each kind is matched on its `search_text` column (folded words, core.text.fold) with the
terms of core.text.search_terms: every term must be found, in one of its singular/plural
forms, as a substring. Places reuse the directory's search (its SQLite trigram index);
the other kinds are small tables, read with LIKE on both databases.

Title matches come first: every service writes the folded title at the start of
search_text, so "all terms within its first len(title) characters" tells a title match
(folding never lengthens a title but for œ/æ: a rare miss in the order, never in the rows).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Case, Exists, F, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from placette.commons.models import Resource
from placette.core.db import contains_terms as contains
from placette.core.text import search_terms
from placette.events.models import Event, Occurrence
from placette.places import queries as place_queries
from placette.stories.models import Story

# Query-string values of `type`, in the order of the page.
PLACES, EVENTS, STORIES, RESOURCES = "lieux", "evenements", "recits", "ressources"
KINDS = {
    PLACES: _("Lieux"),
    EVENTS: _("Événements"),
    STORIES: _("Récits"),
    RESOURCES: _("Ressources"),
}
# Events are found while a date is coming, or ended less than this ago.
RECENT_DAYS = 30

Terms = list[tuple[str, ...]]


def _ranked(queryset: QuerySet, terms: Terms, *, title: str, then: list) -> QuerySet:
    """Title matches first (see the module's docstring), then the kind's own order."""
    queryset = queryset.alias(title_part=Substr("search_text", 1, Length(title)))
    in_title = When(contains(terms, "title_part"), then=Value(0))
    rank = Case(in_title, default=Value(1))
    return queryset.alias(title_rank=rank).order_by("title_rank", *then)


def places(terms: Terms, q: str) -> QuerySet:
    """Published places, as the directory finds them (its trigram index on SQLite)."""
    found = place_queries.search(place_queries.PlaceFilters(q=q))
    return place_queries.with_tags(_ranked(found, terms, title="name", then=["name", "id"]))


def events(terms: Terms, *, now: datetime | None = None) -> QuerySet:
    """Published events with a date to come or of the last RECENT_DAYS days: each with its
    next date (`next_start`) or, when all are past, its last one (`last_start`)."""
    now = now or timezone.now()
    dates = Occurrence.objects.filter(event=OuterRef("pk"), status=Occurrence.Status.SCHEDULED)
    coming = dates.filter(end__gt=now).order_by("start").values("start")[:1]
    recent = dates.filter(end__gt=now - timedelta(days=RECENT_DAYS))
    past = dates.filter(end__lte=now).order_by("-start").values("start")[:1]
    found = (
        Event.objects.filter(status=Event.Status.PUBLISHED)
        .filter(Exists(recent))
        .filter(contains(terms))
        .select_related("place")
        .annotate(next_start=Subquery(coming), last_start=Subquery(past))
    )
    order = [F("next_start").asc(nulls_last=True), F("last_start").desc(), "id"]
    return _ranked(found, terms, title="title", then=order)


def stories(terms: Terms) -> QuerySet:
    found = Story.objects.filter(status=Story.Status.PUBLISHED).filter(contains(terms))
    return _ranked(found, terms, title="title", then=[F("published_at").desc(), "-id"])


def resources(terms: Terms) -> QuerySet:
    found = Resource.objects.filter(contains(terms))
    return _ranked(found, terms, title="title", then=["-updated_at", "-id"])


def matching(kind: str, q: str) -> QuerySet:
    """The rows of one kind matching the query `q`, best first."""
    terms = search_terms(q)
    if kind == PLACES:
        return places(terms, q)
    if kind == EVENTS:
        return events(terms)
    if kind == STORIES:
        return stories(terms)
    return resources(terms)


@dataclass(frozen=True)
class Group:
    kind: str
    label: str
    count: int
    items: list

    @property
    def more(self) -> bool:
        return self.count > len(self.items)


def grouped(q: str, *, per_group: int = 5) -> list[Group]:
    """Every kind with its count and its first `per_group` rows (two queries a kind)."""
    groups = []
    for kind, label in KINDS.items():
        queryset = matching(kind, q)
        items = list(queryset[:per_group])
        groups.append(Group(kind=kind, label=str(label), count=queryset.count(), items=items))
    return groups


def is_searchable(q: str) -> bool:
    return bool(search_terms(q))
