"""Absolute URLs on the site's public address (settings.PLACETTE_BASE_URL).

E-mail is rendered when it is queued, often with no request at hand (daily tasks, imports),
and a request's host is whatever the client sent. So services build every link they mail
here, from the one configured address (pages may still use request.build_absolute_uri). Also
the view of a moved address, so that old links keep working.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.views.generic import RedirectView


def absolute_path(path: str) -> str:
    """`path` ("/lieux/x/") on the public address: "https://placette.example/lieux/x/"."""
    base = settings.PLACETTE_BASE_URL.rstrip("/")
    if not base:
        # A relative link in an e-mail leads nowhere: fail loudly instead.
        raise ImproperlyConfigured("PLACETTE_BASE_URL is empty: links in e-mail need it.")
    return f"{base}/{path.lstrip('/')}"


def absolute(viewname: str, *args, **kwargs) -> str:
    """reverse(viewname, args, kwargs) on the public address."""
    return absolute_path(reverse(viewname, args=args or None, kwargs=kwargs or None))


def moved(pattern_name: str):
    """The view of an old address: a permanent redirect to the route that replaced it, for
    links and bookmarks (GET and HEAD only: nothing is ever posted to an old address)."""
    return RedirectView.as_view(
        pattern_name=pattern_name, permanent=True, http_method_names=["get", "head"]
    )
