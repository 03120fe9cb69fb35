from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from placette.places.models import Place

DEMO_FILE = settings.BASE_DIR / "data" / "cget" / "CGET_TiersLieux_2019.csv"

# People who write the demo resources, so that history and "who wrote what" show several
# hands. They cannot sign in (no usable password) and their addresses are on a reserved domain.
DEMO_PEOPLE = [
    ("camille.demo@example.org", "Camille", "Le Goff"),
    ("yanis.demo@example.org", "Yanis", "Benali"),
    ("odile.demo@example.org", "Odile", "Marchand"),
]


def demo_people() -> list:
    users = []
    for email, first_name, last_name in DEMO_PEOPLE:
        user, created = get_user_model().objects.get_or_create(
            email=email,
            defaults={"username": email, "first_name": first_name, "last_name": last_name},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        users.append(user)
    return users


class Command(BaseCommand):
    help = "Charge les données de démonstration (recensement CGET 2019) si la base est vide."

    def handle(self, *args, **options):
        if Place.objects.exists():
            self.stdout.write("Base déjà remplie : données de démonstration non rechargées.")
        else:
            call_command("import_places", str(DEMO_FILE), format="cget", stdout=self.stdout)
        # The demo agenda: idempotent, and refreshed each run so its dates stay ahead.
        from placette.commons import demo as commons_demo
        from placette.commons.services.collections import load_demo_collections
        from placette.events import demo as events_demo
        from placette.events.models import Event
        from placette.stories import demo as stories_demo

        done = events_demo.load()
        self.stdout.write(f"Agenda de démonstration : {done['created']} événement(s) créé(s).")
        places = list(Place.objects.filter(is_published=True).order_by("name")[:10])
        events = list(Event.objects.filter(external_uid__startswith="demo:"))
        done = stories_demo.load(places=places, events=events)
        self.stdout.write(f"Récits de démonstration : {done['created']} créé(s).")
        people = demo_people()
        done = commons_demo.load(places=places, users=people)
        self.stdout.write(f"Ressources de démonstration : {done['created']} créée(s).")
        load_demo_collections(owner=people[0])
