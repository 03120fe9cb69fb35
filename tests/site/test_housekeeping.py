"""`manage.py housekeeping`: every app's DAILY tasks, queued once a day."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from placette.contributions.models import Contribution, Report
from placette.site.management.commands.housekeeping import daily_tasks
from tests.factories import make_manager
from tests.places.test_freshness import dated

pytestmark = pytest.mark.django_db
BASE_URL = "https://placette.test"


def aged(obj, days: int) -> None:
    type(obj).objects.filter(pk=obj.pk).update(created_at=timezone.now() - timedelta(days=days))


def test_housekeeping_queues_the_reminders_and_the_purge(run_tasks, settings):
    settings.PLACETTE_BASE_URL = BASE_URL
    place = dated(200, today=timezone.localdate())
    make_manager(place)
    unconfirmed = Contribution.Status.UNCONFIRMED
    old = Contribution.objects.create(kind="new_place", email="a@example.org", status=unconfirmed)
    new = Contribution.objects.create(kind="new_place", email="b@example.org", status=unconfirmed)
    kept = Contribution.objects.create(kind="new_place", email="c@example.org", status="pending")
    old_report = Report.objects.create(path="/", reason="spam", email="d@example.org")
    new_report = Report.objects.create(path="/", reason="spam", email="e@example.org")
    open_report = Report.objects.create(path="/", reason="spam", status="open")
    for item in (old, kept, old_report, open_report):
        aged(item, 8)
    aged(new, 6)
    aged(new_report, 6)

    call_command("housekeeping", verbosity=0)

    queued = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert queued >= {
        "placette.places.tasks.send_freshness_reminders",
        "placette.contributions.tasks.purge_unconfirmed",
    }
    assert Contribution.objects.count() == 3  # nothing done until the worker runs
    run_tasks()

    assert set(Contribution.objects.values_list("pk", flat=True)) == {new.pk, kept.pk}
    assert set(Report.objects.values_list("pk", flat=True)) == {new_report.pk, open_report.pk}
    assert [m.subject for m in mail.outbox] == [
        f"Vos informations sont-elles à jour ? ({place.name})"
    ]
    assert BASE_URL + f"/lieux/{place.slug}/confirmer/" in mail.outbox[0].body


def test_housekeeping_needs_the_site_address(settings):
    settings.PLACETTE_BASE_URL = ""
    with pytest.raises(CommandError):
        call_command("housekeeping", verbosity=0)
    settings.PLACETTE_BASE_URL = "placette.test"
    with pytest.raises(CommandError):
        call_command("housekeeping", verbosity=0)
    assert not DBTaskResult.objects.exists()
    settings.PLACETTE_BASE_URL = BASE_URL
    call_command("housekeeping", verbosity=0)
    result = DBTaskResult.objects.get(task_path__endswith="send_freshness_reminders")
    assert result.args_kwargs["kwargs"] == {}  # the tasks read the address from the settings


def test_every_apps_daily_tasks_are_found_in_installed_apps_order():
    paths = [f"{task.func.__module__}.{task.name}" for task in daily_tasks()]
    assert paths == [
        "placette.core.tasks.requeue_stuck",
        "placette.places.tasks.send_freshness_reminders",
        "placette.contributions.tasks.purge_unconfirmed",
        "placette.events.tasks.send_reminders",
        "placette.events.tasks.release_expired_holds",
        "placette.events.recurrence.materialise_all",
        "placette.events.services.feeds.refresh_all",
        "placette.stories.tasks.make_missing_variants",
    ]


def test_housekeeping_queues_each_daily_task_once(settings):
    settings.PLACETTE_BASE_URL = BASE_URL
    call_command("housekeeping", verbosity=0)
    queued = {r.task_path: r.args_kwargs["kwargs"] for r in DBTaskResult.objects.all()}
    assert DBTaskResult.objects.count() == len(daily_tasks()) == len(queued)
    assert all(kwargs == {} for kwargs in queued.values())


def test_the_deprecated_base_url_option_is_accepted_and_ignored(run_tasks, settings):
    settings.PLACETTE_BASE_URL = BASE_URL
    place = dated(200, today=timezone.localdate())
    make_manager(place)
    stderr = io.StringIO()
    call_command("housekeeping", base_url="https://other.example", verbosity=0, stderr=stderr)
    assert "--base-url est obsolète" in stderr.getvalue()
    run_tasks()
    (message,) = [m for m in mail.outbox if m.subject.startswith("Vos informations")]
    assert BASE_URL + f"/lieux/{place.slug}/confirmer/" in message.body
    assert "other.example" not in message.body
