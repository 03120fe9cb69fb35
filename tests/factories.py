"""Test data built through the same services as production code."""

import itertools
from typing import Any

from placette.places import services
from placette.places.models import Place

_counter = itertools.count(1)


def make_place(
    *,
    families: list[str] | None = None,
    services_: list[str] | None = None,
    publics: list[str] | None = None,
    **fields: Any,
) -> Place:
    n = next(_counter)
    data = {
        "name": f"Lieu {n}",
        "commune": "Rennes",
        "postal_code": "35000",
        "insee_code": "35238",
        "latitude": 48.11,
        "longitude": -1.68,
    }
    data.update(fields)
    tags = {"families": families or [], "services": services_ or [], "publics": publics or []}
    return services.save_place(fields=data, tags=tags)


def make_user(*, email: str | None = None, password: str = "un mot de passe solide 42", **extra):
    """An account whose e-mail address is verified, as after allauth's sign-up."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    n = next(_counter)
    email = email or f"personne{n}@example.org"
    user = get_user_model().objects.create_user(
        username=f"personne{n}", email=email, password=password, **extra
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def make_moderator(**kwargs):
    from django.contrib.auth.models import Group

    from placette.accounts.roles import MODERATORS_GROUP

    user = make_user(**kwargs)
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return user


def make_manager(place: Place, **kwargs):
    from placette.accounts.models import PlaceManager

    user = make_user(**kwargs)
    PlaceManager.objects.create(place=place, user=user)
    return user


def make_event(
    *,
    place: Place | None = None,
    capacity: int | None = 10,
    starts_in_days: int = 7,
    status: str = "published",
    **fields: Any,
):
    """A published event with one occurrence (2 hours, 14:00 local time, in `starts_in_days`)."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone
    from django.utils.text import slugify

    from placette.events.models import Event, Occurrence

    n = next(_counter)
    place = place or make_place()
    title = fields.pop("title", f"Atelier {n}")
    event = Event.objects.create(
        title=title,
        slug=f"{slugify(title)}-{n}",
        kind=fields.pop("kind", "atelier"),
        place=place,
        capacity=capacity,
        status=status,
        **fields,
    )
    day = timezone.localdate() + timedelta(days=starts_in_days)
    start = timezone.make_aware(datetime.combine(day, time(14, 0)))
    Occurrence.objects.create(event=event, start=start, end=start + timedelta(hours=2), place=place)
    return event
