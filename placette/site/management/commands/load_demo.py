from django.core.management.base import BaseCommand

from placette.events.models import Event
from placette.site.demo import commons, events, places, stories


class Command(BaseCommand):
    help = "Charge les données de démonstration (recensement CGET 2019) si la base est vide."

    def handle(self, *args, **options):
        if not places.load(stdout=self.stdout):
            self.stdout.write("Base déjà remplie : données de démonstration non rechargées.")
        # The demo agenda: idempotent, and refreshed each run so its dates stay ahead.
        done = events.load()
        self.stdout.write(f"Agenda de démonstration : {done['created']} événement(s) créé(s).")
        shown = places.showcase()
        demo_events = list(Event.objects.filter(external_uid__startswith="demo:"))
        done = stories.load(places=shown, events=demo_events)
        self.stdout.write(f"Récits de démonstration : {done['created']} créé(s).")
        people = commons.people()
        done = commons.load(places=shown, users=people)
        self.stdout.write(f"Ressources de démonstration : {done['created']} créée(s).")
        commons.load_collection(owner=people[0])
