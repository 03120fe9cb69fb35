"""The freshness loop: remind a place's managers, let them confirm in one click, flag the rest.

- Every 6 months (REMIND_AFTER) without news of a place, its managers receive "Vos informations
  sont-elles à jour ?" with a signed link; following it and pressing one button confirms.
- A place not known true for 12 months (STALE_AFTER) shows "à vérifier" and is listed for the
  moderators.

The freshness date is Place.checked_on (places.services.derive): the latest of the source's
date, the managers' edits and Place.confirmed_on, which a confirmation sets.
"""

from datetime import date, timedelta

from django.core import signing
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from placette.core import mail
from placette.core.urls import absolute, absolute_path
from placette.places.models import Place, PlaceManager, PlaceVersion
from placette.places.services import places as services

REMIND_AFTER = timedelta(days=183)  # about 6 months
STALE_AFTER = timedelta(days=365)  # about 12 months
LINK_SALT = "placette.places.services.freshness.confirm"
TOKEN_MAX_AGE = timedelta(days=30)


def due_for_reminder(today: date) -> QuerySet[Place]:
    """Published places with a manager, not known true for 6 months or more, and not reminded
    in the last 6 months."""
    cutoff = today - REMIND_AFTER
    has_manager = PlaceManager.objects.filter(place=OuterRef("pk"), user__is_active=True)
    return (
        Place.objects.filter(is_published=True)
        .filter(Exists(has_manager))
        .filter(Q(checked_on__isnull=True) | Q(checked_on__lte=cutoff))
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lte=cutoff))
        .order_by("pk")
    )


def send_reminders(*, today: date) -> int:
    """Queue one reminder per manager of each place due, and note the day on the place.
    Returns the number of messages queued."""
    sent = 0
    with transaction.atomic():
        places = list(due_for_reminder(today).select_for_update())
        managers = (
            PlaceManager.objects.filter(place__in=places, user__is_active=True)
            .exclude(user__email="")
            .select_related("place", "user")
            .order_by("place_id", "pk")
        )
        for manager in managers:
            place = manager.place
            mail.send(
                to=manager.user.email,
                template="places/email/freshness_reminder",
                context={
                    "place": place,
                    "confirm_url": absolute_path(confirm_path(place=place, user=manager.user)),
                    "edit_url": absolute("places:edit", slug=place.slug),
                    "place_url": absolute_path(place.get_absolute_url()),
                    "checked_on": place.checked_on,
                },
            )
            sent += 1
        # Bookkeeping, not a change to the record: not versioned (history.NOT_VERSIONED), and
        # the page's "mise à jour le" date (updated_at) must not move, hence update().
        Place.objects.filter(pk__in=[place.pk for place in places]).update(reminded_on=today)
    return sent


def confirm(*, place: Place, by=None, today: date | None = None) -> Place:
    """The place's team says its information is still true: a CONFIRMED version, and the
    freshness date moves to today."""
    return services.save_place(
        fields={"confirmed_on": today or timezone.localdate()},
        tags={},
        place=place,
        by=by,
        kind=PlaceVersion.Kind.CONFIRMED,
    )


def is_stale(place: Place, today: date | None = None) -> bool:
    cutoff = (today or timezone.localdate()) - STALE_AFTER
    return place.checked_on is None or place.checked_on <= cutoff


# -- the one-click link: signed (place, manager), valid 30 days --------------------------------


def make_token(*, place: Place, user) -> str:
    return signing.dumps({"place": place.pk, "user": user.pk}, salt=LINK_SALT, compress=True)


def confirm_path(*, place: Place, user) -> str:
    token = make_token(place=place, user=user)
    return reverse("places:confirm_link", kwargs={"slug": place.slug, "token": token})


def read_token(token: str, *, place: Place) -> PlaceManager | None:
    """The manager the token was made for, if it is for `place`, unexpired, and that person
    still manages it; None otherwise."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    if not isinstance(data, dict) or data.get("place") != place.pk:
        return None
    return (
        PlaceManager.objects.filter(place=place, user_id=data.get("user"), user__is_active=True)
        .select_related("user")
        .first()
    )
