"""Background tasks of the directory (django-tasks), queued daily by `manage.py housekeeping`."""

from django.utils import timezone
from django_tasks import task

from placette.contributions.models import Contribution
from placette.contributions.services import reports
from placette.places.services import freshness

# Data minimisation: a proposal or report whose e-mail was never confirmed is deleted.
PURGE_AFTER = reports.PURGE_AFTER


@task()
def send_freshness_reminders() -> int:
    """ "Vos informations sont-elles à jour ?" to the managers of each place due."""
    return freshness.send_reminders(today=timezone.localdate())


@task()
def purge_unconfirmed() -> dict[str, int]:
    """Delete the proposals and reports never confirmed, older than PURGE_AFTER."""
    before = timezone.now() - PURGE_AFTER
    _total, deleted = Contribution.objects.filter(
        status=Contribution.Status.UNCONFIRMED, created_at__lt=before
    ).delete()
    return {
        "contributions": deleted.get("contributions.Contribution", 0),
        "reports": reports.purge_unconfirmed(before=before),
    }
