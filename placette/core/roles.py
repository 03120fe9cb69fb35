"""The roles, in one place. Every write view asks here (or places.permissions, for a place).

- visitor: anyone; may propose a place or a change, and report content (confirmed by e-mail);
- contributor: signed in; the same, without the e-mail round trip, and may claim a place;
- place manager: a PlaceManager row; edits that place directly (places.permissions);
- network moderator: in the "Modérateurs" group (permission contributions.moderate);
- administrator: a superuser; everything a moderator can do, and the admin site.
"""

MODERATORS_GROUP = "Modérateurs"
# The permission is declared on contributions' Contribution model; here it is only a name.
MODERATE = "contributions.moderate"


def is_contributor(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_moderator(user) -> bool:
    return is_contributor(user) and user.has_perm(MODERATE)
