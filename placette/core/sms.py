"""Text messages (SMS), sent by the background task queue, where a gateway is configured.

settings.PLACETTE_SMS_BACKEND says how:
- "none" (the default without a gateway): nothing is sent; the page and the team say it all;
- "console": the message is logged (a laptop, a demo);
- "http": POSTed as JSON ({"to", "text", "sender"}) to settings.PLACETTE_SMS_URL with
  `Authorization: Bearer <PLACETTE_SMS_TOKEN>`; a generic gateway, or a small adapter in front
  of a provider's API. A 2xx answer is a success; a 5xx or a network error is tried again later
  (core.mail.RETRY_DELAYS), a 4xx is not.
"""

import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from placette.core.mail import RETRY_DELAYS

logger = logging.getLogger(__name__)

TIMEOUT_S = 10
MAX_LENGTH = 320  # two SMS segments at most


class Refused(Exception):
    """The gateway said no for good (4xx): trying again would not help."""


def enabled() -> bool:
    return settings.PLACETTE_SMS_BACKEND in {"console", "http"}


def send(*, to: str, text: str) -> None:
    """Queue the message `text` to the phone number `to`, when a backend is configured."""
    if enabled() and to.strip():
        deliver.enqueue(to=to.strip(), text=text[:MAX_LENGTH])


def _post(to: str, text: str) -> None:
    url = settings.PLACETTE_SMS_URL
    if not url.startswith(("https://", "http://")):
        raise Refused(f"not an HTTP URL: {url!r}")
    body = json.dumps({"to": to, "text": text, "sender": settings.PLACETTE_SMS_SENDER}).encode()
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if settings.PLACETTE_SMS_TOKEN:
        headers["Authorization"] = f"Bearer {settings.PLACETTE_SMS_TOKEN}"
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310 (checked)
            response.read(10_000)
    except urllib.error.HTTPError as exc:
        if 400 <= exc.code < 500:
            raise Refused(f"gateway answered {exc.code}") from exc
        raise


def _send_now(to: str, text: str) -> None:
    backend = settings.PLACETTE_SMS_BACKEND
    if backend == "console":
        logger.warning("SMS to %s: %s", to, text)
    elif backend == "http":
        _post(to, text)


@task()
def deliver(*, to: str, text: str, attempt: int = 1) -> bool:
    try:
        _send_now(to, text)
        return True
    except Refused as exc:
        logger.error("SMS to %s refused, not retried: %s", to, exc)
        return False
    except OSError as exc:  # 5xx (HTTPError is one), refused connection, timeout
        if attempt > len(RETRY_DELAYS):
            logger.error("SMS to %s given up after %d tries: %r", to, attempt, exc)
            return False
        delay = RETRY_DELAYS[attempt - 1]
        logger.warning("SMS to %s failed (%r), retried in %s", to, exc, delay)
        deliver.using(run_after=timezone.now() + delay).enqueue(
            to=to, text=text, attempt=attempt + 1
        )
        return False
