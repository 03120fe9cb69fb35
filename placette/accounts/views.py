from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from placette.core import roles
from placette.places import queries
from placette.places.forms import ClaimDecisionForm
from placette.places.models import Claim
from placette.places.services import team as services


@require_GET
@login_required
def home(request):
    """The person's own page: what other apps show there (the "account" slot: places they
    manage, their requests and contributions), then their account's settings."""
    return render(request, "accounts/home.html")


@require_http_methods(["GET", "POST"])
@login_required
def claim_review(request, pk: int):
    """A moderator accepts or refuses a request to manage a place."""
    if not roles.is_moderator(request.user):
        raise PermissionDenied
    claim = get_object_or_404(Claim.objects.select_related("place", "user", "decided_by"), pk=pk)
    form = ClaimDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                services.approve_claim(
                    claim=claim, by=request.user, absolute_uri=request.build_absolute_uri
                )
                messages.success(request, _("Demande acceptée : la personne gère ce lieu."))
            else:
                services.reject_claim(
                    claim=claim,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                    absolute_uri=request.build_absolute_uri,
                )
                messages.success(request, _("Demande refusée : la personne en est informée."))
        except services.ClaimError as error:
            messages.error(request, str(error))
        return redirect("accounts:claim_review", pk=claim.pk)
    return render(
        request,
        "accounts/claim_review.html",
        {
            "claim": claim,
            "form": form,
            "managers": queries.managers_of(claim.place),
            "other_claims": queries.pending_claims().filter(place=claim.place).exclude(pk=claim.pk),
        },
        status=400 if form.errors else 200,
    )
