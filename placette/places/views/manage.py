"""Pages of a place's own team and of moderators: claim a place, edit it, its history, revert.

Every view asks core.roles or places.permissions; writes go through places.services.team
(claims) and places.services.places / places.services.history (edits, reverts)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from placette.accounts import queries as account_queries
from placette.core import roles
from placette.places import permissions, queries
from placette.places.forms import ClaimForm, PlaceForm, RevertForm
from placette.places.models import Place, PlaceVersion
from placette.places.services import history as place_history
from placette.places.services import team as team_services
from placette.places.services.places import edit_by_manager, save_place

VERSIONS_PER_PAGE = 30


@require_http_methods(["GET", "POST"])
@login_required
def claim(request, slug: str):
    """Ask to manage a place (approved at once on the place's own e-mail domain)."""
    place = get_object_or_404(Place, slug=slug, is_published=True)
    manages = permissions.manages(request.user, place)
    pending = None if manages else queries.pending_claim(place=place, user=request.user)
    form = ClaimForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not (manages or pending) and form.is_valid():
        try:
            done = team_services.request_claim(
                place=place,
                user=request.user,
                role=form.cleaned_data["role"],
                message=form.cleaned_data["message"],
            )
        except team_services.ClaimError as error:
            form.add_error(None, str(error))
        else:
            if done.status == done.Status.APPROVED:
                messages.success(
                    request,
                    _("Votre adresse est sur le domaine du site du lieu : vous gérez ce lieu."),
                )
                return redirect("places:edit", slug=place.slug)
            messages.success(
                request,
                _("Demande envoyée. L'équipe de modération vous répondra par courriel."),
            )
            return redirect(place)
    return render(
        request,
        "places/claim.html",
        {"place": place, "form": form, "manages": manages, "pending": pending},
        status=400 if request.method == "POST" and form.errors else 200,
    )


def _editable_place(request, slug: str) -> Place:
    place = get_object_or_404(Place, slug=slug)
    if not permissions.can_edit_place(request.user, place):
        raise PermissionDenied
    return place


@require_http_methods(["GET", "POST"])
@login_required
def edit(request, slug: str):
    place = _editable_place(request, slug)
    initial = PlaceForm.initial_for(place)
    if request.method == "POST":
        form = PlaceForm(request.POST, initial=initial)
        if form.is_valid():
            fields, tags = form.to_save()
            if permissions.manages(request.user, place):
                # The place's own word: stamped so that imports do not overwrite it.
                edit_by_manager(place=place, fields=fields, tags=tags, by=request.user)
            else:
                save_place(fields=fields, tags=tags, place=place, by=request.user)
            messages.success(request, _("Fiche enregistrée. Merci !"))
            return redirect(place)
    else:
        form = PlaceForm(initial=initial)
    return render(
        request,
        "places/edit.html",
        {"place": place, "form": form},
        status=400 if form.errors else 200,
    )


def _author(version: PlaceVersion, *, moderator: bool, team: set[int], mods: set[int]) -> str:
    """Who made a change, as the reader may see it: e-mail addresses for moderators only."""
    if version.author_id is None:
        return version.origin or _("compte supprimé")
    if moderator:
        email = version.author.email or _("compte n° %(id)s") % {"id": version.author_id}
        return f"{email} ({version.origin})" if version.origin else email
    if version.origin:
        return version.origin
    if version.author_id in mods and version.author_id not in team:
        return _("modération")
    return _("l'équipe du lieu")


@require_http_methods(["GET"])
@login_required
def history(request, slug: str):
    place = _editable_place(request, slug)
    moderator = roles.is_moderator(request.user)
    page = Paginator(place.versions.select_related("author"), VERSIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    team = set(place.managers.values_list("user_id", flat=True))
    mods = set(account_queries.moderators().values_list("pk", flat=True))
    versions = [
        {
            "version": version,
            "who": _author(version, moderator=moderator, team=team, mods=mods),
            "changes": place_history.labelled(version.changes),
            # The first entry of the first page is the place as it is: nothing to go back to.
            "revertible": moderator and not (page.number == 1 and index == 0),
        }
        for index, version in enumerate(page)
    ]
    return render(
        request,
        "places/history.html",
        {"place": place, "page": page, "versions": versions, "is_moderator": moderator},
    )


@require_http_methods(["GET", "POST"])
@login_required
def revert(request, slug: str, version_id: int):
    """Moderators put a place back as it was just after one of its versions."""
    if not roles.is_moderator(request.user):
        raise PermissionDenied
    version = get_object_or_404(
        PlaceVersion.objects.select_related("place"), pk=version_id, place__slug=slug
    )
    place = version.place
    changes = place_history.diff(place_history.snapshot(place), place_history.state_at(version))
    form = RevertForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and changes and form.is_valid():
        place_history.revert(version=version, by=request.user, note=form.cleaned_data["note"])
        messages.success(request, _("La fiche est revenue à la version choisie."))
        return redirect("places:history", slug=place.slug)
    return render(
        request,
        "places/revert.html",
        {
            "place": place,
            "version": version,
            "changes": place_history.labelled(changes),
            "form": form,
        },
    )
