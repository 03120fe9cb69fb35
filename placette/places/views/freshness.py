"""Pages of the freshness loop (places.freshness): the one-click confirmation link, the
managers' "still true" button. The moderators' list of places to check is in the moderation room."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from placette.places import hours, permissions, queries
from placette.places.services import freshness


@require_http_methods(["GET", "POST"])
def confirm_by_link(request, slug: str, token: str):
    """The link of the reminder e-mail. It works signed out: the signed token is the proof.

    GET only shows the place and a button: mail scanners and link previews follow links, and a
    GET that confirmed would confirm places nobody looked at. Only the POST confirms."""
    place = get_object_or_404(queries.with_tags(queries.published()), slug=slug)
    manager = freshness.read_token(token, place=place)
    if manager is None:
        return render(request, "places/confirm.html", {"place": place, "invalid": True}, status=400)
    if request.method == "POST":
        freshness.confirm(place=place, by=manager.user)
        messages.success(request, _("Merci ! La fiche est confirmée à jour aujourd'hui."))
        return redirect(place)
    context = {
        "place": place,
        "hours_week": hours.week(place.opening_hours, where=hours.where(place)),
    }
    return render(request, "places/confirm.html", context)


@require_POST
@login_required
def confirm_by_manager(request, slug: str):
    """The same confirmation, from the place page or the account page, by a signed-in manager
    (or a moderator who checked with the place, by phone say)."""
    place = get_object_or_404(queries.published(), slug=slug)
    if not permissions.can_edit_place(request.user, place):
        raise PermissionDenied
    freshness.confirm(place=place, by=request.user)
    messages.success(request, _("Merci ! La fiche est confirmée à jour aujourd'hui."))
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect(place)
