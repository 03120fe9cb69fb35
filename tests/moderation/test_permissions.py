"""Who may use the moderation room (the role × action check: tests/permissions/harness.py).
Deciding a resource proposal is for its editors too: tests/commons/test_permissions.py."""

from django.urls import reverse

from placette.contributions.models import Contribution, Report
from placette.places.models import Claim
from tests.permissions.harness import MODERATION, Action

ACTIONS = [
    Action(
        "see the moderation queue",
        lambda w: reverse("moderation:queue"),
        MODERATION,
        method="get",
    ),
    Action(
        "accept a contribution",
        lambda w: reverse("moderation:contribution", args=[w.contribution.pk]),
        MODERATION,
        data=lambda w: {"action": "accept"},
        done=lambda w: w.refreshed(w.contribution).status == Contribution.Status.ACCEPTED,
    ),
    Action(
        "decide a report",
        lambda w: reverse("moderation:report", args=[w.report.pk]),
        MODERATION,
        data=lambda w: {"decision": "resolve", "note": "Retiré.", "unpublish": "on"},
        done=lambda w: (
            w.refreshed(w.report).status == Report.Status.RESOLVED
            and not w.refreshed(w.place).is_published
        ),
    ),
    Action(
        "decide a claim",
        lambda w: reverse("moderation:claim", args=[w.claim.pk]),
        MODERATION,
        data=lambda w: {"decision": "approve", "reason": ""},
        done=lambda w: w.refreshed(w.claim).status == Claim.Status.APPROVED,
    ),
    Action(
        "list places to verify",
        lambda w: reverse("moderation:stale"),
        MODERATION,
        method="get",
    ),
]
