"""Who manages which place, and the requests to manage one."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from placette.places.models import Place


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
        constraints = [
            models.UniqueConstraint(fields=["place", "user"], name="placemanager_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.place}"


class Claim(models.Model):
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
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Approved at once: the person's verified e-mail domain is the place's website's.
    by_domain = models.BooleanField(default=False)
    reason = models.TextField(_("motif"), blank=True)

    class Meta:
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
