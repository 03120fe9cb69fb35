"""E-mail, sent by the background task queue (django-tasks; `manage.py db_worker` runs it).

A message is rendered when it is queued, in the language active then, so the worker needs no
request. Templates come in pairs: `<name>_subject.txt` (one line) and `<name>.txt` (plain text:
it reads on any phone and any mail client).
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task


@task()
def deliver(*, to: list[str], subject: str, body: str) -> int:
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)


def send(*, to: str | list[str], template: str, context: dict) -> None:
    """Queue the message `template` (see above) to `to`, rendered with `context`."""
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        return
    context = {"SITE_NAME": settings.SITE_NAME, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context, using="text").split())
    body = render_to_string(f"{template}.txt", context, using="text")
    deliver.enqueue(to=recipients, subject=subject, body=body)
