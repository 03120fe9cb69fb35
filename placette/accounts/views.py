from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from placette.accounts import queries


@require_GET
@login_required
def home(request):
    """The person's own page: the places they manage, their contributions and requests."""
    return render(
        request,
        "accounts/home.html",
        {
            "managed": queries.managed_places(request.user),
            "claims": request.user.claims.select_related("place"),
            "contributions": request.user.contributions.select_related("place"),
        },
    )
