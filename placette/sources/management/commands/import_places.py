from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from placette.places.importers import FORMATS
from placette.places.importers.base import decode
from placette.sources import services
from placette.sources.models import ImportRun


class Command(BaseCommand):
    help = "Importe un fichier de lieux, tout ou rien, avec un rapport ligne par ligne."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=sorted(FORMATS), required=True)
        parser.add_argument("--source", help="nom de la source (par défaut, celui du format)")
        parser.add_argument("--dry-run", action="store_true", help="tout vérifier, ne rien écrire")

    def handle(self, *args, file: Path, format: str, source: str | None, dry_run: bool, **options):
        try:
            # Bytes decoded as they are (no newline translation): the run's sha256 is the file's.
            raw = file.read_bytes()
            text = decode(raw)
        except OSError as exc:
            raise CommandError(f"{file} : lecture impossible ({exc})") from exc
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise CommandError(
                f"{file} : ni UTF-8 ni Windows-1252 (premier caractère illisible ligne {line}). "
                "Enregistrez-le au format « CSV UTF-8 » et recommencez."
            ) from exc
        try:
            run = services.import_text(
                text=text, file_name=file.name, format=format, source=source, dry_run=dry_run
            )
        except ValidationError as exc:
            raise CommandError(f"--source {source!r} : {' '.join(exc.messages)}") from exc
        if run.status == ImportRun.Status.REJECTED:
            for error in run.errors:
                self.stderr.write(
                    f"{file}: ligne {error['line']}, champ {error['field']} : {error['message']}"
                )
            raise CommandError(f"{file} : {len(run.errors)} erreur(s) : rien n'a été importé.")
        for warning in run.warnings:
            self.stderr.write(
                f"{file}: ligne {warning['line']}, champ {warning['field']} : {warning['message']}"
            )
        verb = "seraient" if dry_run else "ont été"
        if run.duplicates_found:
            self.stdout.write(
                f"{run.duplicates_found} doublon(s) possible(s) à examiner sur /gestion/doublons/."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{file} : {run.created} lieu(x) {verb} créé(s), {run.updated} mis à jour, "
                f"{run.unchanged} inchangé(s)"
                + (
                    f", {run.kept} champ(s) gardé(s) tels que le lieu les a modifiés"
                    if run.kept
                    else ""
                )
                + "."
            )
        )
