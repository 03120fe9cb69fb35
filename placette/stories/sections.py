"""Stories' sections on other apps' pages (registered in apps.py; see core/sections.py)."""

from placette.stories import queries


def place_stories(request, place) -> dict | None:
    stories = queries.for_place(place, limit=3)
    return {"place": place, "stories": stories} if stories else None


def event_stories(request, event) -> dict | None:
    stories = queries.for_event(event)
    return {"event": event, "stories": stories} if stories else None
