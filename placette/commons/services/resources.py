"""Writes of the commons: resources and their revisions, proposals, reverts, attachments.

Revision lifecycle: proposed → accepted | rejected (accept(), reject()); direct edits and
reverts are accepted at once. Every write locks the resource's row first, so revision
numbers follow each other and two people cannot accept on top of each other. The resource's
own fields are always the latest accepted revision's snapshot.

Edit conflicts: an edit names the revision it started from (`base`). If another revision was
accepted since, saving it (or accepting it, for a proposal) is refused with ConflictError,
which carries the latest revision so that the page can show both.

E-mail links are on the site's public address (core.urls).
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from placette.commons.models import REVISED_FIELDS, Attachment, Kind, Resource, Revision
from placette.commons.services import attachments as attachment_checks
from placette.core import lifecycle, mail, roles, text
from placette.core.licences import Licence
from placette.core.urls import absolute, absolute_path
from placette.places import vocab as place_vocab
from placette.places.models import Place, PlaceManager

# Words of our own routes under /ressources/: no resource may take them as its slug.
RESERVED_SLUGS = {"nouvelle", "propositions", "collections"}
_THEME_ORDER = {code: index for index, code in enumerate(place_vocab.Service.values)}


class CommonsError(Exception):
    """A write the commons refuses; the message is for the person."""


class ConflictError(CommonsError):
    """The resource changed since the edit started: `latest` is what it is now."""

    def __init__(self, message: str, *, latest: Revision):
        super().__init__(message)
        self.latest = latest


# --- Who may do what ------------------------------------------------------------------------


def can_edit_directly(user, resource: Resource) -> bool:
    """The resource's creator, the managers of one of its places, and moderators."""
    if not roles.is_contributor(user):
        return False
    if roles.is_moderator(user) or resource.created_by_id == user.pk:
        return True
    return PlaceManager.objects.filter(user=user, place__resources=resource).exists()


def can_decide(user, resource: Resource) -> bool:
    """Who accepts or rejects proposals: the same people as direct edits."""
    return can_edit_directly(user, resource)


def can_propose(user) -> bool:
    return roles.is_contributor(user)


# --- Helpers ---------------------------------------------------------------------------------


def latest_revision(resource: Resource) -> Revision:
    return resource.revisions.filter(status=Revision.Status.ACCEPTED).order_by("-number").first()


def clean_fields(fields: dict[str, Any], *, start: dict[str, Any] | None = None) -> dict:
    """The revised fields of `fields` over `start` (unknown keys ignored), themes in the
    vocabulary's order without repeats, so that the same choice always compares equal."""
    values = dict(start or {"summary": "", "body": "", "themes": [], "licence": Licence.CC_BY_SA})
    values.update({name: fields[name] for name in REVISED_FIELDS if name in fields})
    themes = [code for code in dict.fromkeys(values.get("themes") or []) if code]
    values["themes"] = sorted(themes, key=lambda code: _THEME_ORDER.get(code, len(_THEME_ORDER)))
    for name in ("title", "summary", "body", "licence", "kind"):
        values[name] = values.get(name) or ""
    values["title"] = values["title"].strip()
    if not values["title"]:
        raise CommonsError(_("Le titre est obligatoire."))
    if values["kind"] not in Kind.values:
        raise CommonsError(_("Type de ressource inconnu."))
    if values["licence"] not in Licence.values:
        raise CommonsError(_("Licence inconnue."))
    return values


def search_text(values: dict[str, Any]) -> str:
    kind = dict(Kind.choices).get(values.get("kind"), "")
    return text.search_text(
        values.get("title"), values.get("summary"), values.get("body"), str(kind)
    )


def _apply(resource: Resource, values: dict[str, Any]) -> None:
    for name in REVISED_FIELDS:
        setattr(resource, name, values[name])
    resource.search_text = search_text(values)
    resource.save()


