"""Rate limits on what the public sends (proposals, reports, registrations): per client IP and
per e-mail address, counted by django-ratelimit in the shared cache. `client_ip` is also the
key of the API's limit (settings.RATELIMIT_IP_META_KEY)."""

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited


def client_ip(request: HttpRequest) -> str:
    """The client address (RATELIMIT_IP_META_KEY): REMOTE_ADDR, or the header set by our proxy.

    X-Forwarded-For may carry addresses forged by the client before ours: its last entry, added
    by the proxy in front of gunicorn, is the one to trust.
    """
    header = settings.PLACETTE_CLIENT_IP_HEADER
    if header:
        value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        forwarded = [part.strip() for part in value.split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    # No address at all (a Unix socket without that header, a WSGI test client): one shared count.
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 (a key, not a bind address)


def over_limit(
    request,
    *,
    purpose: str,
    email: str = "",
    ip_rate: str = "",
    scope: str = "",
    scope_rate: str = "",
) -> bool:
    """Count one more `purpose` from this client IP (and this e-mail address, and this `scope`,
    e.g. one date, when given); True past any rate: `ip_rate` (PLACETTE_CONTRIBUTION_RATE_IP by
    default), PLACETTE_CONTRIBUTION_RATE_EMAIL and `scope_rate` (whoever sends)."""
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
    by_scope = bool(scope) and is_ratelimited(
        request,
        group=f"{purpose}-scope",
        key=lambda group, request: scope,
        rate=lambda group, request: scope_rate,
        increment=True,
    )
    return by_ip or by_email or by_scope
