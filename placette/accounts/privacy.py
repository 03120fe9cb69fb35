"""Privacy (RGPD): the privacy page, the download of a person's data, account deletion.

A deleted account's past contributions, reports and place versions stay, anonymised: the
foreign keys to the user are SET_NULL, and the e-mail copied on contributions and reports is
blanked. What only served the person (manager rights, pending claims, proposals and reports
never confirmed) goes with the account.
"""

from email.utils import parseaddr
from functools import reduce
from operator import or_
from typing import Any
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import CharField, Count, Q, Value
from django.db.models.functions import Cast, Concat
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from placette.commons.models import Collection, Revision
from placette.contributions.models import Contribution, Report
from placette.contributions.views.reports import describe_errors
from placette.events.models import Registration
from placette.events.services import registrations
from placette.places.models import Claim, PlaceManager, PlaceVersion
from placette.stories import services as story_services
from placette.stories.models import Story

# -- services ---------------------------------------------------------------------------------


def own_addresses(user) -> list[str]:
    """The addresses the person proved are theirs (verified), and the account's own."""
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    return sorted({address.lower() for address in [*verified, user.email] if address})


def _mine(user, addresses: list[str]) -> Q:
    """Rows of theirs: made signed in, or signed with one of their addresses before."""
    by_address = [Q(email__iexact=address) for address in addresses]
    return reduce(or_, by_address, Q(user=user))


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export_data(*, user) -> dict[str, Any]:
    """Everything the site holds about the person, as JSON-ready values."""
    addresses = own_addresses(user)
    contributions = (
        Contribution.objects.filter(_mine(user, addresses))
        .select_related("place")
        .prefetch_related("thread")
        .order_by("created_at", "pk")
    )
    reports = (
        Report.objects.filter(_mine(user, addresses))
        .select_related("place")
        .order_by("created_at", "pk")
    )
    return {
        "site": settings.SITE_NAME,
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "managed_places": [
            {"place": m.place.name, "path": m.place.get_absolute_url(), "since": _iso(m.created_at)}
            for m in PlaceManager.objects.filter(user=user).select_related("place").order_by("pk")
        ],
        "claims": [
            {
                "place": claim.place.name,
                "role": claim.role,
                "message": claim.message,
                "status": claim.status,
                "created_at": _iso(claim.created_at),
                "decided_at": _iso(claim.decided_at),
                "reason": claim.reason,
            }
            for claim in Claim.objects.filter(user=user).select_related("place").order_by("pk")
        ],
        "contributions": [
            {
                "id": c.pk,
                "kind": c.kind,
                "status": c.status,
                "place": c.place.name if c.place else None,
                "data": c.data,
                "message": c.message,
                "email": c.email,
                "created_at": _iso(c.created_at),
                "confirmed_at": _iso(c.confirmed_at),
                "decided_at": _iso(c.decided_at),
                "reason": c.reason,
                "messages": [
                    {
                        "from_moderator": m.from_moderator,
                        "body": m.body,
                        "created_at": _iso(m.created_at),
                    }
                    for m in c.thread.all()
                ],
            }
            for c in contributions
        ],
        "reports": [
            {
                "id": r.pk,
                "page": r.path,
                "place": r.place.name if r.place else None,
                "reason": r.reason,
                "message": r.message,
                "status": r.status,
                "email": r.email,
                "created_at": _iso(r.created_at),
                "confirmed_at": _iso(r.confirmed_at),
                "decided_at": _iso(r.decided_at),
            }
            for r in reports
        ],
        "registrations": [
            {
                "event": r.occurrence.event.title,
                "start": _iso(r.occurrence.start),
                "name": r.name,
                "email": r.email,
                "phone": r.phone,
                "public": r.public,
                "status": r.status,
                "attendance": r.attendance,
                "created_at": _iso(r.created_at),
            }
            for r in Registration.objects.filter(_mine(user, addresses))
            .select_related("occurrence__event")
            .order_by("created_at", "pk")
        ],
        "place_versions": [
            {
                "place": v.place.name,
                "date": _iso(v.created_at),
                "kind": v.kind,
                "changed_fields": sorted(v.changes),
            }
            for v in PlaceVersion.objects.filter(author=user)
            .select_related("place")
            .order_by("created_at", "pk")
        ],
        "stories": [
            {
                "title": story.title,
                "path": story.get_absolute_url(),
                "status": story.status,
                "created_at": _iso(story.created_at),
                "published_at": _iso(story.published_at),
                "photos": story.photo_count,
            }
            for story in Story.objects.filter(authors=user)
            .annotate(photo_count=Count("photos"))
            .order_by("created_at", "pk")
        ],
        "resource_revisions": [
            {
                "resource": revision.resource.title,
                "path": revision.resource.get_absolute_url(),
                "number": revision.number,
                "status": revision.status,
                "note": revision.note,
                "created_at": _iso(revision.created_at),
            }
            for revision in Revision.objects.filter(author=user)
            .select_related("resource")
            .order_by("created_at", "pk")
        ],
        "collections": [
            {
                "title": collection.title,
                "path": collection.get_absolute_url(),
                "public": collection.is_public,
                "resources": [item.resource.title for item in collection.items.all()],
            }
            for collection in Collection.objects.filter(owner=user)
            .prefetch_related("items__resource")
            .order_by("created_at", "pk")
        ],
    }


