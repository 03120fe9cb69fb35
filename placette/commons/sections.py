"""The commons' sections on other apps' pages (registered in apps.py; see core/sections.py)."""

from placette.commons import queries


def place_resources(request, place) -> dict | None:
    resources = queries.for_place(place)
    return {"place": place, "resources": resources} if resources else None