def _locked(resource: Resource) -> Resource:
    return Resource.objects.select_for_update().get(pk=resource.pk)


def _next_number(latest: Revision | None) -> int:
    return (latest.number if latest else 0) + 1


# --- Resources and revisions -----------------------------------------------------------------


@transaction.atomic
def create_resource(
    *, by, fields: dict[str, Any], places: Iterable[Place] = (), note: str = ""
) -> Resource:
    """A new resource and its accepted revision 1, written by `by` (a contributor)."""
    if not can_propose(by):
        raise PermissionDenied
    values = clean_fields(fields)
    resource = Resource(
        slug=text.unique_slug(
            Resource, values["title"], fallback="ressource", reserved=RESERVED_SLUGS
        ),
        created_by=by,
    )
    _apply(resource, values)
    resource.places.set(list(places))
    Revision.objects.create(
        resource=resource,
        number=1,
        status=Revision.Status.ACCEPTED,
        author=by,
        decided_by=by,
        decided_at=timezone.now(),
        note=note or _("Création"),
        **values,
    )
    return resource


@transaction.atomic
def edit_resource(
    *,
    resource: Resource,
    by,
    fields: dict[str, Any],
    note: str = "",
    base: Revision | None = None,
) -> Revision:
    """`by`'s edit: accepted at once when they may edit directly, else a proposal that waits
    for a decision (the creator and the place managers are told by e-mail). `base` is the
    revision the edit started from; None trusts it is the latest."""
    if not can_propose(by):
        raise PermissionDenied
    resource = _locked(resource)
    latest = latest_revision(resource)
    current = latest.snapshot()
    values = clean_fields(fields, start=current)
    if base is not None and base.pk != latest.pk:
        raise ConflictError(_conflict_message(latest), latest=latest)
    if values == current:
        raise CommonsError(_("Aucune modification : le texte est identique à la version actuelle."))
    direct = can_edit_directly(by, resource)
    revision = Revision(
        resource=resource,
        author=by,
        base=latest,
        note=note.strip(),
        **values,
    )
    if direct:
        revision.status = Revision.Status.ACCEPTED
        revision.number = _next_number(latest)
        revision.decided_by = by
        revision.decided_at = timezone.now()
        revision.save()
        _apply(resource, values)
    else:
        revision.status = Revision.Status.PROPOSED
        revision.save()
        _tell_deciders(revision)
    return revision


def _conflict_message(latest: Revision) -> str:
    from placette.commons.people import public_name

    return _(
        "La ressource a été modifiée pendant que vous écriviez (révision %(n)s, par %(who)s). "
        "Comparez avec la version actuelle, reportez vos changements, puis enregistrez de nouveau."
    ) % {"n": latest.number, "who": public_name(latest.author)}


def _locked_proposal(revision: Revision, decision: str) -> tuple[Resource, Revision]:
    """The resource and the proposal, locked, if the proposal may take `decision`."""
    resource = _locked(revision.resource)
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if not lifecycle.allows(Revision.TRANSITIONS, revision.status, decision):
        raise CommonsError(_("Cette proposition a déjà été traitée."))
    return resource, revision


@transaction.atomic
def accept(*, revision: Revision, by) -> Revision:
    """Accept a proposal: it becomes the next accepted revision. Refused (ConflictError) when
    the resource changed since the proposal was written."""
    resource, revision = _locked_proposal(revision, Revision.Status.ACCEPTED)
    if not can_decide(by, resource):
        raise PermissionDenied
    latest = latest_revision(resource)
    if revision.base_id != latest.pk:
        raise ConflictError(
            _(
                "La ressource a changé depuis cette proposition (révision %(n)s) : "
                "l'accepter effacerait ces changements. Refusez-la en expliquant pourquoi, "
                "ou reportez-la vous-même dans la ressource."
            )
            % {"n": latest.number},
            latest=latest,
        )
    revision.status = Revision.Status.ACCEPTED
    revision.number = _next_number(latest)
    revision.decided_by = by
    revision.decided_at = timezone.now()
    revision.save()
    _apply(resource, revision.snapshot())
    _tell_proposer(revision, accepted=True)
    return revision


