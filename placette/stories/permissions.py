"""Who may write a story: built on core/roles.py, asked by every edit view and service."""

from placette.core import roles
from placette.stories.models import Story


def is_author(user, story: Story) -> bool:
    return roles.is_contributor(user) and story.authors.filter(pk=user.pk).exists()


def can_edit_story(user, story: Story) -> bool:
    """The story's authors and the moderators."""
    return roles.is_moderator(user) or is_author(user, story)


def can_publish(user, story: Story) -> bool:
    """Moderators, and authors who manage one of the story's places; the others send their
    story for review (pending) and a moderator publishes it from the queue."""
    if roles.is_moderator(user):
        return True
    return is_author(user, story) and story.places.filter(managers__user=user).exists()
