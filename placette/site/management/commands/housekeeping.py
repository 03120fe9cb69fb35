"""`manage.py housekeeping [--base-url URL]`, run once a day (cron or a systemd timer): queues
every app's daily tasks, the tuple `DAILY` of its `tasks.py` (freshness reminders, the purge of
unconfirmed proposals and reports, the agenda's reminders…), apps in INSTALLED_APPS order. The
task worker (`manage.py db_worker`) runs them."""

import inspect
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


def _kwargs(daily_task, base_url: str) -> dict:
    """Tasks that write e-mail links are given the site's address."""
    takes_it = "base_url" in inspect.signature(daily_task.func).parameters
    return {"base_url": base_url} if takes_it else {}


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
        for daily_task in daily_tasks():
            daily_task.enqueue(**_kwargs(daily_task, base_url))
        if options["verbosity"]:
            self.stdout.write(
                "Rappels de fraîcheur et effacement des données non confirmées : en file."
            )
