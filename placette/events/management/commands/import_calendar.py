"""manage.py import_calendar FILE_OR_URL --place SLUG [--dry-run]: a calendar read once, as the
place's feeds are (events/services/feeds.py), with what was done event by event."""

from django.core.management.base import BaseCommand, CommandError

from placette.events.calendars import CalendarError
from placette.events.services import feeds
from placette.places.models import Place

VERBS = {"created": "créé", "updated": "mis à jour", "cancelled": "annulé"}


class Command(BaseCommand):
    help = (
        "Importe un calendrier iCal (fichier ou adresse) dans l'agenda d'un lieu, et dit ce qui "
        "est créé, mis à jour, annulé ou ignoré (avec la raison)."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="fichier .ics ou adresse https://… (webcal:// accepté)")
        parser.add_argument("--place", required=True, help="le lieu organisateur (son slug)")
        parser.add_argument("--dry-run", action="store_true", help="tout lire, ne rien écrire")

    def handle(self, *args, source: str, place: str, dry_run: bool, **options):
        organiser = Place.objects.filter(slug=place).first()
        if organiser is None:
            raise CommandError(f"--place {place!r} : aucun lieu n'a ce slug.")
        try:
            result = feeds.import_calendar(place=organiser, source=source, dry_run=dry_run)
        except CalendarError as exc:
            raise CommandError(f"{source} : {exc}") from exc
        prefix = "serait " if dry_run else ""
        for action, title in result.changes:
            self.stdout.write(f"{prefix}{VERBS[action]} : {title}")
        for skipped in result.skipped:
            self.stdout.write(f"ignoré : {skipped}")
        verb = "seraient" if dry_run else "ont été"
        self.stdout.write(
            self.style.SUCCESS(
                f"{source} : {result.created} événement(s) {verb} créé(s), {result.updated} mis "
                f"à jour, {result.cancelled} annulé(s), {len(result.skipped)} ignoré(s)"
                + (" — essai : rien n'a été enregistré." if dry_run else ".")
            )
        )
