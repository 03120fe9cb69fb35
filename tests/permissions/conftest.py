import pytest

from tests.permissions.world import World


@pytest.fixture
def world(db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path  # photos and attachments of the world
    return World()
