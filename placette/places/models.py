import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from placette.core.models import Decision
from placette.places import hours, territories, vocab


class Place(models.Model):
    """A tiers-lieu of the directory. Writes go through places.services."""

    # Stable public identifier: the `id` of our open-data exports and of the API.
    uid = models.UUIDField(_("identifiant"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("adresse web"), max_length=220, unique=True)
    summary = models.CharField(_("présentation courte"), max_length=280, blank=True)
    description = models.TextField(_("présentation détaillée"), blank=True)

    address = models.CharField(_("adresse"), max_length=300, blank=True)
    address_extra = models.CharField(_("complément d'adresse"), max_length=300, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=5, blank=True, db_index=True)
    insee_code = models.CharField(_("code INSEE"), max_length=5, blank=True)
    commune = models.CharField(_("commune"), max_length=150, blank=True)
    departement = models.CharField(_("département"), max_length=3, blank=True, db_index=True)
    region = models.CharField(_("région"), max_length=2, blank=True, db_index=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    itinerant = models.BooleanField(_("itinérant"), default=False)

    opening_hours = models.CharField(
        _("horaires (syntaxe OpenStreetMap)"),
        max_length=500,
        blank=True,
        db_index=True,
        validators=[hours.validate],
    )
    opening_hours_note = models.CharField(
        _("précisions sur les horaires"), max_length=500, blank=True
    )

    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    emails = models.JSONField(_("courriels"), default=list, blank=True)
    websites = models.JSONField(_("sites web"), default=list, blank=True)
    social_links = models.JSONField(_("réseaux sociaux"), default=list, blank=True)
    specific_support = models.JSONField(_("prise en charge spécifique"), default=list, blank=True)
    access_modes = models.JSONField(_("modalités d'accès"), default=list, blank=True)
    support_modes = models.JSONField(_("modalités d'accompagnement"), default=list, blank=True)
    accessibility_url = models.URLField(_("fiche accessibilité"), max_length=500, blank=True)
    fees = models.JSONField(_("frais à charge"), default=list, blank=True)
    national_programmes = models.JSONField(
        _("dispositifs et programmes nationaux"), default=list, blank=True
    )
    training_labels = models.JSONField(_("formations et labels"), default=list, blank=True)
    other_training_labels = models.JSONField(
        _("autres formations et labels"), default=list, blank=True
    )
    appointment_url = models.URLField(
        _("prise de rendez-vous en ligne"), max_length=500, blank=True
    )
    parent_organisation = models.CharField(_("structure parente"), max_length=200, blank=True)
    # data·inclusion structure codes of the LaMednum `typologie` column, kept as given so an
    # export says what the source said; families are derived from them.
    structure_types = models.JSONField(_("typologie"), default=list, blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, db_index=True)
    rna = models.CharField(_("RNA"), max_length=10, blank=True)

    # The import source the place first came from (its credit); every (source, id) pair that
    # designates it, merges included, is a PlaceSource row.
    source = models.CharField(_("source"), max_length=100, blank=True)
    # Who collected the record (LaMednum `source` column): the place itself or a third party.
    collected_by = models.CharField(_("données collectées par"), max_length=200, blank=True)
    source_updated_on = models.DateField(_("mise à jour par la source"), null=True, blank=True)
    # Field name -> ISO datetime of the last edit by the place's own manager: an import does
    # not overwrite such a field with data its source dated earlier.
    manager_edits = models.JSONField(default=dict, blank=True, editable=False)
    completeness = models.PositiveSmallIntegerField(
        _("complétude (%)"), default=0, editable=False, db_index=True
    )
    # Freshness: the latest date the record was known true (source date or manager edit).
    checked_on = models.DateField(
        _("à jour au"), null=True, blank=True, editable=False, db_index=True
    )
    # The freshness loop (places.freshness): the team's "still true" click, the last reminder.
    confirmed_on = models.DateField(_("informations confirmées le"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("dernière mise à jour"), auto_now=True)
    is_published = models.BooleanField(_("publié"), default=True)

    # Lower-case, accent-free words of name, commune, presentation and families:
    # the same search on SQLite and PostgreSQL, filled by services.
    search_text = models.TextField(editable=False, default="")
    # The commune folded, "st" read "saint" (places.wording.commune_key): a search naming the
    # commune ranks its places first, on SQLite and PostgreSQL alike.
    commune_key = models.CharField(max_length=150, editable=False, default="", db_index=True)

    class Meta:
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        ordering = ["name", "id"]
        # Partial indexes over published places (every public read filters on it). They hold
        # what maps, facets and list order read, so those queries skip the wide rows. SQLite
        # indexes always hold the row id; PostgreSQL needs it included (ignored on SQLite) for
        # index-only scans of the map grouping and of the territory facets.
        indexes = [
            models.Index(
                fields=["latitude", "longitude"],
                include=["id"],
                condition=models.Q(is_published=True),
                name="place_published_geo",
            ),
            models.Index(
                fields=["departement", "region"],
                include=["id"],
                condition=models.Q(is_published=True),
                name="place_published_territory",
            ),
            models.Index(
                fields=["name", "id"],
                condition=models.Q(is_published=True),
                name="place_published_name",
            ),
            # The list's quality orders (tri=completude, tri=fraicheur): the first page is read
            # from the index instead of sorting every place (0007_quality_indexes; on
            # PostgreSQL the second is rebuilt with NULLS FIRST, never-dated places first).
            models.Index(
                fields=["completeness", "name", "id"],
                condition=models.Q(is_published=True),
                name="place_published_completeness",
            ),
            models.Index(
                fields=["checked_on", "name", "id"],
                condition=models.Q(is_published=True),
                name="place_published_checked",
            ),
            # The few unpublished places, whose tags are taken out of the all-places counts.
            models.Index(
                fields=["id"], condition=models.Q(is_published=False), name="place_unpublished"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:detail", kwargs={"slug": self.slug})

    def _codes(self, kind: str) -> list[str]:
        # Reads the prefetched tags, so list pages stay at a fixed number of queries.
        return sorted(tag.code for tag in self.tags.all() if tag.kind == kind)

    @property
    def families(self) -> list[str]:
        return self._codes(PlaceTag.Kind.FAMILY)

    @property
    def services(self) -> list[str]:
        return self._codes(PlaceTag.Kind.SERVICE)

    @property
    def publics(self) -> list[str]:
        return self._codes(PlaceTag.Kind.PUBLIC)

    @property
    def family_labels(self) -> list[str]:
        return vocab.labels(vocab.Family, self.families)

    @property
    def service_labels(self) -> list[str]:
        return vocab.labels(vocab.Service, self.services)

    @property
    def public_labels(self) -> list[str]:
        return vocab.labels(vocab.Public, self.publics)

    @property
    def departement_label(self) -> str:
        return territories.departement_label(self.departement) if self.departement else ""

    @property
    def region_label(self) -> str:
        return territories.REGIONS.get(self.region, "")

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class PlaceSource(models.Model):
    """One (source, id) pair designating a place: imports find the place to update by it."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="source_ids")
    source = models.CharField(_("source"), max_length=100)
    source_id = models.CharField(_("identifiant dans la source"), max_length=100)
    updated_on = models.DateField(_("mise à jour par la source"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="placesource_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.source_id}"


class PlaceTag(models.Model):
    """One value of a multi-valued vocabulary (family, service, public) of a place."""

    class Kind(models.TextChoices):
        FAMILY = "family", _("famille")
        SERVICE = "service", _("service")
        PUBLIC = "public", _("public")

    VOCABULARIES = {
        Kind.FAMILY: vocab.Family,
        Kind.SERVICE: vocab.Service,
        Kind.PUBLIC: vocab.Public,
    }

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    code = models.CharField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place", "kind", "code"], name="placetag_unique"),
        ]
        # For the tag filters (code and kind given). Not led by kind: a facet count names only
        # kinds, and should read each matching place's tags from the unique (place, kind, code)
        # index rather than every tag of a kind.
        indexes = [models.Index(fields=["code", "kind", "place"], name="placetag_code")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.code}"


class PlaceVersion(models.Model):
    """One change to a place: who, when, and each changed field's value before and after.

    Only differences are stored: the state at any version is the current record with the later
    versions' `before` values put back (places.history.state_at).
    """

    class Kind(models.TextChoices):
        CREATED = "created", _("création")
        EDITED = "edited", _("modification")
        IMPORTED = "imported", _("import")
        CONTRIBUTION = "contribution", _("contribution acceptée")
        MERGED = "merged", _("fusion")
        REVERTED = "reverted", _("retour à une version antérieure")
        CONFIRMED = "confirmed", _("informations confirmées")

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="versions")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # SET_NULL: a deleted account's past changes stay, anonymised.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who, in words, when there is no account: "import cget-2019 n° 3", "contribution n° 12".
    origin = models.CharField(max_length=200, blank=True)
    note = models.CharField(max_length=500, blank=True)
    changes = models.JSONField(default=dict)  # {"field": [before, after]}

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["place", "-created_at"], name="placeversion_place")]

    def __str__(self) -> str:
        return f"{self.place_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"


# --- A place's team ---------------------------------------------------------------------------
# Their tables keep the names they had in the accounts app (migration places 0009).


class PlaceManager(models.Model):
    """A member of a place's own team: edits the place directly, gets its freshness reminders."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="managers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="managed_places"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The claim that made this person a manager (none when an administrator named them).
    claim = models.OneToOneField("Claim", null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        db_table = "accounts_placemanager"
        constraints = [
            models.UniqueConstraint(fields=["place", "user"], name="placemanager_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.place}"


class Claim(Decision):
    """A person asks to manage a place. Lifecycle: pending → approved | rejected."""

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        APPROVED = "approved", _("acceptée")
        REJECTED = "rejected", _("refusée")

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="claims")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claims"
    )
    role = models.CharField(_("votre rôle dans le lieu"), max_length=200)
    message = models.TextField(_("message pour l'équipe de modération"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    # Approved at once: the person's verified e-mail domain is the place's website's.
    by_domain = models.BooleanField(default=False)

    class Meta:
        db_table = "accounts_claim"
        ordering = ["-created_at"]
        constraints = [
            # One open request per person and place.
            models.UniqueConstraint(
                fields=["place", "user"],
                condition=models.Q(status="pending"),
                name="claim_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.place} ({self.status})"
