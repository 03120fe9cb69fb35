"""The privacy page, the person's data (to read and download), and deleting the account."""

from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from placette.privacy import services
from placette.privacy.forms import DeleteForm


@require_GET
def page(request):
    contact = (
        getattr(settings, "PLACETTE_CONTACT_EMAIL", "") or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    )
    tiles = urlsplit(settings.MAP_TILE_URL.replace("{s}", "a")).hostname or ""
    context = {
        "contact_email": contact,
        "tile_host": tiles,
        "geocoder": settings.PLACETTE_GEOCODER == "ban",
    }
    return render(request, "privacy/page.html", context)


@require_GET
@login_required
def data(request):
    return render(request, "privacy/data.html")


@require_GET
@never_cache
@login_required
def download(request):
    exported = services.export_data(user=request.user)
    response = JsonResponse(exported, json_dumps_params={"ensure_ascii": False, "indent": 2})
    name = f"{settings.SITE_NAME.lower()}-mes-donnees-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def delete(request):
    form = DeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.delete_account(user=request.user)
        logout(request)
        messages.success(
            request,
            _("Votre compte est supprimé. Vos contributions passées restent, sans votre nom."),
        )
        return redirect("site:home")
    return render(request, "privacy/delete.html", {"form": form})
