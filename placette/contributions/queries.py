"""Reads of contributions: the moderation queue and one proposal with its thread.
Unconfirmed proposals are never listed: only counted."""

from django.db.models import QuerySet

from placette.contributions import tokens
from placette.contributions.models import Contribution, Report

Status = Contribution.Status


def _base() -> QuerySet[Contribution]:
    return Contribution.objects.select_related("place", "user")


def to_moderate() -> QuerySet[Contribution]:
    """Pending proposals, oldest first (the longest waiting come first)."""
    return _base().filter(status=Status.PENDING).order_by("confirmed_at", "pk")


def awaiting_answer() -> QuerySet[Contribution]:
    """Proposals with a moderator's question the contributor has not answered yet."""
    return _base().filter(status=Status.QUESTION).order_by("confirmed_at", "pk")


def unconfirmed_count() -> int:
    return Contribution.objects.filter(status=Status.UNCONFIRMED).count()


def recently_decided(limit: int = 10) -> list[Contribution]:
    decided = _base().filter(status__in=[Status.ACCEPTED, Status.REJECTED])
    return list(decided.select_related("decided_by").order_by("-decided_at", "-pk")[:limit])


def for_review(pk: int) -> Contribution | None:
    """A confirmed contribution, with its thread; None if it does not exist or is unconfirmed."""
    return (
        _base()
        .select_related("decided_by")
        .prefetch_related("thread__author")
        .exclude(status=Status.UNCONFIRMED)
        .filter(pk=pk)
        .first()
    )


def open_reports() -> QuerySet[Report]:
    """Reports awaiting a moderator, oldest first."""
    return (
        Report.objects.filter(status=Report.Status.OPEN)
        .select_related("place", "user")
        .order_by("created_at", "pk")
    )


def by_token(token: str, *, purpose: str) -> Contribution:
    """The contribution an e-mailed link designates (tokens.InvalidToken if none). A thread
    link (tokens.FOLLOW) only opens a confirmed contribution."""
    signed = tokens.read(token, purpose=purpose)
    found = _base().filter(pk=signed.contribution_id, email=signed.email)
    if purpose == tokens.FOLLOW:
        found = found.exclude(status=Status.UNCONFIRMED).prefetch_related("thread")
    contribution = found.first()
    if contribution is None:
        raise tokens.InvalidToken(expired=False)
    return contribution


def sent_by(user) -> QuerySet[Contribution]:
    """A person's proposals, newest first (their account page)."""
    return user.contributions.select_related("place")
