"""Who may delete an account (the role × action check: tests/permissions/harness.py)."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.permissions.harness import SIGNED_IN, Action

ACTIONS = [
    Action(
        "delete one's account",
        lambda w: reverse("privacy:delete"),
        SIGNED_IN,
        data=lambda w: {"email": w.user.email if w.user else ""},
        done=lambda w: (
            w.user is not None and not get_user_model().objects.filter(pk=w.user.pk).exists()
        ),
    ),
]
