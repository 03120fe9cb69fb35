"""Stories (récits): what happened in a place, told with text, photos and videos.

Lifecycle (services.py moves it, nothing else does): draft → pending (sent for review) →
published; a published story can go back to draft. Authors who manage one of the story's places,
and moderators, publish directly; other contributors send it for review.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from placette.core.licences import Licence
from placette.events.models import Event
from placette.places.models import Place


class Story(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PENDING = "pending", _("En relecture")
        PUBLISHED = "published", _("Publié")

    # The lifecycle (core/lifecycle.py): the moves services.py may make.
    TRANSITIONS = {
        Status.DRAFT: {Status.PENDING, Status.PUBLISHED},
        Status.PENDING: {Status.PUBLISHED, Status.DRAFT},
        Status.PUBLISHED: {Status.DRAFT, Status.PENDING},
    }

    slug = models.SlugField(max_length=220, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    summary = models.CharField(_("chapô"), max_length=300, blank=True)
    body = models.TextField(_("texte"), blank=True)  # Markdown, rendered by core/markdown.py
    themes = models.JSONField(_("thèmes"), default=list, blank=True)  # places.vocab.Service codes
    licence = models.CharField(
        _("licence"), max_length=24, choices=Licence.choices, default=Licence.CC_BY_SA
    )
    credit = models.CharField(_("signature"), max_length=200, blank=True)  # e.g. "L'équipe de …"
    places = models.ManyToManyField(Place, related_name="stories", blank=True)
    events = models.ManyToManyField(Event, related_name="stories", blank=True)
    authors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="stories", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Folded words (core.text.fold) of title, summary, body and credit, set by services.py.
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["status", "-published_at"], name="story_status_published")]
        verbose_name = _("récit")
        verbose_name_plural = _("récits")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("stories:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Photo(models.Model):
    """A photo of a story. `image` is the uploaded file re-encoded without metadata
    (core/images.py); `variants` are the responsive sizes made by the task queue (tasks.py):

        [{"width": 480, "height": 320, "webp": "stories/…480.webp", "jpeg": "stories/…480.jpg"}]

    (paths relative to MEDIA_ROOT, narrowest first). Until they exist, pages show `image`.
    """

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        _("photo"), upload_to="stories/%Y/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt = models.CharField(_("description de la photo (texte alternatif)"), max_length=300)
    caption = models.CharField(_("légende"), max_length=300, blank=True)
    credit = models.CharField(_("crédit"), max_length=150, blank=True)
    # "Droit à l'image": whoever uploads confirms that recognisable people agreed.
    consent = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)
    variants = models.JSONField(default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.alt


class Video(models.Model):
    """A video of a story: a link to PeerTube, YouTube or Vimeo (shown as a click-to-load
    preview: nothing is asked of the host before the visitor clicks), or an uploaded file."""

    class Provider(models.TextChoices):
        PEERTUBE = "peertube", "PeerTube"
        YOUTUBE = "youtube", "YouTube"
        VIMEO = "vimeo", "Vimeo"
        UPLOAD = "upload", _("Fichier envoyé")

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="videos")
    title = models.CharField(_("titre de la vidéo"), max_length=200)
    provider = models.CharField(max_length=10, choices=Provider.choices)
    url = models.URLField(_("adresse de la vidéo"), max_length=500, blank=True)  # the watch page
    embed_url = models.URLField(max_length=500, blank=True)  # the player, loaded on click only
    file = models.FileField(_("fichier vidéo"), upload_to="stories/videos/%Y/", blank=True)
    content_type = models.CharField(max_length=40, blank=True)  # of `file`: video/mp4, video/webm
    transcript = models.TextField(_("transcription ou résumé"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title
