"""Background tasks of the agenda (django-tasks). DAILY: queued by `manage.py housekeeping`."""

from django.utils import timezone
from django_tasks import task

from placette.events import recurrence
from placette.events.services import feeds, registrations


@task()
def send_reminders() -> int:
    """The reminder the day before, to each confirmed registrant with an e-mail address."""
    return registrations.send_reminders(now=timezone.now())


@task()
def release_expired_holds() -> int:
    """Seats held for addresses never confirmed go back (also done before every write)."""
    return registrations.release_all_expired()


# The day-before reminders; holds never confirmed released; regular slots extended to the
# horizon; outside calendars read again.
DAILY = (send_reminders, release_expired_holds, recurrence.materialise_all, feeds.refresh_all)
