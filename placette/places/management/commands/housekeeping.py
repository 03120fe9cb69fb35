"""`manage.py housekeeping`, run once a day (cron or a systemd timer): queues the freshness
reminders and the purge of unconfirmed proposals and reports. The task worker
(`manage.py db_worker`) runs them. Links in their e-mail are on PLACETTE_BASE_URL (core.urls);
`--base-url` is deprecated and ignored, still accepted so that existing crontabs keep working."""

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
            help="obsolète et sans effet : les liens des courriels suivent le réglage "
            "PLACETTE_BASE_URL",
        )

    def handle(self, *args, base_url: str | None, **options):
        if base_url is not None:
            self.stderr.write(
                "--base-url est obsolète et sans effet : les liens des courriels suivent le "
                "réglage PLACETTE_BASE_URL."
            )
        try:
            # The tasks would mail broken links: refuse here, where the cron's output is read.
            URLValidator(schemes=["http", "https"])(settings.PLACETTE_BASE_URL)
        except ValidationError as exc:
            raise CommandError(
                "Réglez PLACETTE_BASE_URL sur l'adresse publique du site : https://…"
            ) from exc
        tasks.send_freshness_reminders.enqueue()
        tasks.purge_unconfirmed.enqueue()
        event_tasks.send_reminders.enqueue()  # the agenda: the day before
        # The agenda: regular slots extended to the horizon; outside calendars read again.
        recurrence.materialise_all.enqueue()
        feeds.refresh_all.enqueue()
        story_tasks.make_missing_variants.enqueue()  # photos whose variants were never made
        if options["verbosity"]:
            self.stdout.write(
                "Rappels de fraîcheur et effacement des données non confirmées : en file."
            )
