from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
@login_required
def home(request):
    """The person's own page: what other apps show there (the "account" slot: places they
    manage, their requests and contributions), then their account's settings."""
    return render(request, "accounts/home.html")
