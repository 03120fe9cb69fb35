"""`manage.py moderator EMAIL [--remove]`: name (or un-name) a network moderator."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from placette.core.roles import MODERATORS_GROUP


class Command(BaseCommand):
    help = "Ajoute un compte (par son courriel) au groupe des modérateurs, ou l'en retire."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--remove", action="store_true", help="retirer du groupe")

    def handle(self, *args, email: str, remove: bool, **options):
        users = get_user_model().objects.filter(emailaddress__email__iexact=email).distinct()
        if users.count() != 1:
            users = get_user_model().objects.filter(email__iexact=email)
        if users.count() != 1:
            raise CommandError(
                f"Aucun compte unique pour {email} : créez-le d'abord (inscription)."
            )
        user = users.get()
        group = Group.objects.get(name=MODERATORS_GROUP)
        if remove:
            user.groups.remove(group)
            self.stdout.write(f"{email} n'est plus modérateur.")
        else:
            user.groups.add(group)
            self.stdout.write(f"{email} est modérateur.")
