"""Place questions for templates: `{% if user|manages:place %}`, `{% if user|can_edit:place %}`,
`{% open_status place.opening_hours %}`."""

import json

from django import template

from placette.places import hours, permissions, vocab

register = template.Library()


@register.filter
def manages(user, place) -> bool:
    return permissions.manages(user, place)


@register.filter
def can_edit(user, place) -> bool:
    return permissions.can_edit_place(user, place)


@register.simple_tag
def open_status(opening_hours: str, place=None) -> str:
    """ "Ouvert maintenant, ferme à 18 h 30", or "" when the hours are unknown. Given the
    place, its sun times and school holidays count."""
    if not opening_hours:
        return ""
    where = hours.where(place) if place is not None else hours.NOWHERE
    return hours.describe_status(opening_hours, where=where)


@register.simple_tag
def family_codes() -> str:
    """{label: code} of the families, as JSON: map.js draws each family's marker from the
    labels the map data already carries."""
    return json.dumps({str(label): code for code, label in vocab.Family.choices})
