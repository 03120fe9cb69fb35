import pytest
from django.core.management import CommandError, call_command

from placette.core import roles
from tests.factories import make_user


@pytest.mark.django_db
def test_moderator_command_adds_and_removes():
    user = make_user(email="anne@example.org")
    assert not roles.is_moderator(user)
    call_command("moderator", "Anne@example.org")
    user.refresh_from_db()
    user = type(user).objects.get(pk=user.pk)  # permissions are cached per instance
    assert roles.is_moderator(user)
    call_command("moderator", "anne@example.org", "--remove")
    user = type(user).objects.get(pk=user.pk)
    assert not roles.is_moderator(user)


@pytest.mark.django_db
def test_moderator_command_needs_an_account():
    with pytest.raises(CommandError, match="Aucun compte"):
        call_command("moderator", "personne@example.org")
