"""Stories in the privacy export and account deletion (collected by the privacy app)."""

from django.db.models import Count

from placette.stories import services
from placette.stories.models import Story


def export(user) -> dict:
    stories = (
        Story.objects.filter(authors=user)
        .annotate(photo_count=Count("photos"))
        .order_by("created_at", "pk")
    )
    return {
        "stories": [
            {
                "title": story.title,
                "path": story.get_absolute_url(),
                "status": story.status,
                "created_at": story.created_at,
                "published_at": story.published_at,
                "photos": story.photo_count,
            }
            for story in stories
        ]
    }


def forget(user) -> None:
    """Unpublished stories they wrote alone served only them; published ones stay in the
    commons, without their name (the authors' link goes with the account)."""
    theirs = Story.objects.filter(authors=user).exclude(status=Story.Status.PUBLISHED)
    alone = (
        Story.objects.filter(pk__in=theirs.values("pk"))
        .annotate(author_count=Count("authors"))  # all authors: counted outside the filter
        .filter(author_count=1)
        .values_list("pk", flat=True)
    )
    for story in Story.objects.filter(pk__in=list(alone)):
        services.delete_story(story=story, by=user)  # files go too
