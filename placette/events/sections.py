"""The agenda's sections on other apps' pages (registered in apps.py; see core/sections.py)."""

from placette.events import queries


def place_next_events(request, place) -> dict | None:
    next_events = queries.next_for_place(place)
    return {"place": place, "next_events": next_events} if next_events else None


def place_popup_next_event(request, place) -> dict | None:
    next_events = queries.next_for_place(place, limit=1)
    return {"next_event": next_events[0]} if next_events else None
