"""The site-wide roles (core/roles.py) and a place's own (places/permissions.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from placette.core import roles
from placette.places import permissions
from tests.factories import make_manager, make_moderator, make_place, make_user

pytestmark = pytest.mark.django_db


def test_contributors_are_active_signed_in_accounts():
    assert not roles.is_contributor(None)
    assert not roles.is_contributor(AnonymousUser())
    assert roles.is_contributor(make_user())
    assert not roles.is_contributor(make_user(is_active=False))


def test_moderators_are_the_group_and_superusers_while_active():
    assert roles.is_moderator(make_moderator())
    assert roles.is_moderator(make_user(is_superuser=True))
    assert not roles.is_moderator(make_user())
    assert not roles.is_moderator(make_moderator(is_active=False))
    assert not roles.is_moderator(AnonymousUser())


def test_a_place_is_edited_by_its_managers_and_moderators():
    place, other = make_place(), make_place()
    manager = make_manager(place)
    assert permissions.manages(manager, place)
    assert permissions.can_edit_place(manager, place)
    assert not permissions.can_edit_place(manager, other)
    moderator = make_moderator()
    assert permissions.can_edit_place(moderator, other)
    assert not permissions.manages(moderator, other)
    assert not permissions.can_edit_place(AnonymousUser(), place)
