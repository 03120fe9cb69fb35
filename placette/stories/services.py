"""Writes of stories: the text, its places and events, its photos and videos, the lifecycle.

Lifecycle (models.py): draft → pending → published, and back to draft. Every transition locks
the story's row, so two moderators cannot decide twice. Authors are e-mailed links on the
site's public address (core.urls).
"""

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from placette.core import lifecycle, mail, roles, text
from placette.core.licences import Licence
from placette.core.urls import absolute
from placette.events.models import Event
from placette.places.models import Place
from placette.stories import invitations, permissions
from placette.stories.models import Photo, Story, Video

STORY_FIELDS = ("title", "summary", "body", "themes", "licence", "credit")
SEARCHED_FIELDS = ("title", "summary", "body", "credit")
# Words of our own routes under /recits/: no story may take them as its slug.
RESERVED_SLUGS = {"ecrire", "mes-recits", "flux", "rss", "atom", "feed"}


class StoryError(Exception):
    """A change the lifecycle or the roles do not allow; the message is for the person."""


def search_text_of(story: Story) -> str:
    return text.search_text(*(getattr(story, name) for name in SEARCHED_FIELDS))


def _require_editor(user, story: Story) -> None:
    if user is not None and not permissions.can_edit_story(user, story):
        raise StoryError(_("Vous ne pouvez pas modifier ce récit."))


def _lock(story: Story) -> Story:
    return Story.objects.select_for_update().get(pk=story.pk)


# --- The text ----------------------------------------------------------------------------


def create_story(
    *,
    by,
    title: str,
    summary: str = "",
    body: str = "",
    themes: Iterable[str] = (),
    licence: str = Licence.CC_BY_SA,
    credit: str = "",
    places: Iterable[Place] = (),
    events: Iterable[Event] = (),
) -> Story:
    """A new draft; `by` (None for demo data) is its first author."""
    with transaction.atomic():
        story = Story(
            slug=text.unique_slug(
                Story, title, fallback="recit", reserved=RESERVED_SLUGS, reserved_suffix="recit"
            ),
            title=title,
            summary=summary,
            body=body,
            themes=sorted(set(themes)),
            licence=licence,
            credit=credit,
            created_by=by,
            status=Story.Status.DRAFT,
        )
        story.search_text = search_text_of(story)
        story.save()
        if by is not None:
            story.authors.add(by)
        story.places.set(list(places))
        story.events.set(list(events))
    return story


def update_story(
    *,
    story: Story,
    fields: dict[str, Any],
    places: Iterable[Place] | None = None,
    events: Iterable[Event] | None = None,
    by,
) -> bool:
    """Change the text (STORY_FIELDS) and, when given, the places and events. The slug stays:
    links already shared keep working. Returns whether anything changed."""
    unknown = set(fields) - set(STORY_FIELDS)
    if unknown:
        raise ValueError(f"unknown story fields: {sorted(unknown)}")
    _require_editor(by, story)
    if "themes" in fields:
        fields = {**fields, "themes": sorted(set(fields["themes"]))}
    with transaction.atomic():
        locked = _lock(story)
        changed = [name for name, value in fields.items() if getattr(locked, name) != value]
        for name in changed:
            setattr(locked, name, fields[name])
            setattr(story, name, fields[name])
        if changed:
            locked.search_text = story.search_text = search_text_of(locked)
            locked.save(update_fields=[*changed, "search_text", "updated_at"])
        if places is not None:
            places = list(places)
            before = set(story.places.values_list("pk", flat=True))
            if {p.pk for p in places} != before:
                story.places.set(places)
                changed.append("places")
                if _review_if_shown_elsewhere(locked, added={p.pk for p in places} - before, by=by):
                    story.status = locked.status
        if events is not None:
            events = list(events)
            if {e.pk for e in events} != set(story.events.values_list("pk", flat=True)):
                story.events.set(events)
                changed.append("events")
    return bool(changed)


def _review_if_shown_elsewhere(story: Story, *, added: set[int], by) -> bool:
    """A published story newly attached to a place `by` does not manage goes back to review:
    it would show on that place's page without its team's agreement. Returns whether it did."""
    if story.status != Story.Status.PUBLISHED or not added or by is None:  # None: demo loader
        return False
    if roles.is_moderator(by):
        return False
    if permissions.manages_every(by, Place.objects.filter(pk__in=added)):
        return False
    story.status = Story.Status.PENDING
    story.save(update_fields=["status", "updated_at"])
    return True


