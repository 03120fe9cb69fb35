"""Role questions for templates: `{% if user|manages:place %}`, `{% if user|can_edit:place %}`."""

from django import template

from placette.accounts import roles

register = template.Library()


@register.filter
def manages(user, place) -> bool:
    return roles.manages(user, place)


@register.filter
def can_edit(user, place) -> bool:
    return roles.can_edit_place(user, place)
