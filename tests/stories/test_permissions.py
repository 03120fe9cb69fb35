"""Who may write, illustrate and publish a story (the role × action check:
tests/permissions/harness.py). The story is a draft by "author" about the place "manager"
manages: managing its place without being an author gives no right on it."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from placette.stories import invitations
from placette.stories.models import Photo, Story, Video
from tests.factories.stories import jpeg
from tests.permissions.harness import MODERATION, SIGNED_IN, Action
from tests.permissions.world import BODY

EDITORS = MODERATION | {"author"}


def _story(w) -> Story:
    return Story.objects.filter(pk=w.story.pk).first() or w.story


def _invited(email: str) -> bool:
    """An invitation e-mail to `email` is queued."""
    return DBTaskResult.objects.filter(args_kwargs__kwargs__to=[email]).exists()


def _invitation(w) -> str:
    return invitations.make(story_id=w.story.pk, email="contributrice@example.org")


def _photo_url(name: str, index: int = 0):
    return lambda w: reverse(f"stories:{name}", args=[w.story.slug, w.photos[index].pk])


def _photo_upload(w) -> dict:
    image = SimpleUploadedFile("p.jpg", jpeg((300, 200)), "image/jpeg")
    return {"image": image, "alt": "Une photo", "consent": "on"}


ACTIONS = [
    Action("see the writing page", lambda w: reverse("stories:create"), SIGNED_IN, method="get"),
    Action("see one's stories", lambda w: reverse("stories:mine"), SIGNED_IN, method="get"),
    Action(
        "write a story",
        lambda w: reverse("stories:create"),
        SIGNED_IN,
        data=lambda w: {"title": "Notre fête", "licence": "cc-by-sa-4.0", "body": BODY},
        done=lambda w: Story.objects.filter(title="Notre fête").exists(),
        ok=(302,),
    ),
    Action(
        "see a story's edit page",
        lambda w: reverse("stories:edit", args=[w.story.slug]),
        EDITORS,
        method="get",
        ok=(200,),
    ),
    Action(
        "edit a story",
        lambda w: reverse("stories:edit", args=[w.story.slug]),
        EDITORS,
        data=lambda w: {"title": "Changé", "licence": "cc0-1.0", "body": BODY},
        done=lambda w: _story(w).title == "Changé",
        ok=(302,),
    ),
    Action(
        "see a story's photos",
        lambda w: reverse("stories:photos", args=[w.story.slug]),
        EDITORS,
        method="get",
        ok=(200,),
    ),
    Action(
        "add a photo",
        lambda w: reverse("stories:photos", args=[w.story.slug]),
        EDITORS,
        data=_photo_upload,
        done=lambda w: w.story.photos.filter(alt="Une photo").exists(),
        ok=(302,),
    ),
    Action(
        "describe a photo",
        _photo_url("photo_edit"),
        EDITORS,
        data=lambda w: {"alt": "Deux tables", "caption": "Samedi"},
        done=lambda w: w.refreshed(w.photos[0]).alt == "Deux tables",
        ok=(302,),
    ),
    Action(
        "move a photo",
        _photo_url("photo_move", 1),
        EDITORS,
        data=lambda w: {"direction": "up"},
        done=lambda w: (
            list(w.story.photos.values_list("pk", flat=True)) == [w.photos[1].pk, w.photos[0].pk]
        ),
        ok=(302,),
    ),
    Action(
        "delete a photo",
        _photo_url("photo_delete"),
        EDITORS,
        done=lambda w: not Photo.objects.filter(pk=w.photos[0].pk).exists(),
        ok=(302,),
    ),
    Action(
        "add a video",
        lambda w: reverse("stories:videos", args=[w.story.slug]),
        EDITORS,
        data=lambda w: {"title": "Vidéo", "url": "https://vimeo.com/76979871"},
        done=lambda w: w.story.videos.filter(title="Vidéo").exists(),
        ok=(302,),
    ),
    Action(
        "delete a video",
        lambda w: reverse("stories:video_delete", args=[w.story.slug, w.video.pk]),
        EDITORS,
        done=lambda w: not Video.objects.filter(pk=w.video.pk).exists(),
        ok=(302,),
    ),
    Action(
        "invite an author",
        lambda w: reverse("stories:authors", args=[w.story.slug]),
        EDITORS,
        data=lambda w: {"email": w.newcomer.email},
        done=lambda w: _invited(w.newcomer.email),
        ok=(302,),
    ),
    Action(
        "accept an invitation to co-sign",  # sent to the contributor's address
        lambda w: reverse("stories:join", args=[w.story.slug, _invitation(w)]),
        frozenset({"contributor"}),
        done=lambda w: w.story.authors.filter(email="contributrice@example.org").exists(),
        ok=(302,),
    ),
    Action(
        "send a story for review",
        lambda w: reverse("stories:status", args=[w.story.slug]),
        EDITORS,
        data=lambda w: {"action": "submit"},
        done=lambda w: _story(w).status == Story.Status.PENDING,
        ok=(302,),
    ),
    Action(
        "publish a story",
        lambda w: reverse("stories:status", args=[w.story.slug]),
        MODERATION,  # its author does not manage its place
        data=lambda w: {"action": "publish"},
        done=lambda w: _story(w).status == Story.Status.PUBLISHED,
        ok=(302,),
    ),
    Action(
        "delete a story",
        lambda w: reverse("stories:delete", args=[w.story.slug]),
        EDITORS,
        done=lambda w: not Story.objects.filter(pk=w.story.pk).exists(),
        ok=(302,),
    ),
]
