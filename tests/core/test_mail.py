"""Queued e-mail: passing failures are retried later, refusals are not, stuck tasks run again."""

import logging
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from placette.core import mail as core_mail
from placette.core.tasks import requeue_stuck

pytestmark = pytest.mark.django_db

FAILING = "tests.core.test_mail.FailingBackend"


class FailingBackend(BaseEmailBackend):
    error: Exception = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    def send_messages(self, messages):
        raise self.error


def deliveries() -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(task_path__endswith="mail.deliver").order_by("enqueued_at")
    )


def test_a_passing_failure_is_retried_later_then_sent(settings, run_tasks):
    settings.EMAIL_BACKEND = FAILING
    core_mail.queue(to=["a@example.org"], subject="Bonjour", body="Texte")
    run_tasks()
    first, retry = deliveries()
    assert retry.status == TaskResultStatus.READY
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after > timezone.now() + timedelta(minutes=4)
    run_tasks()  # not due yet
    assert len(deliveries()) == 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_tasks()
    assert [m.subject for m in mail.outbox] == ["Bonjour"]


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"5.1.1 no such user")}),
        smtplib.SMTPDataError(554, b"rejected"),
    ],
)
def test_a_refusal_is_not_retried(settings, run_tasks, caplog, monkeypatch, error):
    settings.EMAIL_BACKEND = FAILING
    monkeypatch.setattr(FailingBackend, "error", error)
    core_mail.queue(to=["a@example.org"], subject="Bonjour", body="Texte")
    with caplog.at_level(logging.ERROR, logger="placette.core.mail"):
        run_tasks()
    assert len(deliveries()) == 1
    assert "not retried" in caplog.text


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"greylisted")}),
        smtplib.SMTPSenderRefused(421, b"busy", "site@example.org"),
        ConnectionRefusedError(111, "Connection refused"),
        TimeoutError("timed out"),
    ],
)
def test_passing_failures(error):
    assert core_mail.transient(error)


def test_the_last_attempt_gives_up_with_an_error(settings, run_tasks, caplog):
    settings.EMAIL_BACKEND = FAILING
    last = len(core_mail.RETRY_DELAYS) + 1
    core_mail.deliver.enqueue(to=["a@example.org"], subject="Bonjour", body="Texte", attempt=last)
    with caplog.at_level(logging.ERROR, logger="placette.core.mail"):
        run_tasks()
    assert len(deliveries()) == 1
    assert "given up after 6 tries" in caplog.text


def test_a_task_left_running_by_a_dead_worker_runs_again(run_tasks):
    core_mail.queue(to=["a@example.org"], subject="Perdu", body="Texte")
    core_mail.queue(to=["b@example.org"], subject="En cours", body="Texte")
    lost, running = deliveries()
    long_ago = timezone.now() - timedelta(minutes=20)
    DBTaskResult.objects.filter(pk=lost.pk).update(status="RUNNING", started_at=long_ago)
    DBTaskResult.objects.filter(pk=running.pk).update(
        status="RUNNING", started_at=timezone.now() - timedelta(minutes=1)
    )
    requeue_stuck.call()
    run_tasks()
    assert [m.subject for m in mail.outbox] == ["Perdu"]
    running.refresh_from_db()
    assert running.status == TaskResultStatus.RUNNING


def test_the_worker_requeues_stuck_tasks_when_it_starts(run_tasks):
    core_mail.queue(to=["a@example.org"], subject="Perdu", body="Texte")
    (lost,) = deliveries()
    long_ago = timezone.now() - timedelta(minutes=20)
    DBTaskResult.objects.filter(pk=lost.pk).update(status="RUNNING", started_at=long_ago)
    run_tasks()
    assert [m.subject for m in mail.outbox] == ["Perdu"]
