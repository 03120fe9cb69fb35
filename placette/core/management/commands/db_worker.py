"""django-tasks-db's `db_worker`, which first queues again the tasks a dead worker left RUNNING.

A worker restarted after a crash finds its last task RUNNING since a few seconds only: a check
is queued for when it is STUCK_AFTER old (besides the daily one)."""

from django.utils import timezone
from django_tasks_db.management.commands import db_worker

from placette.core import tasks


class Command(db_worker.Command):
    def handle(self, *args, batch: bool, **options) -> None:
        tasks.requeue_stuck_now()
        if not batch:
            tasks.requeue_stuck.using(run_after=timezone.now() + tasks.STUCK_AFTER).enqueue()
        super().handle(*args, batch=batch, **options)
