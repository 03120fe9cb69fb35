"""A small site, to show that the checks catch what they are for: a write view nobody listed
(`write`), a refusal that still writes (`leaky`), a write open to anyone (`write` again)."""

from django.contrib.auth.models import Group
from django.http import HttpResponse, HttpResponseForbidden
from django.urls import path
from django.views.decorators.http import require_GET


def write(request):
    return HttpResponse("saved" if request.method == "POST" else "form")


@require_GET
def read(request):
    return HttpResponse("page")


def leaky(request):
    Group.objects.create(name=f"made by refused request {Group.objects.count()}")
    return HttpResponseForbidden()


urlpatterns = [
    path("ecrire/", write, name="write"),
    path("lire/", read, name="read"),
    path("fuite/", leaky, name="leaky"),
]
