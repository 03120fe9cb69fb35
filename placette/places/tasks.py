"""Background tasks of the directory (django-tasks). DAILY: queued by `manage.py housekeeping`."""

from django.utils import timezone
from django_tasks import task

from placette.places.services import freshness


@task()
def send_freshness_reminders() -> int:
    """ "Vos informations sont-elles à jour ?" to the managers of each place due."""
    return freshness.send_reminders(today=timezone.localdate())


DAILY = (send_freshness_reminders,)
