"""Who may act on a place: its own team (PlaceManager rows), moderators and administrators.
The site-wide roles are core.roles."""

from placette.core.roles import is_contributor, is_moderator
from placette.places.models import Place


def manages(user, place: Place) -> bool:
    return is_contributor(user) and place.managers.filter(user=user).exists()


def can_edit_place(user, place: Place) -> bool:
    """Direct edits: the place's managers, moderators and administrators."""
    return is_moderator(user) or manages(user, place)


def sees_quality(user, place: Place | None = None) -> bool:
    """Completeness, freshness and what is missing: for the place's team and the moderators.
    In a list (no place), for the moderators only: one question, whatever the number of cards."""
    if place is None:
        return is_moderator(user)
    return can_edit_place(user, place)
