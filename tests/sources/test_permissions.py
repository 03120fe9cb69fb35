"""Who may import files and decide on duplicates: staff with the places' permissions (the
role × action check: tests/permissions/harness.py). Others are sent to the admin's login."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from placette.sources.models import DuplicatePair, ImportRun
from tests.factories.sources import cget_row, cget_text
from tests.permissions.harness import LOGIN, Action

STAFF = frozenset({"admin"})


def _upload(w) -> dict:
    text = cget_text(cget_row("9", "Lieu envoyé")).encode()
    file = SimpleUploadedFile("envoi.csv", text, content_type="text/csv")
    return {"file": file, "format": "cget", "source": ""}


ACTIONS = [
    Action(
        "see the imports", lambda w: reverse("sources:imports"), STAFF, method="get", refused=LOGIN
    ),
    Action(
        "send a file to import",
        lambda w: reverse("sources:imports"),
        STAFF,
        data=_upload,
        done=lambda w: ImportRun.objects.filter(file_name="envoi.csv").exists(),
        refused=LOGIN,
    ),
    Action(
        "see an import",
        lambda w: reverse("sources:import", args=[w.run.pk]),
        STAFF,
        method="get",
        refused=LOGIN,
    ),
    Action(
        "confirm an import",
        lambda w: reverse("sources:confirm", args=[w.run.pk]),
        STAFF,
        done=lambda w: w.refreshed(w.run).status == ImportRun.Status.APPLIED,
        refused=LOGIN,
    ),
    Action(
        "discard an import",
        lambda w: reverse("sources:discard", args=[w.run.pk]),
        STAFF,
        done=lambda w: w.refreshed(w.run).status == ImportRun.Status.DISCARDED,
        refused=LOGIN,
    ),
    Action(
        "see possible duplicates",
        lambda w: reverse("sources:duplicates"),
        STAFF,
        method="get",
        refused=LOGIN,
    ),
    Action(
        "keep a pair apart",
        lambda w: reverse("sources:decide", args=[w.pair.pk]),
        STAFF,
        data=lambda w: {"action": "apart"},
        done=lambda w: w.refreshed(w.pair).status == DuplicatePair.Status.KEPT_APART,
        refused=LOGIN,
    ),
]
