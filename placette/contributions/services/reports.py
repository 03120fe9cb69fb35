"""Reports of abusive content: the only code that moves a report along its lifecycle.

    unconfirmed ──confirm──▶ open ──resolve──▶ resolved
                                  ──dismiss──▶ dismissed

Sent without an account (or without a verified address), a report waits for the link e-mailed
to its author; signed in with a verified address, it is open at once. Unconfirmed reports are
deleted after PURGE_AFTER (housekeeping). Decisions lock the row and check its state first, so
two moderators cannot both decide.
"""

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.core import signing
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone

from placette.contributions.models import Report
from placette.contributions.services.proposals import is_trusted
from placette.core import lifecycle, mail
from placette.core.urls import absolute, absolute_path
from placette.places.models import Place
from placette.places.services.places import save_place

Status = Report.Status
LINK_SALT = "placette.contributions.report"
TOKEN_MAX_AGE = timedelta(days=7)
PURGE_AFTER = timedelta(days=7)


class NotAllowed(Exception):
    """The report is not (or no longer) in a state where this can be done."""


def local_path(value: str) -> str | None:
    """`value` as a path of this site ("/lieux/x/"), or None: absolute URLs, other hosts
    ("//evil.example"), back-slashes and paths no route answers are refused."""
    value = (value or "").strip()
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return None
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or len(parts.path) > 500:
        return None
    try:
        resolve(parts.path)
    except Resolver404:
        return None
    return parts.path


def place_for_path(path: str) -> Place | None:
    """The place whose page `path` is, if it is one."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name != "places:detail":
        return None
    return Place.objects.filter(slug=match.kwargs.get("slug")).first()


def create_report(
    *,
    path: str,
    reason: str,
    message: str = "",
    user=None,
    email: str = "",
) -> Report:
    """Record a report of the page `path` (a local_path). From a signed-in person with a
    verified address it is open at once; otherwise a confirmation link goes to `email`."""
    trusted = is_trusted(user)
    if not trusted and not email.strip():
        raise ValueError("an unconfirmed report needs an e-mail address")
    with transaction.atomic():
        report = Report.objects.create(
            path=path,
            place=place_for_path(path),
            reason=reason,
            message=message.strip(),
            user=user if trusted else None,
            # The account is enough to reach a signed-in person: no copy of the address.
            email="" if trusted else email.strip(),
            status=Status.OPEN if trusted else Status.UNCONFIRMED,
            confirmed_at=timezone.now() if trusted else None,
        )
        if not trusted:
            token = signing.dumps({"id": report.pk, "email": report.email}, salt=LINK_SALT)
            mail.send(
                to=report.email,
                template="contributions/email/report_confirm",
                context={
                    "report": report,
                    "page_url": absolute_path(report.path),
                    "link": absolute("contributions:report_confirm", token),
                    "days": TOKEN_MAX_AGE.days,
                },
            )
    return report


def from_token(token: str) -> Report | None:
    """The report a confirmation link designates, or None (broken, forged or expired link,
    report purged)."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired included
        return None
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        return None
    return Report.objects.filter(pk=data["id"], email=data.get("email", "")).first()


def confirm_report(*, report: Report) -> Report:
    """The e-mailed link was followed: the report goes to the moderators. Again: nothing."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if lifecycle.allows(Report.TRANSITIONS, report.status, Status.OPEN):
            report.status = Status.OPEN
            report.confirmed_at = timezone.now()
            report.save(update_fields=["status", "confirmed_at"])
    return report


def resolve_report(
    *, report: Report, by, note: str, dismissed: bool = False, unpublish: bool = False
) -> Report:
    """A moderator's decision on an open report, with a note for the record. `unpublish` takes
    the reported place off the site (a recorded version, by the moderator)."""
    if not note.strip():
        raise ValueError("a decision needs its note")
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        decision = Status.DISMISSED if dismissed else Status.RESOLVED
        if not lifecycle.allows(Report.TRANSITIONS, report.status, decision):
            raise NotAllowed(report.get_status_display())
        if unpublish and not dismissed and report.place and report.place.is_published:
            save_place(
                fields={"is_published": False},
                tags={},
                place=report.place,
                by=by,
                note=f"signalement n° {report.pk} : {note.strip()}",
            )
        report.status = decision
        report.note = note.strip()
        report.decided_at = timezone.now()
        report.decided_by = by
        report.save(update_fields=["status", "note", "decided_at", "decided_by"])
    return report


def purge_unconfirmed(*, before: datetime) -> int:
    """Delete the reports whose e-mail was never confirmed, made before `before`."""
    count, _ = Report.objects.filter(status=Status.UNCONFIRMED, created_at__lt=before).delete()
    return count