@transaction.atomic
def delete_account(*, user) -> None:
    """Delete the account; what the person gave the commons stays, without their name."""
    addresses = own_addresses(user)
    PlaceManager.objects.filter(user=user).delete()
    Claim.objects.filter(user=user, status=Claim.Status.PENDING).delete()
    for model in (Contribution, Report):
        mine = model.objects.filter(_mine(user, addresses))
        mine.filter(status=model.Status.UNCONFIRMED).delete()  # never sent: nothing to keep
        mine.update(email="")
    _forget_registrations(user, addresses)
    # Unpublished stories they wrote alone served only them; published ones stay in the commons.
    theirs = Story.objects.filter(authors=user).exclude(status=Story.Status.PUBLISHED)
    alone = (
        Story.objects.filter(pk__in=theirs.values("pk"))
        .annotate(author_count=Count("authors"))  # all authors: counted outside the filter
        .filter(author_count=1)
        .values_list("pk", flat=True)
    )
    for story in Story.objects.filter(pk__in=list(alone)):
        story_services.delete_story(story=story, by=user)  # files go too
    # Contributions, reports, messages, versions, revisions: SET_NULL; collections: CASCADE.
    user.delete()


def _forget_registrations(user, addresses: list[str]) -> None:
    """Seats still to come are given back (the waiting list moves up); past registrations keep
    only what the place's statistics count (public, attendance), under a number."""
    mine = Registration.objects.filter(_mine(user, addresses))
    upcoming = mine.filter(occurrence__start__gt=timezone.now()).exclude(
        status=Registration.Status.CANCELLED
    )
    for registration in upcoming:
        registrations.cancel(registration=registration)
    mine.update(
        name=Concat(Value("anonyme "), Cast("pk", output_field=CharField())),
        email="",
        phone="",
        user=None,
    )


# -- views ------------------------------------------------------------------------------------


@require_GET
def privacy_page(request):
    contact = (
        getattr(settings, "PLACETTE_CONTACT_EMAIL", "") or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    )
    tiles = urlsplit(settings.MAP_TILE_URL.replace("{s}", "a")).hostname or ""
    context = {
        "contact_email": contact,
        "tile_host": tiles,
        "geocoder": settings.PLACETTE_GEOCODER == "ban",
    }
    return render(request, "accounts/privacy.html", context)


@require_GET
@login_required
def data_page(request):
    return render(request, "accounts/data.html")


@require_GET
@never_cache
@login_required
def data_download(request):
    data = export_data(user=request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    name = f"{settings.SITE_NAME.lower()}-mes-donnees-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class DeleteForm(forms.Form):
    email = forms.CharField(
        label=gettext_lazy("Votre adresse électronique"),
        max_length=254,
        help_text=gettext_lazy("Recopiez-la pour confirmer : c'est définitif."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self) -> str:
        typed = self.cleaned_data["email"].strip().lower()
        if typed != (self.user.email or "").lower():
            raise forms.ValidationError(
                _("Ce n'est pas l'adresse de votre compte (%(email)s).")
                % {"email": self.user.email},
                code="mismatch",
            )
        return typed


@require_http_methods(["GET", "POST"])
@login_required
def delete_page(request):
    form = DeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        delete_account(user=request.user)
        logout(request)
        messages.success(
            request,
            _("Votre compte est supprimé. Vos contributions passées restent, sans votre nom."),
        )
        return redirect("places:home")
    describe_errors(form)
    return render(request, "accounts/delete.html", {"form": form})
