"""E-mail, sent by the background task queue (django-tasks; `manage.py db_worker` runs it).

A message is rendered when it is queued, in the language active then, so the worker needs no
request. Templates come in pairs: `<name>_subject.txt` (one line) and `<name>.txt` (plain text:
it reads on any phone and any mail client).

A message the mail server could not take for a passing reason (a 4xx answer, a refused or cut
connection, a timeout) is queued again later (RETRY_DELAYS, about a day in all); one it
refused for good (5xx: no such recipient…) is not.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

# Waits before the 2nd, 3rd… attempt: 6 attempts over about 25 hours.
RETRY_DELAYS = (
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
    timedelta(hours=16),
)


def transient(exc: BaseException) -> bool:
    """True when sending again later may succeed."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    # SMTPServerDisconnected, refused or reset connections, timeouts (all OSErrors).
    return isinstance(exc, OSError)


@task()
def deliver(*, to: list[str], subject: str, body: str, attempt: int = 1) -> int:
    try:
        return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    except Exception as exc:
        if not transient(exc):
            logger.error("e-mail %r to %s refused, not retried: %r", subject, to, exc)
            return 0
        if attempt > len(RETRY_DELAYS):
            logger.error("e-mail %r to %s given up after %d tries: %r", subject, to, attempt, exc)
            return 0
        delay = RETRY_DELAYS[attempt - 1]
        logger.warning("e-mail %r to %s failed (%r), retried in %s", subject, to, exc, delay)
        deliver.using(run_after=timezone.now() + delay).enqueue(
            to=to, subject=subject, body=body, attempt=attempt + 1
        )
        return 0


def send(*, to: str | list[str], template: str, context: dict) -> None:
    """Queue the message `template` (see above) to `to`, rendered with `context`."""
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        return
    context = {"SITE_NAME": settings.SITE_NAME, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context, using="text").split())
    body = render_to_string(f"{template}.txt", context, using="text")
    queue(to=recipients, subject=subject, body=body)


def queue(*, to: list[str], subject: str, body: str) -> None:
    """Queue a message already rendered."""
    deliver.enqueue(to=to, subject=subject, body=body)
