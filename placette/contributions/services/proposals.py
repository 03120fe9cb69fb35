"""Writes of contributions: the only code that moves a proposal along its lifecycle.

    unconfirmed ──confirm──▶ pending ──accept──▶ accepted
                               │  ▲  ──reject──▶ rejected
                           ask │  │ answer
                               ▼  │
                             question ──accept / reject──▶ …

A signed-in person with a verified e-mail address starts at `pending`. Each transition locks
the row and checks its state first (TRANSITIONS), so two moderators deciding at once cannot
both apply a proposal: the second gets NotAllowed. The contributor is e-mailed at each
decision; its links are on the site's public address (core.urls).
"""

from typing import Any

from allauth.account.utils import has_verified_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from placette.contributions import geocode, tokens
from placette.contributions.models import Contribution, Message
from placette.core import mail
from placette.core.roles import is_contributor
from placette.core.urls import absolute, absolute_path
from placette.places.models import Place, PlaceVersion
from placette.places.services.places import TAG_FIELDS, save_place

Status = Contribution.Status
TRANSITIONS = {
    "confirm": ({Status.UNCONFIRMED}, Status.PENDING),
    "accept": ({Status.PENDING, Status.QUESTION}, Status.ACCEPTED),
    "reject": ({Status.PENDING, Status.QUESTION}, Status.REJECTED),
    "ask": ({Status.PENDING, Status.QUESTION}, Status.QUESTION),
    "answer": ({Status.QUESTION}, Status.PENDING),
}


class NotAllowed(Exception):
    """The contribution is not (or no longer) in a state where this can be done."""

    def __init__(self, contribution: Contribution, message: str = ""):
        self.contribution = contribution
        super().__init__(
            message
            or _("Cette contribution est déjà traitée : %(status)s.")
            % {"status": contribution.get_status_display()}
        )


def is_trusted(user) -> bool:
    """Signed in with a verified address: no confirmation e-mail needed."""
    return is_contributor(user) and bool(user.email) and has_verified_email(user, user.email)


def proposal_data(
    *, fields: dict[str, Any], tags: dict[str, list[str]], place: Place | None = None
) -> dict[str, Any]:
    """What to store in Contribution.data: for a new place the filled fields and tags, for a
    change only the fields and tags that differ from the place's current record."""
    proposed = {**fields, **tags}
    if place is None:
        return {name: value for name, value in proposed.items() if value not in (None, "", [])}
    return {name: value for name, value in proposed.items() if value != _current(place, name)}


def _current(place: Place, name: str) -> Any:
    value = getattr(place, name)
    return sorted(value) if name in TAG_FIELDS else value


def submit(
    *,
    kind: str,
    fields: dict[str, Any],
    tags: dict[str, list[str]],
    message: str = "",
    email: str = "",
    user=None,
    place: Place | None = None,
) -> Contribution:
    """Record a proposal (PlaceForm.to_save()'s fields and tags). From a trusted account it is
    pending at once; otherwise it waits for the link e-mailed to `email`."""
    if kind == Contribution.Kind.CHANGE and place is None:
        raise ValueError("a change needs its place")
    fields = dict(fields)
    label = _locate(fields, place)  # outside the transaction: a network call
    data = proposal_data(fields=fields, tags=tags, place=place)
    trusted = is_trusted(user)
    with transaction.atomic():
        contribution = Contribution.objects.create(
            kind=kind,
            place=place,
            data=data,
            message=message.strip(),
            user=user if is_contributor(user) else None,
            email=user.email if trusted else email.strip(),
            status=Status.PENDING if trusted else Status.UNCONFIRMED,
            confirmed_at=timezone.now() if trusted else None,
            geocoded_label=label if label and "latitude" in data else "",
        )
        if not trusted:
            token = tokens.make(
                purpose=tokens.CONFIRM, contribution_id=contribution.pk, email=contribution.email
            )
            _notify(
                contribution,
                "confirm",
                link=absolute("contributions:confirm", token),
                days=tokens.MAX_AGE[tokens.CONFIRM] // 86400,
            )
    return contribution


def _locate(fields: dict[str, Any], place: Place | None) -> str:
    """Fill the coordinates from the address when the record would have none (geocode.py)."""
    current = (place.latitude, place.longitude) if place else (None, None)
    latitude = fields.get("latitude", current[0])
    longitude = fields.get("longitude", current[1])
    if latitude is not None and longitude is not None:
        return ""
    found = geocode.locate(
        address=fields.get("address", place.address if place else ""),
        postal_code=fields.get("postal_code", place.postal_code if place else ""),
        commune=fields.get("commune", place.commune if place else ""),
    )
    if found is None:
        return ""
    fields["latitude"], fields["longitude"], label = found
    return label


def _lock(contribution: Contribution, action: str) -> Contribution:
    """The row, locked for this transaction, if `action` may apply to its current state."""
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if locked.status not in TRANSITIONS[action][0]:
        raise NotAllowed(locked)
    return locked


