"""Writers' pages: write a story, its photos and videos, its co-authors, its publication;
"my stories". Signed-in people only; a story is edited by its authors and the moderators
(permissions.py). Each view calls one service; errors re-render the form with what was typed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from placette.core import roles
from placette.places.models import Place
from placette.stories import permissions, queries, services
from placette.stories.forms import (
    AuthorForm,
    PhotoEditForm,
    PhotoForm,
    SendBackForm,
    StoryForm,
    VideoForm,
)
from placette.stories.models import Photo, Story, Video


def _posted(request) -> tuple:
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _story(request, slug: str) -> Story:
    story = get_object_or_404(Story, slug=slug)
    if not permissions.can_edit_story(request.user, story):
        raise PermissionDenied
    return story


def _page(request, template: str, story: Story | None, form=None, **context):
    """Render an edit page; 400 when its form has errors (tests and tools see them)."""
    if story is not None:
        context.setdefault("can_publish", permissions.can_publish(request.user, story))
    status = 400 if form is not None and form.errors else 200
    return render(request, template, {"story": story, "form": form, **context}, status=status)


def _url(name: str, story: Story) -> str:
    return reverse(name, kwargs={"slug": story.slug})


# --- The story ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def create(request):
    if not roles.is_contributor(request.user):
        raise PermissionDenied
    # "Écrire un récit" from a place page (?lieu=<slug>): that place comes ticked.
    preset = list(Place.objects.filter(slug=request.GET.get("lieu", ""), is_published=True)[:1])
    form = StoryForm(
        request.POST or None,
        user=request.user,
        preset=preset,
        initial={"places": preset} if preset else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        story = services.create_story(
            by=request.user, places=data["places"], events=data["events"], **form.to_fields()
        )
        if "find" in request.POST:  # « Chercher le lieu »: stay on the text
            messages.success(request, _("Brouillon enregistré."))
            return redirect("stories:edit", slug=story.slug)
        messages.success(request, _("Brouillon enregistré. Ajoutez maintenant des photos."))
        return redirect("stories:photos", slug=story.slug)
    return _page(request, "stories/story_form.html", None, form)


@require_GET
@login_required
def mine(request):
    return render(request, "stories/mine.html", {"stories": queries.written_by(request.user)})


@require_http_methods(["GET", "POST"])
@login_required
def edit(request, slug: str):
    story = _story(request, slug)
    form = StoryForm(
        request.POST or None,
        user=request.user,
        story=story,
        initial=StoryForm.initial_for(story),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        was = story.status
        changed = services.update_story(
            story=story,
            fields=form.to_fields(),
            places=data["places"],
            events=data["events"],
            by=request.user,
        )
        if story.status == Story.Status.PENDING and was == Story.Status.PUBLISHED:
            messages.info(
                request,
                _(
                    "Modifications enregistrées. Le récit est attaché à un lieu que vous ne gérez "
                    "pas : il repasse en relecture."
                ),
            )
        elif changed:
            messages.success(request, _("Modifications enregistrées."))
        else:
            messages.info(request, _("Rien n'a changé."))
        return redirect("stories:edit", slug=story.slug)
    return _page(request, "stories/story_form.html", story, form)


@require_POST
@login_required
def status(request, slug: str):
    """POST action=submit|publish|unpublish (+ note: the moderator's word when sending back)."""
    story = _story(request, slug)
    action = request.POST.get("action")
    if action == "publish" and not permissions.can_publish(request.user, story):
        raise PermissionDenied
    try:
        if action == "submit":
            services.submit(story=story, by=request.user)
            messages.success(request, _("Récit envoyé en relecture : la modération le publiera."))
        elif action == "publish":
            services.publish(story=story, by=request.user)
            messages.success(request, _("Le récit est publié."))
        elif action == "unpublish":
            form = SendBackForm(request.POST)
            note = form.cleaned_data["note"] if form.is_valid() else ""
            services.unpublish(story=story, by=request.user, note=note)
            messages.success(request, _("Le récit est redevenu un brouillon."))
        else:
            return HttpResponseBadRequest(_("Action inconnue."))
    except services.StoryError as error:
        messages.error(request, str(error))
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("stories:edit", slug=story.slug)


@require_http_methods(["GET", "POST"])
@login_required
def delete(request, slug: str):
    story = _story(request, slug)
    if request.method == "POST":
        services.delete_story(story=story, by=request.user)
        messages.success(request, _("Le récit « %(title)s » est supprimé.") % {"title": story})
        return redirect("stories:mine")
    return _page(
        request,
        "stories/confirm_delete.html",
        story,
        what=_("le récit « %(title)s », ses photos et ses vidéos") % {"title": story.title},
        back=_url("stories:edit", story),
    )


@require_http_methods(["GET", "POST"])
@login_required
def authors(request, slug: str):
    story = _story(request, slug)
    form = AuthorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        services.invite_author(story=story, email=email, by=request.user)
        # The same answer for every address: whether it has an account is not told.
        messages.success(
            request,
            _(
                "Invitation envoyée à %(email)s : la personne co-signera le récit "
                "après avoir ouvert le lien reçu, connectée avec cette adresse."
            )
            % {"email": email},
        )
        return redirect("stories:authors", slug=story.slug)
    return _page(
        request, "stories/authors.html", story, form, authors=story.authors.order_by("email")
    )


@require_http_methods(["GET", "POST"])
@login_required
def join(request, slug: str, token: str):
    """The invitation link: a page with one button, so that a mail client opening the link
    adds nobody."""
    if request.method == "POST":
        try:
            story = services.accept_invitation(token=token, user=request.user)
        except services.StoryError as error:
            return render(request, "stories/join.html", {"error": str(error)}, status=403)
        messages.success(request, _("Vous co-signez maintenant ce récit."))
        return redirect("stories:edit", slug=story.slug)
    return render(request, "stories/join.html", {})


# --- Photos --------------------------------------------------------------------------------


def _thumb(photo: Photo) -> str:
    """The narrowest variant once made, else the photo itself."""
    name = photo.variants[0]["jpeg"] if photo.variants else photo.image.name
    return default_storage.url(name)


@require_http_methods(["GET", "POST"])
@login_required
def photos(request, slug: str):
    story = _story(request, slug)
    form = PhotoForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.add_photo(
            story=story,
            image=data["image"],
            alt=data["alt"],
            caption=data["caption"],
            credit=data["credit"],
            consent=data["consent"],
            by=request.user,
        )
        messages.success(request, _("Photo ajoutée."))
        return redirect("stories:photos", slug=story.slug)
    items = [(photo, _thumb(photo)) for photo in story.photos.all()]
    return _page(request, "stories/photos.html", story, form, photos=items)


def _photo(request, slug: str, pk: int) -> Photo:
    story = _story(request, slug)
    return get_object_or_404(Photo.objects.select_related("story"), pk=pk, story=story)


@require_http_methods(["GET", "POST"])
@login_required
def photo_edit(request, slug: str, pk: int):
    photo = _photo(request, slug, pk)
    initial = {"alt": photo.alt, "caption": photo.caption, "credit": photo.credit}
    form = PhotoEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_photo(photo=photo, by=request.user, **form.cleaned_data)
        messages.success(request, _("Description de la photo enregistrée."))
        return redirect("stories:photos", slug=photo.story.slug)
    return _page(
        request, "stories/photo_form.html", photo.story, form, photo=photo, thumb=_thumb(photo)
    )


@require_POST
@login_required
def photo_move(request, slug: str, pk: int):
    photo = _photo(request, slug, pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        return HttpResponseBadRequest(_("Direction inconnue."))
    services.move_photo(photo=photo, direction=direction, by=request.user)
    return redirect("stories:photos", slug=photo.story.slug)


@require_http_methods(["GET", "POST"])
@login_required
def photo_delete(request, slug: str, pk: int):
    photo = _photo(request, slug, pk)
    if request.method == "POST":
        services.delete_photo(photo=photo, by=request.user)
        messages.success(request, _("Photo supprimée."))
        return redirect("stories:photos", slug=photo.story.slug)
    return _page(
        request,
        "stories/confirm_delete.html",
        photo.story,
        what=_("la photo « %(alt)s »") % {"alt": photo.alt},
        thumb=_thumb(photo),
        thumb_alt=photo.alt,
        back=_url("stories:photos", photo.story),
    )


# --- Videos --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def videos(request, slug: str):
    story = _story(request, slug)
    form = VideoForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        file, content_type = data["file"] or (None, "")
        services.add_video(
            story=story,
            title=data["title"],
            transcript=data["transcript"],
            link=data["url"],
            file=file,
            content_type=content_type,
            by=request.user,
        )
        messages.success(request, _("Vidéo ajoutée."))
        return redirect("stories:videos", slug=story.slug)
    return _page(request, "stories/videos.html", story, form, videos=story.videos.all())


@require_http_methods(["GET", "POST"])
@login_required
def video_delete(request, slug: str, pk: int):
    story = _story(request, slug)
    video = get_object_or_404(Video, pk=pk, story=story)
    if request.method == "POST":
        services.delete_video(video=video, by=request.user)
        messages.success(request, _("Vidéo retirée."))
        return redirect("stories:videos", slug=story.slug)
    return _page(
        request,
        "stories/confirm_delete.html",
        story,
        what=_("la vidéo « %(title)s »") % {"title": video.title},
        back=_url("stories:videos", story),
    )
