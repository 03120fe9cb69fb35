"""Who may decide claims and delete an account (the role × action check:
tests/permissions/harness.py)."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from placette.accounts.models import Claim
from tests.permissions.harness import MODERATION, SIGNED_IN, Action

ACTIONS = [
    Action(
        "decide a claim",
        lambda w: reverse("accounts:claim_review", args=[w.claim.pk]),
        MODERATION,
        data=lambda w: {"decision": "approve", "reason": ""},
        done=lambda w: w.refreshed(w.claim).status == Claim.Status.APPROVED,
    ),
    Action(
        "delete one's account",
        lambda w: reverse("accounts:delete"),
        SIGNED_IN,
        data=lambda w: {"email": w.user.email if w.user else ""},
        done=lambda w: (
            w.user is not None and not get_user_model().objects.filter(pk=w.user.pk).exists()
        ),
    ),
]
