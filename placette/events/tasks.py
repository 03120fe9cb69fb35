"""Background tasks of the agenda (django-tasks). DAILY: queued by `manage.py housekeeping`."""

from django.utils import timezone
from django_tasks import task

from placette.events import recurrence
from placette.events.services import feeds, registrations


@task()
def send_reminders() -> int:
    """The reminder the day before, to each confirmed registrant with an e-mail address."""
    return registrations.send_reminders(now=timezone.now())


# The day-before reminders; regular slots extended to the horizon; outside calendars read again.
DAILY = (send_reminders, recurrence.materialise_all, feeds.refresh_all)
