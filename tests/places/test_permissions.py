"""Who may do what to a place (the role × action check: tests/permissions/harness.py)."""

from typing import Any

from django.urls import reverse

from placette.places.forms import PlaceForm
from placette.places.models import Claim, Place, PlaceManager
from tests.permissions.harness import MODERATION, SIGNED_IN, TEAM, Action


def place_form_data(place: Place, **changes: Any) -> dict[str, Any]:
    """What the edit form posts for `place`, with `changes`."""
    form = PlaceForm.from_place(place)
    data = {}
    for bound in form:
        value = bound.value()
        if value in (None, False):
            continue
        data[bound.name] = bound.field.prepare_value(value) if isinstance(value, list) else value
    data.update(changes)
    return data


ACTIONS = [
    Action(
        "edit a place",
        lambda w: reverse("places:edit", args=[w.place.slug]),
        TEAM,
        data=lambda w: place_form_data(w.place, name="Fablab des Lices (modifié)"),
        done=lambda w: w.refreshed(w.place).name == "Fablab des Lices (modifié)",
    ),
    Action(
        "read a place's history",
        lambda w: reverse("places:history", args=[w.place.slug]),
        TEAM,
        method="get",
    ),
    Action(
        "revert a place",
        lambda w: reverse("places:revert", args=[w.place.slug, w.version.pk]),
        MODERATION,
        data=lambda w: {"note": ""},
        done=lambda w: w.refreshed(w.place).summary == "Avant",
    ),
    Action(
        "claim a place",
        lambda w: reverse("places:claim", args=[w.unmanaged.slug]),
        SIGNED_IN,
        data=lambda w: {"role": "médiatrice", "message": ""},
        done=lambda w: (
            Claim.objects.filter(place=w.unmanaged).exists()
            or PlaceManager.objects.filter(place=w.unmanaged).exists()
        ),
    ),
    Action(
        "confirm a place's information",
        lambda w: reverse("places:confirm", args=[w.place.slug]),
        TEAM,
        done=lambda w: w.refreshed(w.place).confirmed_on is not None,
    ),
]
