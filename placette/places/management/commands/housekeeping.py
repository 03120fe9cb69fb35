"""`manage.py housekeeping [--base-url URL]`, run once a day (cron or a systemd timer): queues
the freshness reminders and the purge of unconfirmed proposals and reports. The task worker
(`manage.py db_worker`) runs them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator

from placette.events import recurrence
from placette.events import tasks as event_tasks
from placette.events.services import feeds
from placette.places import tasks
from placette.stories import tasks as story_tasks


class Command(BaseCommand):
    help = (
        "Met en file les rappels « Vos informations sont-elles à jour ? » et l'effacement des "
        "propositions et signalements non confirmés depuis 7 jours. À lancer chaque jour."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "PLACETTE_BASE_URL", ""),
            help="adresse publique du site, pour les liens des courriels "
            "(par défaut : le réglage PLACETTE_BASE_URL), par exemple https://placette.example",
        )

    def handle(self, *args, base_url: str, **options):
        base_url = base_url.rstrip("/")
        try:
            URLValidator(schemes=["http", "https"])(base_url)
        except ValidationError as exc:
            raise CommandError(
                "Indiquez l'adresse publique du site : --base-url https://… "
                "(ou le réglage PLACETTE_BASE_URL)."
            ) from exc
        tasks.send_freshness_reminders.enqueue(base_url=base_url)
        tasks.purge_unconfirmed.enqueue()
        event_tasks.send_reminders.enqueue(base_url=base_url)  # the agenda: the day before
        # The agenda: regular slots extended to the horizon; outside calendars read again.
        recurrence.materialise_all.enqueue(base_url=base_url)
        feeds.refresh_all.enqueue(base_url=base_url)
        story_tasks.make_missing_variants.enqueue()  # photos whose variants were never made
        if options["verbosity"]:
            self.stdout.write(
                "Rappels de fraîcheur et effacement des données non confirmées : en file."
            )