@transaction.atomic
def reject(*, revision: Revision, by, reason: str) -> Revision:
    resource, revision = _locked_proposal(revision, Revision.Status.REJECTED)
    if not can_decide(by, resource):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise CommonsError(_("Dites en quelques mots pourquoi la proposition est refusée."))
    revision.status = Revision.Status.REJECTED
    revision.decided_by = by
    revision.decided_at = timezone.now()
    revision.reason = reason
    revision.save()
    _tell_proposer(revision, accepted=False)
    return revision


@transaction.atomic
def revert(*, resource: Resource, to: Revision, by, note: str = "") -> Revision:
    """A new accepted revision whose snapshot is exactly `to`'s (which it `reverts`)."""
    resource = _locked(resource)
    if not can_edit_directly(by, resource):
        raise PermissionDenied
    if to.resource_id != resource.pk or to.status != Revision.Status.ACCEPTED:
        raise CommonsError(_("On ne peut revenir qu'à une révision acceptée de cette ressource."))
    latest = latest_revision(resource)
    values = to.snapshot()
    if values == latest.snapshot():
        raise CommonsError(_("Aucune modification : la ressource est déjà dans cet état."))
    revision = Revision.objects.create(
        resource=resource,
        number=_next_number(latest),
        status=Revision.Status.ACCEPTED,
        author=by,
        base=latest,
        reverts=to,
        decided_by=by,
        decided_at=timezone.now(),
        note=note.strip() or _("Retour à la révision %(n)s") % {"n": to.number},
        **values,
    )
    _apply(resource, values)
    return revision


# --- Attachments -----------------------------------------------------------------------------


@transaction.atomic
def add_attachment(*, resource: Resource, by, title: str, upload) -> Attachment:
    """Join a file, checked by its content (attachments.py) and stored under a name of ours."""
    if not can_edit_directly(by, resource):
        raise PermissionDenied
    checked = attachment_checks.check(upload, title=title)
    return Attachment.objects.create(
        resource=resource,
        file=checked.file,
        title=title.strip(),
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=by,
    )


@transaction.atomic
def delete_attachment(*, attachment: Attachment, by) -> None:
    if not can_edit_directly(by, attachment.resource):
        raise PermissionDenied
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))


# --- E-mail ----------------------------------------------------------------------------------


def _deciders_emails(resource: Resource, *, besides) -> list[str]:
    """The creator and the managers of the resource's places (moderators see the queue)."""
    people = []
    if resource.created_by_id and resource.created_by.is_active:
        people.append(resource.created_by)
    managers = PlaceManager.objects.filter(place__resources=resource, user__is_active=True)
    people += [manager.user for manager in managers.select_related("user")]
    emails = [p.email for p in people if p.email and p.pk != getattr(besides, "pk", None)]
    return list(dict.fromkeys(emails))


def _tell_deciders(revision: Revision) -> None:
    from placette.commons.people import public_name

    to = _deciders_emails(revision.resource, besides=revision.author)
    mail.send(
        to=to,
        template="commons/email/proposal_received",
        context={
            "resource": revision.resource,
            "revision": revision,
            "author": public_name(revision.author),
            "review_url": absolute("moderation:resource_proposal", pk=revision.pk),
        },
    )


def _tell_proposer(revision: Revision, *, accepted: bool) -> None:
    author = revision.author
    if author is None or not author.email or author.pk == revision.decided_by_id:
        return
    mail.send(
        to=author.email,
        template="commons/email/proposal_accepted"
        if accepted
        else "commons/email/proposal_rejected",
        context={
            "resource": revision.resource,
            "revision": revision,
            "resource_url": absolute_path(revision.resource.get_absolute_url()),
        },
    )
