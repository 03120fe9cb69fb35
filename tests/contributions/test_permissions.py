"""Who may moderate contributions and reports (the role × action check:
tests/permissions/harness.py). Proposing and reporting are open to all: public_writes.py."""

from django.urls import reverse

from placette.contributions.models import Contribution, Report
from tests.permissions.harness import MODERATION, Action

ACTIONS = [
    Action(
        "see the moderation queue",
        lambda w: reverse("contributions:queue"),
        MODERATION,
        method="get",
    ),
    Action(
        "accept a contribution",
        lambda w: reverse("contributions:review", args=[w.contribution.pk]),
        MODERATION,
        data=lambda w: {"action": "accept"},
        done=lambda w: w.refreshed(w.contribution).status == Contribution.Status.ACCEPTED,
    ),
    Action(
        "decide a report",
        lambda w: reverse("contributions:report_review", args=[w.report.pk]),
        MODERATION,
        data=lambda w: {"decision": "resolve", "note": "Retiré.", "unpublish": "on"},
        done=lambda w: (
            w.refreshed(w.report).status == Report.Status.RESOLVED
            and not w.refreshed(w.place).is_published
        ),
    ),
]
