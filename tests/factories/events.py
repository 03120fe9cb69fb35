"""Events, built through the organisers' services."""

import itertools
from typing import Any

from placette.places.models import Place
from tests.factories.places import make_place

_counter = itertools.count(1)


def make_event(
    *,
    place: Place | None = None,
    capacity: int | None = 10,
    starts_in_days: int = 7,
    status: str = "published",
    **fields: Any,
):
    """An event with one occurrence (2 hours, 14:00 local time, in `starts_in_days`), made
    through the organisers' services: created as a draft, then moved to `status`."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from placette.events.services import events as event_services

    n = next(_counter)
    place = place or make_place()
    fields.setdefault("title", f"Atelier {n}")
    fields.setdefault("kind", "atelier")
    day = timezone.localdate() + timedelta(days=starts_in_days)
    start = timezone.make_aware(datetime.combine(day, time(14, 0)))
    # Other model fields (slug, feed…) are set as given, as the former factory did.
    extra = {k: fields.pop(k) for k in list(fields) if k not in event_services.EVENT_FIELDS}
    event = event_services.create_event(
        place=place,
        fields={"capacity": capacity, **fields},
        dates=[{"start": start, "end": start + timedelta(hours=2)}],
    )
    if extra:
        type(event).objects.filter(pk=event.pk).update(**extra)
    if status != "draft":
        event_services.publish(event=event)
    if status == "cancelled":
        event_services.cancel_event(event=event)
    elif status == "postponed":
        event_services.postpone_event(event=event)
    event.refresh_from_db()
    return event
