"""Registrations in the privacy export and account deletion (collected by the privacy app).
Events a person created belong to their place: they stay (created_by is SET_NULL)."""

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from placette.accounts.queries import by_person
from placette.events.models import Registration
from placette.events.services import registrations


def export(user) -> dict:
    mine = (
        Registration.objects.filter(by_person(user))
        .select_related("occurrence__event")
        .order_by("created_at", "pk")
    )
    return {
        "registrations": [
            {
                "event": r.occurrence.event.title,
                "start": r.occurrence.start,
                "name": r.name,
                "email": r.email,
                "phone": r.phone,
                "public": r.public,
                "status": r.status,
                "attendance": r.attendance,
                "created_at": r.created_at,
            }
            for r in mine
        ]
    }


def forget(user) -> None:
    """Seats still to come are given back (the waiting list moves up); past registrations keep
    only what the place's statistics count (public, attendance), under a number."""
    mine = Registration.objects.filter(by_person(user))
    upcoming = mine.filter(occurrence__start__gt=timezone.now()).exclude(
        status=Registration.Status.CANCELLED
    )
    for registration in upcoming:
        registrations.cancel(registration=registration)
    mine.update(
        name=Concat(Value("anonyme "), Cast("pk", output_field=CharField())),
        email="",
        phone="",
        user=None,
    )
