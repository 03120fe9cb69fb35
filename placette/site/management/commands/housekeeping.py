"""`manage.py housekeeping`, run once a day (cron or a systemd timer): queues every app's daily
tasks, the tuple `DAILY` of its `tasks.py` (freshness reminders, the purge of unconfirmed
proposals and reports, the agenda's reminders…), apps in INSTALLED_APPS order. The task worker
(`manage.py db_worker`) runs them. Links in their e-mail are on PLACETTE_BASE_URL (core.urls);
`--base-url` is deprecated and ignored, still accepted so that existing crontabs keep working."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator
from django.utils.module_loading import module_has_submodule


def daily_tasks() -> list:
    """Every installed app's `tasks.DAILY`, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "tasks"):
            found += getattr(import_module(f"{config.name}.tasks"), "DAILY", ())
    return found


class Command(BaseCommand):
    help = (
        "Met en file les tâches quotidiennes de chaque application (rappels « Vos informations "
        "sont-elles à jour ? », effacement des propositions et signalements non confirmés depuis "
        "7 jours, rappels de l'agenda…). À lancer chaque jour."
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
        for daily_task in daily_tasks():
            daily_task.enqueue()
        if options["verbosity"]:
            self.stdout.write("Tâches quotidiennes : en file.")
