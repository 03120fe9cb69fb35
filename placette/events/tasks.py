"""Background tasks of the agenda (django-tasks), queued daily by `manage.py housekeeping`."""

from django.utils import timezone
from django_tasks import task

from placette.events.services import registrations


@task()
def send_reminders() -> int:
    """The reminder the day before, to each confirmed registrant with an e-mail address."""
    return registrations.send_reminders(now=timezone.now())
