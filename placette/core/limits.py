"""Rate limits on what the public sends (proposals, reports, registrations): per client IP and
per e-mail address, counted by django-ratelimit in the shared cache."""

from django.conf import settings
from django_ratelimit.core import is_ratelimited

from placette.api.ratelimit import client_ip


def over_limit(request, *, purpose: str, email: str = "", ip_rate: str = "") -> bool:
    """Count one more `purpose` from this client IP (and this e-mail address when given); True
    past either rate: `ip_rate` (PLACETTE_CONTRIBUTION_RATE_IP by default) and
    PLACETTE_CONTRIBUTION_RATE_EMAIL."""
    by_ip = is_ratelimited(
        request,
        group=f"{purpose}-ip",
        key=lambda group, request: client_ip(request),
        rate=lambda group, request: ip_rate or settings.PLACETTE_CONTRIBUTION_RATE_IP,
        increment=True,
    )
    by_email = bool(email) and is_ratelimited(
        request,
        group=f"{purpose}-email",
        key=lambda group, request: email.strip().lower(),
        rate=lambda group, request: settings.PLACETTE_CONTRIBUTION_RATE_EMAIL,
        increment=True,
    )
    return by_ip or by_email