def add_author(*, story: Story, user) -> None:
    """Add `user` as a co-author: for the demo loader and tests; people go through an
    invitation they accept (invite_author, accept_invitation)."""
    story.authors.add(user)


def invite_author(*, story: Story, email: str, by) -> None:
    """E-mail `email` a signed link to co-sign the story. Whoever holds the address, or none,
    the same happens: the form reveals no account."""
    _require_editor(by, story)
    email = email.strip().lower()
    token = invitations.make(story_id=story.pk, email=email)
    mail.send(
        to=email,
        template="stories/email/invitation",
        context={
            "story": story,
            "inviter": by.email,
            "link": absolute("stories:join", slug=story.slug, token=token),
        },
    )


def accept_invitation(*, token: str, user) -> Story:
    """`user` opens the link: they become a co-author if one of their verified addresses is
    the invited one."""
    from allauth.account.models import EmailAddress

    try:
        invitation = invitations.read(token)
    except invitations.InvalidInvitation as exc:
        raise StoryError(_("Ce lien d'invitation n'est pas valide ou a expiré.")) from exc
    story = Story.objects.filter(pk=invitation.story_id).first()
    holds = EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists()
    if story is None or not holds or not user.is_active:
        raise StoryError(
            _("Cette invitation a été envoyée à une autre adresse que les vôtres (vérifiées).")
        )
    story.authors.add(user)
    return story


def delete_story(*, story: Story, by) -> None:
    """Delete the story, its photos and videos, and their files (once the deletion is saved)."""
    _require_editor(by, story)
    names = [name for photo in story.photos.all() for name in _photo_files(photo)]
    names += [video.file.name for video in story.videos.all() if video.file]
    with transaction.atomic():
        story.delete()
        transaction.on_commit(partial(_remove_files, names))


# --- Lifecycle -----------------------------------------------------------------------------


def _ready(story: Story) -> None:
    if not story.body.strip():
        raise StoryError(_("Écrivez le texte du récit avant de le publier."))


def _tell_authors(*, story: Story, by, template: str, note: str = "") -> int:
    """E-mail the authors (but the one who acted) of a decision on their story."""
    authors = story.authors.filter(is_active=True).exclude(email="")
    if by is not None:
        authors = authors.exclude(pk=by.pk)
    to = sorted({author.email for author in authors})
    if to:
        mail.send(
            to=to,
            template=template,
            context={
                "story": story,
                "note": note,
                "story_url": absolute("stories:detail", slug=story.slug),
                "edit_url": absolute("stories:edit", slug=story.slug),
            },
        )
    return len(to)


def submit(*, story: Story, by) -> Story:
    """draft → pending: sent for a moderator's review."""
    _require_editor(by, story)
    with transaction.atomic():
        locked = _lock(story)
        if not lifecycle.allows(Story.TRANSITIONS, locked.status, Story.Status.PENDING):
            raise StoryError(_("Seul un brouillon peut être envoyé en relecture."))
        _ready(locked)
        locked.status = Story.Status.PENDING
        locked.save(update_fields=["status", "updated_at"])
    return locked


def publish(*, story: Story, by) -> Story:
    """draft or pending → published (moderators; authors managing every one of its places).
    `by=None` is the demo loader."""
    if by is not None and not permissions.can_publish(by, story):
        raise StoryError(
            _("Seules les équipes de tous les lieux du récit ou la modération le publient.")
        )
    with transaction.atomic():
        locked = _lock(story)
        was = locked.status
        if not lifecycle.allows(Story.TRANSITIONS, was, Story.Status.PUBLISHED):
            raise StoryError(_("Ce récit est déjà publié."))
        _ready(locked)
        locked.status = Story.Status.PUBLISHED
        locked.published_at = locked.published_at or timezone.now()
        locked.save(update_fields=["status", "published_at", "updated_at"])
        if was == Story.Status.PENDING:
            _tell_authors(story=locked, by=by, template="stories/email/published")
    return locked


def unpublish(*, story: Story, by, note: str = "") -> Story:
    """published or pending → draft: an author withdraws it, or a moderator sends it back
    (its authors are told, with the moderator's `note`)."""
    _require_editor(by, story)
    with transaction.atomic():
        locked = _lock(story)
        was = locked.status
        if not lifecycle.allows(Story.TRANSITIONS, was, Story.Status.DRAFT):
            raise StoryError(_("Ce récit est déjà un brouillon."))
        locked.status = Story.Status.DRAFT
        locked.save(update_fields=["status", "updated_at"])
        if was == Story.Status.PENDING:
            _tell_authors(story=locked, by=by, template="stories/email/sent_back", note=note)
    return locked


