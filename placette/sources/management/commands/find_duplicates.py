import time

from django.core.management.base import BaseCommand

from placette.sources import duplicates


class Command(BaseCommand):
    help = (
        "Cherche les doublons possibles entre sources (même SIRET, ou noms proches à moins "
        "de 100 m) et les propose à l'équipe sur /gestion/doublons/."
    )

    def handle(self, *args, **options):
        start = time.perf_counter()
        matches = duplicates.find()
        found = time.perf_counter() - start
        created = duplicates.record(matches)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(matches)} doublon(s) possible(s), dont {created} nouveau(x) à examiner "
                f"(recherche : {found:.1f} s, total : {time.perf_counter() - start:.1f} s)."
            )
        )
