"""{% sections "slot" obj %}: every section registered for the slot (core/sections.py)."""

from django import template

from placette.core import sections as registry

register = template.Library()


@register.simple_tag(takes_context=True)
def sections(context, slot: str, obj):
    return registry.render(slot, context, obj)
