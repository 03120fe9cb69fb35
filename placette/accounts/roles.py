"""The roles, in one place. Every write view asks here.

- visitor: anyone; may propose a place or a change, and report content (confirmed by e-mail);
- contributor: signed in; the same, without the e-mail round trip, and may claim a place;
- place manager: a PlaceManager row; edits that place directly;
- network moderator: in the "Modérateurs" group (permission contributions.moderate);
- administrator: a superuser; everything a moderator can do, and the admin site.
"""

from placette.places.models import Place

MODERATORS_GROUP = "Modérateurs"
MODERATE = "contributions.moderate"


def is_contributor(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_moderator(user) -> bool:
    return is_contributor(user) and user.has_perm(MODERATE)


def manages(user, place: Place) -> bool:
    return is_contributor(user) and place.managers.filter(user=user).exists()


def can_edit_place(user, place: Place) -> bool:
    """Direct edits: the place's managers, moderators and administrators."""
    return is_moderator(user) or manages(user, place)
