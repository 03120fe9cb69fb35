"""Background tasks of core (django-tasks). DAILY: queued by `manage.py housekeeping`."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

# The worker's own tasks last seconds: one still RUNNING after this was left by a worker that
# died (killed, out of memory, machine restarted) and would never run again.
STUCK_AFTER = timedelta(minutes=15)


def requeue_stuck_now() -> int:
    """Queue again the tasks left RUNNING for longer than STUCK_AFTER; how many."""
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=timezone.now() - STUCK_AFTER
    ).update(status=TaskResultStatus.READY, started_at=None)


@task()
def requeue_stuck() -> int:
    return requeue_stuck_now()


DAILY = (requeue_stuck,)
