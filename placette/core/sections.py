"""Page sections: how a page of a lower app shows what higher apps hold about its object,
without importing them.

A page has named slots, each rendered for one object:

- "place": the place page (places/detail.html), for the Place;
- "place_popup": a place's popup on the map (places/_preview.html), for the Place;
- "account": the account page /compte/ (accounts/home.html), for the signed-in user;
- "event": an event's page (events/detail.html), for the Event.

An app with something to show there registers a section in its AppConfig.ready():

    def ready(self):
        from placette.core import sections
        from placette.events import queries

        sections.register(
            "place",
            template="events/_next_events.html",
            context=lambda request, place: {"next_events": queries.next_for_place(place)},
            order=10,
        )

and the page renders the slot with core's template tag:

    {% load sections %}{% sections "place" place %}

Every section of the slot is rendered in `order` (then in registration order), each with
`context(request, obj)`: a dict added to the page's context while its template renders (as
`{% include %}` does), or None to leave the section out. A slot nobody registered renders
nothing. Registering the same (slot, template) again replaces the section.

Orders in use (leave gaps, so that a new section can go between two):
- "place": 10 next events (events), 20 stories (stories), 30 resources (commons);
- "account": 10 managed places, 20 claims (places), 30 contributions (contributions);
- "place_popup": 10 next event (events);
- "event": 10 stories (stories).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template import Context
from django.utils.safestring import SafeString, mark_safe

ContextFunction = Callable[[HttpRequest | None, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class Section:
    slot: str
    template: str
    context: ContextFunction
    order: int = 0


_slots: dict[str, list[Section]] = {}


def register(slot: str, *, template: str, context: ContextFunction, order: int = 0) -> Section:
    section = Section(slot=slot, template=template, context=context, order=order)
    others = [s for s in _slots.get(slot, []) if s.template != template]
    # sorted() is stable: equal orders keep their registration order.
    _slots[slot] = sorted([*others, section], key=lambda s: s.order)
    return section


def sections_of(slot: str) -> list[Section]:
    return list(_slots.get(slot, []))


def render(slot: str, context: Context, obj) -> SafeString:
    """The slot's sections for `obj`, rendered within the page's `context`."""
    request = getattr(context, "request", None)
    engine = context.template.engine
    parts = []
    for section in sections_of(slot):
        values = section.context(request, obj)
        if values is None:
            continue
        with context.push(values):
            parts.append(engine.get_template(section.template).render(context))
    return mark_safe("".join(parts))  # noqa: S308 (rendered templates, escaped by them)
