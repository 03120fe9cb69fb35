"""Abstract models shared by apps: no table of their own, no migration."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Decision(models.Model):
    """A moderator's decision on something sent in (a proposal, a claim, a report): when, by
    whom, and the reason given to the person. Each model keeps its own `status` choices."""

    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("motif"), blank=True)

    class Meta:
        abstract = True
