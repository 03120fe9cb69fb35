"""Writes about a place's team: claims to manage a place, and their decisions.

    request_claim ──(verified e-mail on the place's website domain)──▶ approved (by_domain)
          │
          └──▶ pending ──approve_claim──▶ approved (a PlaceManager is created)
                       └──reject_claim───▶ rejected (with a reason)

A decision locks the claim row and checks it is still pending, so two moderators deciding
at once cannot both act: the second gets AlreadyDecided. The person is e-mailed each time;
links are on PLACETTE_BASE_URL (core.urls).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from placette.accounts import queries as account_queries
from placette.core import mail
from placette.core.urls import absolute, absolute_path
from placette.places import domains, queries
from placette.places.models import Claim, Place, PlaceManager


class ClaimError(Exception):
    """The claim cannot be made or decided; the message says why, for the person."""


class AlreadyManager(ClaimError):
    pass


class AlreadyPending(ClaimError):
    pass


class AlreadyDecided(ClaimError):
    pass


def approved_by_domain(*, place: Place, user) -> bool:
    """Whether one of the person's verified addresses is on the domain of the place's website."""
    return any(
        domains.same_organisation(email, place.websites or [])
        for email in account_queries.verified_emails(user)
    )


def request_claim(
    *,
    place: Place,
    user,
    role: str,
    message: str = "",
) -> Claim:
    """`user` asks to manage `place`. Approved at once when their verified e-mail domain is the
    place's website's; otherwise pending, and the moderators are e-mailed."""
    with transaction.atomic():
        if PlaceManager.objects.filter(place=place, user=user).exists():
            raise AlreadyManager(_("Vous gérez déjà ce lieu."))
        if queries.pending_claim(place=place, user=user):
            raise AlreadyPending(
                _("Vous avez déjà demandé à gérer ce lieu : votre demande attend la modération.")
            )
        by_domain = approved_by_domain(place=place, user=user)
        claim = Claim(place=place, user=user, role=role.strip(), message=message.strip())
        if by_domain:
            claim.status = Claim.Status.APPROVED
            claim.by_domain = True
            claim.decided_at = timezone.now()
        try:
            with transaction.atomic():
                claim.save()
        except IntegrityError as exc:  # the same request sent twice at once
            raise AlreadyPending(
                _("Vous avez déjà demandé à gérer ce lieu : votre demande attend la modération.")
            ) from exc
        if by_domain:
            PlaceManager.objects.get_or_create(place=place, user=user, defaults={"claim": claim})
            _notify_person(claim, "claim_approved")
        else:
            mail.send(
                to=account_queries.moderator_emails(),
                template="places/email/claim_received",
                context={
                    "claim": claim,
                    "place": place,
                    "link": absolute("moderation:claim", claim.pk),
                },
            )
    return claim


def _lock_pending(claim: Claim) -> Claim:
    locked = Claim.objects.select_for_update().select_related("place", "user").get(pk=claim.pk)
    if locked.status != Claim.Status.PENDING:
        raise AlreadyDecided(
            _("Cette demande est déjà traitée : %(status)s.")
            % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def approve_claim(*, claim: Claim, by) -> Claim:
    claim = _lock_pending(claim)
    claim.status = Claim.Status.APPROVED
    claim.decided_at = timezone.now()
    claim.decided_by = by
    claim.save(update_fields=["status", "decided_at", "decided_by"])
    PlaceManager.objects.get_or_create(
        place=claim.place, user=claim.user, defaults={"claim": claim}
    )
    _notify_person(claim, "claim_approved")
    return claim


@transaction.atomic
def reject_claim(*, claim: Claim, by, reason: str) -> Claim:
    reason = reason.strip()
    if not reason:
        raise ClaimError(_("Indiquez le motif du refus : la personne le recevra."))
    claim = _lock_pending(claim)
    claim.status = Claim.Status.REJECTED
    claim.decided_at = timezone.now()
    claim.decided_by = by
    claim.reason = reason
    claim.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    _notify_person(claim, "claim_rejected")
    return claim


def _notify_person(claim: Claim, template: str) -> None:
    if not claim.user.email:
        return
    mail.send(
        to=claim.user.email,
        template=f"places/email/{template}",
        context={
            "claim": claim,
            "place": claim.place,
            "place_link": absolute_path(claim.place.get_absolute_url()),
            "edit_link": absolute("places:edit", claim.place.slug),
            "account_link": absolute("accounts:home"),
        },
    )