# --- Photos --------------------------------------------------------------------------------


def _photo_files(photo: Photo) -> list[str]:
    names = [photo.image.name] if photo.image else []
    for variant in photo.variants or []:
        names += [variant.get("webp", ""), variant.get("jpeg", "")]
    return [name for name in names if name]


def _remove_files(names: Iterable[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _next_position(queryset) -> int:
    top = queryset.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def add_photo(
    *,
    story: Story,
    image: ContentFile,
    alt: str,
    caption: str = "",
    credit: str = "",
    consent: bool,
    by,
    queue_variants: bool = True,
) -> Photo:
    """A photo, already cleaned (uploads.check_photo: no EXIF/GPS); its responsive variants are
    made by the task queue once the photo is saved (queue_variants=False: by the caller)."""
    from placette.stories import tasks

    _require_editor(by, story)
    if not consent:
        raise StoryError(_("Confirmez l'accord des personnes reconnaissables sur la photo."))
    if not alt.strip():
        raise StoryError(_("Décrivez la photo pour les personnes qui ne la voient pas."))
    with transaction.atomic():
        photo = Photo.objects.create(
            story=story,
            image=image,
            alt=alt.strip(),
            caption=caption.strip(),
            credit=credit.strip(),
            consent=True,
            position=_next_position(story.photos.all()),
            uploaded_by=by,
        )
        if queue_variants:
            transaction.on_commit(partial(tasks.make_photo_variants.enqueue, photo_id=photo.pk))
    return photo


def update_photo(*, photo: Photo, alt: str, caption: str = "", credit: str = "", by) -> Photo:
    _require_editor(by, photo.story)
    if not alt.strip():
        raise StoryError(_("Décrivez la photo pour les personnes qui ne la voient pas."))
    photo.alt, photo.caption, photo.credit = alt.strip(), caption.strip(), credit.strip()
    photo.save(update_fields=["alt", "caption", "credit"])
    return photo


def _move(item, *, siblings, direction: str) -> None:
    """Move `item` one step up or down among `siblings`, numbering them 0, 1, 2…"""
    if direction not in ("up", "down"):
        raise ValueError(direction)
    with transaction.atomic():
        ordered = list(siblings.select_for_update())
        index = next(i for i, other in enumerate(ordered) if other.pk == item.pk)
        target = index - 1 if direction == "up" else index + 1
        if 0 <= target < len(ordered):
            ordered[index], ordered[target] = ordered[target], ordered[index]
        for position, other in enumerate(ordered):
            if other.position != position:
                type(other).objects.filter(pk=other.pk).update(position=position)
                other.position = position


def move_photo(*, photo: Photo, direction: str, by) -> None:
    _require_editor(by, photo.story)
    _move(photo, siblings=photo.story.photos.order_by("position", "id"), direction=direction)


def delete_photo(*, photo: Photo, by) -> None:
    """Delete the photo and, once that is saved, its file and variants."""
    _require_editor(by, photo.story)
    names = _photo_files(photo)
    with transaction.atomic():
        photo.delete()
        transaction.on_commit(partial(_remove_files, names))


# --- Videos --------------------------------------------------------------------------------


def add_video(
    *,
    story: Story,
    title: str,
    transcript: str = "",
    link=None,
    file: ContentFile | None = None,
    content_type: str = "",
    by,
) -> Video:
    """A video: `link` (videos.VideoLink, from videos.parse_link) or an uploaded `file`
    already checked by videos.check_upload (with its `content_type`)."""
    _require_editor(by, story)
    if (link is None) == (file is None):
        raise StoryError(_("Donnez soit l'adresse d'une vidéo, soit un fichier."))
    if not title.strip():
        raise StoryError(_("Donnez un titre à la vidéo."))
    fields: dict[str, Any] = {"title": title.strip(), "transcript": transcript.strip()}
    if link is not None:
        fields.update(provider=link.provider, url=link.url, embed_url=link.embed_url)
    else:
        fields.update(provider=Video.Provider.UPLOAD, file=file, content_type=content_type)
    with transaction.atomic():
        return Video.objects.create(
            story=story, position=_next_position(story.videos.all()), **fields
        )


def delete_video(*, video: Video, by) -> None:
    _require_editor(by, video.story)
    names = [video.file.name] if video.file else []
    with transaction.atomic():
        video.delete()
        transaction.on_commit(partial(_remove_files, names))
