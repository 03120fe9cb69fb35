"""The agenda: an Event (one activity or a series) has dated Occurrences, each with its own
location and registrations.

Lifecycles (services.py moves them, nothing else does):
- Event: draft → published → cancelled | postponed | moved online (Occurrence locations become
  online); registrants of each occurrence are told of every change.
- Occurrence: scheduled → cancelled; "moved" keeps the row (and its registrations), with the
  former start kept in `original_start`.
- Registration: confirmed | waiting → cancelled; a freed seat promotes the first waiting.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from placette.events import vocab
from placette.places.models import Place


class Event(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        PUBLISHED = "published", _("publié")
        CANCELLED = "cancelled", _("annulé")
        POSTPONED = "postponed", _("reporté")

    # The lifecycle (core/lifecycle.py): the moves services/events.py may make.
    TRANSITIONS = {
        Status.DRAFT: {Status.PUBLISHED, Status.CANCELLED},
        Status.PUBLISHED: {Status.POSTPONED, Status.CANCELLED},
        Status.POSTPONED: {Status.PUBLISHED, Status.CANCELLED},
        Status.CANCELLED: set(),
    }

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=220, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    kind = models.CharField(_("type"), max_length=12, choices=vocab.Kind.choices)
    summary = models.CharField(_("en une phrase"), max_length=280, blank=True)
    description = models.TextField(_("description"), blank=True)
    themes = models.JSONField(_("thèmes"), default=list, blank=True)  # places.vocab.Service codes
    publics = models.JSONField(_("publics"), default=list, blank=True)  # places.vocab.Public codes
    level = models.CharField(
        _("niveau"), max_length=14, choices=vocab.Level.choices, default=vocab.Level.ALL
    )
    # None: not known (an imported calendar says nothing of the price): nothing is shown.
    is_free = models.BooleanField(_("gratuit"), null=True, default=True)
    price = models.CharField(_("tarif"), max_length=200, blank=True)
    accessibility = models.JSONField(_("accessibilité"), default=list, blank=True)  # vocab codes
    language = models.CharField(_("langue"), max_length=8, default="fr")
    image = models.ImageField(_("image"), upload_to="events/%Y/", blank=True)
    image_alt = models.CharField(_("description de l'image"), max_length=300, blank=True)
    # The organiser: a place of the directory, and its team (PlaceManager) manages the event.
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="events")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Seats per occurrence unless the occurrence says otherwise; null: no registration needed.
    capacity = models.PositiveIntegerField(_("places par date"), null=True, blank=True)
    registration = models.BooleanField(_("inscription"), default=True)
    # Recurrence ("every Tuesday 14:00–17:00 except school holidays"): an RFC 5545 RRULE whose
    # dates become Occurrences (recurrence.py); single dates may then be cancelled or moved.
    rrule = models.CharField(max_length=300, blank=True)
    skip_school_holidays = models.CharField(
        _("sauf vacances scolaires"), max_length=1, choices=vocab.SCHOOL_ZONES, blank=True
    )
    # Imported from a calendar feed: de-duplicated by the feed's UID.
    feed = models.ForeignKey(
        "CalendarFeed", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    external_uid = models.CharField(max_length=500, blank=True)
    sequence = models.PositiveIntegerField(default=0)  # iCalendar SEQUENCE, grows on change
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Folded words (core.text.fold) of title, summary, description, kind and organising
    # place, title first; set by services.py (the site search reads it).
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["feed", "external_uid"],
                condition=~models.Q(external_uid=""),
                name="event_feed_uid",
            ),
        ]
        indexes = [models.Index(fields=["status", "place"], name="event_status_place")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})


class Occurrence(models.Model):
    """One date of an event, with its own location and its own registrations."""

    class Mode(models.TextChoices):
        PLACE = "place", _("dans le lieu")
        OUTSIDE = "outside", _("hors les murs")
        ONLINE = "online", _("en ligne")
        HYBRID = "hybrid", _("sur place et en ligne")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("prévu")
        CANCELLED = "cancelled", _("annulé")

    TRANSITIONS = {Status.SCHEDULED: {Status.CANCELLED}, Status.CANCELLED: set()}

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="occurrences")
    start = models.DateTimeField(_("début"), db_index=True)
    end = models.DateTimeField(_("fin"))
    original_start = models.DateTimeField(null=True, blank=True)  # set when moved
    moved_online = models.BooleanField(default=False)  # was in a place, now online only
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    mode = models.CharField(_("où"), max_length=8, choices=Mode.choices, default=Mode.PLACE)
    # PLACE / HYBRID: a place of the directory (the organiser's by default).
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="occurrences"
    )
    # OUTSIDE: any address, with its own point on the map.
    venue = models.CharField(_("lieu d'accueil"), max_length=200, blank=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=5, blank=True)
    commune = models.CharField(_("commune"), max_length=150, blank=True)
    departement = models.CharField(max_length=3, blank=True, db_index=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # ONLINE / HYBRID
    online_url = models.URLField(_("lien de connexion"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)  # else event's
    # Made by the event's recurrence rule; False once edited by hand (kept when regenerating).
    from_rule = models.BooleanField(default=False)
    sequence = models.PositiveIntegerField(default=0)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["start"]
        indexes = [models.Index(fields=["event", "start"], name="occurrence_event_start")]

    def __str__(self) -> str:
        return f"{self.event} — {self.start:%Y-%m-%d %H:%M}"

    @property
    def seats(self) -> int | None:
        """Seats of this date; None when unlimited."""
        return self.capacity if self.capacity is not None else self.event.capacity


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("à confirmer")
        CONFIRMED = "confirmed", _("inscrit")
        WAITING = "waiting", _("en liste d'attente")
        CANCELLED = "cancelled", _("annulé")

    # A seat freed goes to the waiting list (services/registrations.py). PENDING holds a seat
    # until `expires_at` for an address not confirmed yet: confirm, or cancelled at expiry.
    TRANSITIONS = {
        Status.PENDING: {Status.CONFIRMED, Status.CANCELLED},
        Status.CONFIRMED: {Status.CANCELLED},
        Status.WAITING: {Status.PENDING, Status.CONFIRMED, Status.CANCELLED},
        Status.CANCELLED: set(),
    }

    occurrence = models.ForeignKey(
        Occurrence, on_delete=models.CASCADE, related_name="registrations"
    )
    name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    public = models.CharField(_("public"), max_length=20, blank=True)  # places.vocab.Public
    status = models.CharField(max_length=10, choices=Status.choices)
    # A mediator who took the registration on someone's behalf (at the desk, on the phone).
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    # The personal link (cancel, see status) carries this; no account needed.
    token = models.CharField(max_length=64, unique=True)
    # A phone number alone: a short code to say over the phone, to cancel with the number
    # (services/registrations.new_code); unique within the event.
    code = models.CharField(_("code"), max_length=8, blank=True, db_index=True)
    attendance = models.CharField(
        max_length=8, choices=vocab.Attendance.choices, default="", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)  # the waiting list's order
    cancelled_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    # Set while the e-mail address is not confirmed (public form): the seat or the place on
    # the waiting list is held until then. Kept on a hold cancelled at expiry.
    expires_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["occurrence", "status", "created_at"], name="registration_queue")
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.occurrence} ({self.status})"


class CalendarFeed(models.Model):
    """An outside iCalendar feed (Gancio, OpenAgenda, Nextcloud…) whose events a place imports."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="calendar_feeds")
    url = models.URLField(_("adresse du calendrier (iCal)"), max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    etag = models.CharField(max_length=200, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_error = models.TextField(blank=True)
    skipped = models.TextField(blank=True)  # events left out at the last read, one a line
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place", "url"], name="calendarfeed_unique"),
        ]

    def __str__(self) -> str:
        return self.url
