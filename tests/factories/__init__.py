"""Test data built through the same services as production code, one module per app:
places, accounts, events, stories, commons, sources. The common builders are here too."""

from tests.factories.accounts import make_manager, make_moderator, make_user
from tests.factories.commons import make_resource
from tests.factories.events import make_event
from tests.factories.places import make_place
from tests.factories.stories import make_draft, make_story

__all__ = [
    "make_draft",
    "make_event",
    "make_manager",
    "make_moderator",
    "make_place",
    "make_resource",
    "make_story",
    "make_user",
]
