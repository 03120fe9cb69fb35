"""What the public sends in: proposals (a new place, a change to one) and reports of abuse.

Lifecycles (services.py moves them, nothing else does):
- Contribution: unconfirmed → pending (the e-mail link was followed, or sent signed in)
  → accepted | rejected; a moderator's question puts it in `question` until the contributor
  answers (back to pending).
- Report: unconfirmed → open → resolved | dismissed.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from placette.core.models import Decision
from placette.places.models import Place


class Contribution(Decision):
    class Kind(models.TextChoices):
        NEW_PLACE = "new_place", _("nouveau lieu")
        CHANGE = "change", _("modification d'un lieu")

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("courriel non confirmé")
        PENDING = "pending", _("à modérer")
        QUESTION = "question", _("question posée")
        ACCEPTED = "accepted", _("acceptée")
        REJECTED = "rejected", _("refusée")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.UNCONFIRMED, db_index=True
    )
    # The place changed (CHANGE), or created on acceptance (NEW_PLACE).
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="contributions"
    )
    # The proposed values: save_place's fields, and tags under "families"/"services"/"publics".
    data = models.JSONField(default=dict)
    message = models.TextField(_("message"), blank=True)
    # The contributor: an account, or an e-mail address (anonymised when the account goes).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    email = models.EmailField(_("courriel"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The address the geocoder matched when it gave the proposed coordinates (else empty).
    geocoded_label = models.CharField(_("adresse géocodée"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        permissions = [("moderate", _("Modérer les contributions, demandes et signalements"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} n° {self.pk}"

    @property
    def title(self) -> str:
        """The place's name as proposed, or as it is."""
        return self.data.get("name") or (self.place.name if self.place else "")

    @property
    def is_open(self) -> bool:
        """Still awaiting a moderator's decision."""
        return self.status in (self.Status.PENDING, self.Status.QUESTION)


class Message(models.Model):
    """The thread of a contribution: a moderator's question, the contributor's answer."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="thread")
    from_moderator = models.BooleanField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.contribution} — {self.created_at:%Y-%m-%d %H:%M}"


class Report(Decision):
    """Someone reports abusive content on a public page. Its `reason` is the reporter's (one of
    Reason); the moderator's words on the decision go in `note`."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("publicité ou spam")
        OFFENSIVE = "offensive", _("contenu injurieux, haineux ou discriminatoire")
        PERSONAL = "personal", _("données personnelles publiées sans accord")
        ILLEGAL = "illegal", _("contenu illégal")
        OTHER = "other", _("autre")

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("courriel non confirmé")
        OPEN = "open", _("à traiter")
        RESOLVED = "resolved", _("traité")
        DISMISSED = "dismissed", _("sans suite")

    # The lifecycle (core/lifecycle.py): confirmed by its e-mailed link, then decided once.
    TRANSITIONS = {
        Status.UNCONFIRMED: {Status.OPEN},
        Status.OPEN: {Status.RESOLVED, Status.DISMISSED},
        Status.RESOLVED: set(),
        Status.DISMISSED: set(),
    }

    path = models.CharField(_("page"), max_length=500)  # the reported page's path on this site
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    reason = models.CharField(_("motif"), max_length=10, choices=Reason.choices)
    message = models.TextField(_("précisions"), blank=True)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.UNCONFIRMED, db_index=True
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(_("courriel"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("suite donnée"), blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} — {self.path}"
