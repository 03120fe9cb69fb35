"""What flows into the directory: data sources, import runs, possible duplicates."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from placette.places.models import Place


class DataSource(models.Model):
    """A producer whose files we import; its licence is credited on the open-data page."""

    slug = models.SlugField(_("nom court"), max_length=100, unique=True)  # Place.source
    label = models.CharField(_("nom"), max_length=200)
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    licence_url = models.URLField(_("adresse de la licence"), blank=True)
    url = models.URLField(_("adresse des données"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("source de données")
        verbose_name_plural = _("sources de données")
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class ImportRun(models.Model):
    """One import of one file, from the command or the staff page: who, when, what, outcome.

    A run from the staff page starts as a preview (nothing written, `content` kept so the
    confirmation imports exactly the previewed file) and becomes applied or rejected."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("aperçu, à confirmer")
        APPLIED = "applied", _("importé")
        REJECTED = "rejected", _("refusé")
        DISCARDED = "discarded", _("abandonné")

    source = models.CharField(_("source"), max_length=100)
    format = models.CharField(_("format"), max_length=20)
    file_name = models.CharField(_("fichier"), max_length=255)
    file_sha256 = models.CharField(max_length=64)
    content = models.TextField(blank=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("envoyé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # When the run started (a preview's upload), not when it was saved.
    created_at = models.DateTimeField(_("envoyé le"), default=timezone.now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices)
    rows = models.PositiveIntegerField(_("lignes"), default=0)
    created = models.PositiveIntegerField(_("créés"), default=0)
    updated = models.PositiveIntegerField(_("mis à jour"), default=0)
    unchanged = models.PositiveIntegerField(_("inchangés"), default=0)
    kept = models.PositiveIntegerField(_("champs gardés (modifiés par le lieu)"), default=0)
    # [{"line", "field", "message"}] of a rejected file.
    errors = models.JSONField(default=list, blank=True)
    # [{"line", "field", "message"}]: values kept as text or dropped, the rows imported.
    warnings = models.JSONField(default=list, blank=True)
    # [{"line", "source_id", "name", "action", "changed", "kept", "place_id"}] per record, for
    # the preview (place_id: the place updated, None for a place to create).
    outcomes = models.JSONField(default=list, blank=True)
    # Label, licence, licence_url and url of the DataSource to create if the source is new:
    # given with the file, used when the run is applied.
    source_details = models.JSONField(default=dict, blank=True)
    # Possible duplicates the applied import brought up (new DuplicatePair rows).
    duplicates_found = models.PositiveIntegerField(_("doublons possibles trouvés"), default=0)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.source}, {self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("sources:import", kwargs={"pk": self.pk})


class DuplicatePair(models.Model):
    """Two places of different sources that may be the same: a staff member merges them or
    keeps them apart; a pair kept apart is never proposed again."""

    class Reason(models.TextChoices):
        SIRET = "siret", _("même SIRET")
        NEARBY_NAME = "nearby", _("noms proches à moins de 100 m")

    class Status(models.TextChoices):
        OPEN = "open", _("à examiner")
        MERGED = "merged", _("fusionnés")
        KEPT_APART = "apart", _("distincts")

    # Null once merged: the absorbed place is gone; `names` keeps what the pair was.
    place_a = models.ForeignKey(Place, null=True, on_delete=models.SET_NULL, related_name="+")
    place_b = models.ForeignKey(Place, null=True, on_delete=models.SET_NULL, related_name="+")
    names = models.CharField(max_length=450)
    reason = models.CharField(_("motif"), max_length=10, choices=Reason.choices)
    distance_m = models.FloatField(_("distance (m)"), null=True, blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    found_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("doublon possible")
        verbose_name_plural = _("doublons possibles")
        ordering = ["-found_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["place_a", "place_b"], name="duplicatepair_unique"),
            # Each pair is stored once, smaller id first.
            models.CheckConstraint(
                condition=models.Q(place_a__lt=models.F("place_b")),
                name="duplicatepair_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.names

    @property
    def places(self) -> tuple[Place | None, Place | None]:
        return self.place_a, self.place_b
