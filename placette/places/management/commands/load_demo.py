from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from placette.places.models import Place

DEMO_FILE = settings.BASE_DIR / "data" / "cget" / "CGET_TiersLieux_2019.csv"


class Command(BaseCommand):
    help = "Charge les données de démonstration (recensement CGET 2019) si la base est vide."

    def handle(self, *args, **options):
        if Place.objects.exists():
            self.stdout.write("Base déjà remplie : données de démonstration non rechargées.")
        else:
            call_command("import_places", str(DEMO_FILE), format="cget", stdout=self.stdout)
        # The demo agenda: idempotent, and refreshed each run so its dates stay ahead.
        from placette.events import demo

        done = demo.load()
        self.stdout.write(f"Agenda de démonstration : {done['created']} événement(s) créé(s).")