def _move(contribution: Contribution, action: str, **changes: Any) -> None:
    contribution.status = TRANSITIONS[action][1]
    for name, value in changes.items():
        setattr(contribution, name, value)
    contribution.save(update_fields=["status", *changes])


def confirm(*, token: str) -> Contribution:
    """Follow the e-mailed link: an unconfirmed proposal goes to moderation. Following it again
    changes nothing. Raises tokens.InvalidToken for a broken, forged or expired link."""
    signed = tokens.read(token, purpose=tokens.CONFIRM)
    with transaction.atomic():
        contribution = (
            Contribution.objects.select_for_update()
            .filter(pk=signed.contribution_id, email=signed.email)
            .first()
        )
        if contribution is None:
            raise tokens.InvalidToken(expired=False)
        if contribution.status == Status.UNCONFIRMED:
            _move(contribution, "confirm", confirmed_at=timezone.now())
    return contribution


def follow_link(contribution: Contribution) -> str:
    token = tokens.make(
        purpose=tokens.FOLLOW, contribution_id=contribution.pk, email=contribution.email
    )
    return absolute("contributions:follow", token)


def typed_data(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Contribution.data split into save_place's fields and tags."""
    fields = {name: value for name, value in data.items() if name not in TAG_FIELDS}
    tags = {name: list(value) for name, value in data.items() if name in TAG_FIELDS}
    return fields, tags


def accept(*, contribution: Contribution, by) -> Contribution:
    """Apply the proposal through save_place (recorded as a contribution, `by` the moderator):
    a new place is created and published; a change writes only the proposed fields."""
    with transaction.atomic():
        contribution = _lock(contribution, "accept")
        fields, tags = typed_data(contribution.data)
        origin = f"contribution n° {contribution.pk}"
        if contribution.kind == Contribution.Kind.NEW_PLACE:
            tags = {name: tags.get(name, []) for name in TAG_FIELDS}
            place = save_place(
                fields={**fields, "is_published": True},
                tags=tags,
                by=by,
                kind=PlaceVersion.Kind.CONTRIBUTION,
                origin=origin,
            )
        else:
            place = Place.objects.select_for_update().filter(pk=contribution.place_id).first()
            if place is None:
                raise NotAllowed(contribution, _("Le lieu concerné n'existe plus."))
            if fields or tags:
                save_place(
                    fields=fields,
                    tags=tags,
                    place=place,
                    by=by,
                    kind=PlaceVersion.Kind.CONTRIBUTION,
                    origin=origin,
                )
        _move(contribution, "accept", place=place, decided_at=timezone.now(), decided_by=by)
        _notify(
            contribution,
            "accepted",
            place_url=absolute_path(place.get_absolute_url()) if place.is_published else "",
        )
    return contribution


def reject(*, contribution: Contribution, by, reason: str) -> Contribution:
    if not reason.strip():
        raise ValueError("a rejection needs its reason")
    with transaction.atomic():
        contribution = _lock(contribution, "reject")
        _move(
            contribution,
            "reject",
            reason=reason.strip(),
            decided_at=timezone.now(),
            decided_by=by,
        )
        _notify(contribution, "rejected", link=follow_link(contribution))
    return contribution


def ask(*, contribution: Contribution, by, question: str) -> Message:
    """A moderator's question: the contributor answers through the e-mailed thread link."""
    if not question.strip():
        raise ValueError("a question cannot be empty")
    with transaction.atomic():
        contribution = _lock(contribution, "ask")
        message = Message.objects.create(
            contribution=contribution, from_moderator=True, author=by, body=question.strip()
        )
        _move(contribution, "ask")
        _notify(
            contribution,
            "question",
            question=message.body,
            link=follow_link(contribution),
            days=tokens.MAX_AGE[tokens.FOLLOW] // 86400,
        )
    return message


def answer(*, contribution: Contribution, body: str) -> Message:
    """The contributor's answer: back to moderation; the moderator who asked is told."""
    if not body.strip():
        raise ValueError("an answer cannot be empty")
    with transaction.atomic():
        contribution = _lock(contribution, "answer")
        message = Message.objects.create(
            contribution=contribution,
            from_moderator=False,
            author=contribution.user,
            body=body.strip(),
        )
        _move(contribution, "answer")
        asked = contribution.thread.filter(from_moderator=True).select_related("author").last()
        if asked and asked.author and asked.author.email:
            mail.send(
                to=asked.author.email,
                template="contributions/email/answered",
                context={
                    "contribution": contribution,
                    "answer": message.body,
                    "link": absolute("moderation:contribution", contribution.pk),
                },
            )
    return message


def _notify(contribution: Contribution, template: str, **context: Any) -> None:
    mail.send(
        to=contribution.email,
        template=f"contributions/email/{template}",
        context={"contribution": contribution, "title": contribution.title, **context},
    )
