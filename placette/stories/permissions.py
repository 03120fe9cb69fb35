"""Who may write a story: built on core/roles.py, asked by every edit view and service."""

from placette.core import roles
from placette.stories.models import Story


def is_author(user, story: Story) -> bool:
    return roles.is_contributor(user) and story.authors.filter(pk=user.pk).exists()


def can_edit_story(user, story: Story) -> bool:
    """The story's authors and the moderators."""
    return roles.is_moderator(user) or is_author(user, story)


def manages_every(user, places) -> bool:
    """Whether `user` is on the team of every place of `places` (a queryset, at least one)."""
    return places.exists() and not places.exclude(managers__user=user).exists()


def can_publish(user, story: Story) -> bool:
    """Moderators, and authors on the team of every place of the story: a story shows on its
    places' pages, so each place's team agrees. The others send it for review (pending) and a
    moderator publishes it from the queue."""
    if roles.is_moderator(user):
        return True
    return is_author(user, story) and manages_every(user, story.places.all())
