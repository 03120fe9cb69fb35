"""The knowledge commons: resources co-edited like a wiki, and collections of them.

A Resource holds the text of its latest accepted Revision; every Revision is a full snapshot of
the edited fields (REVISED_FIELDS), so the history shows diffs between any two, a revert is one
more revision copying an old one, and "who wrote what" follows each line back to its revision.

Revision lifecycle (services.py moves it): proposed → accepted | rejected. Edits by people who
may edit directly (the resource's creator, managers of its places, moderators) are accepted at
once; other contributors' edits wait as proposals in the moderation queue.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from placette.core.licences import Licence
from placette.places.models import Place

# The fields a revision snapshots: what co-editing changes.
REVISED_FIELDS = ("title", "kind", "summary", "body", "themes", "licence")


class Kind(models.TextChoices):
    ARTICLE = "article", _("Article")
    INTERVIEW = "entretien", _("Entretien")
    TUTORIAL = "tutoriel", _("Tutoriel")
    SHEET = "fiche-pratique", _("Fiche pratique")
    METHOD = "methode", _("Méthode (travail collaboratif)")
    TOOL = "outil", _("Outil")
    VIDEO = "video", _("Vidéo")


class Resource(models.Model):
    slug = models.SlugField(max_length=220, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    summary = models.CharField(_("résumé"), max_length=300, blank=True)
    body = models.TextField(_("texte"), blank=True)  # Markdown, rendered by core/markdown.py
    themes = models.JSONField(_("thèmes"), default=list, blank=True)  # places.vocab.Service codes
    licence = models.CharField(
        _("licence"), max_length=24, choices=Licence.choices, default=Licence.CC_BY_SA
    )
    # The places that wrote it (shown on their pages).
    places = models.ManyToManyField(Place, related_name="resources", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Folded words (core.text.fold) of title, summary and body, set by services.py.
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("commons:detail", kwargs={"slug": self.slug})


class Revision(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposée")
        ACCEPTED = "accepted", _("Acceptée")
        REJECTED = "rejected", _("Refusée")

    # The lifecycle (core/lifecycle.py): a proposal is decided once; direct edits and reverts
    # are created accepted.
    TRANSITIONS = {
        Status.PROPOSED: {Status.ACCEPTED, Status.REJECTED},
        Status.ACCEPTED: set(),
        Status.REJECTED: set(),
    }

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="revisions")
    # 1, 2, 3… per resource, for accepted revisions; proposals get theirs when accepted.
    number = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    summary = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    themes = models.JSONField(default=list, blank=True)
    licence = models.CharField(max_length=24, choices=Licence.choices)
    note = models.CharField(_("résumé de la modification"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    base = models.ForeignKey(  # the revision the edit started from (to warn of edit conflicts)
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reverts = models.ForeignKey(  # set when this revision restores an older one
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("motif"), max_length=500, blank=True)  # of a rejection
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["resource", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "number"], name="revision_number_unique_per_resource"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource_id} r{self.number}"

    def snapshot(self) -> dict:
        return {name: getattr(self, name) for name in REVISED_FIELDS}


class Attachment(models.Model):
    """A file joined to a resource: PDF, ODT (and other OpenDocument) or an image, checked by
    its content, not its name, and stored under a name of our own."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="commons/%Y/")
    title = models.CharField(_("titre du fichier"), max_length=200)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title


class Collection(models.Model):
    """Resources someone signed in puts together and shares ("kit pour démarrer un EPN")."""

    slug = models.SlugField(max_length=220, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("présentation"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collections"
    )
    is_public = models.BooleanField(_("visible par tous"), default=True)
    resources = models.ManyToManyField(Resource, through="CollectionItem", related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("commons:collection", kwargs={"slug": self.slug})


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="collection_items"
    )
    note = models.CharField(_("pourquoi cette ressource"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "resource"], name="collection_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.collection_id}: {self.resource_id}"
