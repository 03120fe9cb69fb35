"""People: accounts as allauth leaves them after sign-up, and their roles."""

import itertools

from placette.places.models import Place

_counter = itertools.count(1)


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
