"""Test data built through the same services as production code."""

import itertools
from typing import Any

from placette.places.models import Place
from placette.places.services import places as services

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
    from django.contrib.auth.hashers import make_password

    n = next(_counter)
    email = email or f"personne{n}@example.org"
    user = get_user_model().objects.create_user(username=f"personne{n}", email=email, **extra)
    user.password = make_password(password, hasher="md5")  # see tests/conftest.py
    user.save(update_fields=["password"])
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def make_moderator(**kwargs):
    """A member of the moderators' group. The migration makes the group; tests that flush the
    database (browser tests) lose it, so it is made again here the same way."""
    from django.contrib.auth.models import Group, Permission

    from placette.core.roles import MODERATORS_GROUP

    user = make_user(**kwargs)
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="contributions", codename="moderate")
    )
    user.groups.add(group)
    return user


def make_manager(place: Place, **kwargs):
    from placette.places.models import PlaceManager

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
