"""Polite rate limiting of the API: settings.PLACETTE_API_RATE requests per client IP.

django-ratelimit counts in the "ratelimit" cache (a database table shared by the workers); the
client IP is core.limits.client_ip (settings.RATELIMIT_IP_META_KEY).
"""

import re
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit.core import get_usage

GROUP = "placette-api"
RATE = re.compile(r"([0-9]+)/([0-9]*)([smhd])")
UNITS = {
    "s": (gettext_lazy("seconde"), gettext_lazy("secondes")),
    "m": (gettext_lazy("minute"), gettext_lazy("minutes")),
    "h": (gettext_lazy("heure"), gettext_lazy("heures")),
    "d": (gettext_lazy("jour"), gettext_lazy("jours")),
}


def describe_rate(rate: str) -> str:
    """ "120/m" → "120 requêtes par minute", "500/5m" → "500 requêtes par 5 minutes"."""
    match = RATE.fullmatch(rate)
    if not match:
        return rate
    count, multiple, unit = match.groups()
    one, many = UNITS[unit]
    period = f"{multiple} {many}" if multiple and multiple != "1" else str(one)
    return _("%(count)s requêtes par %(period)s") % {"count": count, "period": period}


def _rate(group: str, request: HttpRequest) -> str:
    return settings.PLACETTE_API_RATE  # read per request: tests and settings overrides apply


def rate_limited(view):
    """Count the request; past the limit, answer 429 with Retry-After instead of the view."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        usage = get_usage(request, group=GROUP, key="ip", rate=_rate, increment=True)
        if usage is not None and usage["should_limit"]:
            wait = max(1, usage["time_left"])
            message = _(
                "Trop de requêtes depuis votre adresse (au plus %(rate)s). "
                "Réessayez dans %(wait)s secondes."
            ) % {"rate": describe_rate(settings.PLACETTE_API_RATE), "wait": wait}
            response = JsonResponse({"detail": message}, status=429)
            response["Retry-After"] = str(wait)
            return response
        return view(request, *args, **kwargs)

    return wrapper
