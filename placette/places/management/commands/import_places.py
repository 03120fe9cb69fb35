from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from placette.places.importers import FORMATS
from placette.places.importers.base import ImportRejected, run_import


class Command(BaseCommand):
    help = "Importe un fichier de lieux, tout ou rien, avec un rapport ligne par ligne."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=sorted(FORMATS), required=True)
        parser.add_argument("--source", help="nom de la source (par défaut, celui du format)")
        parser.add_argument("--dry-run", action="store_true", help="tout vérifier, ne rien écrire")

    def handle(self, *args, file: Path, format: str, source: str | None, dry_run: bool, **options):
        importer = FORMATS[format]
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{file} : lecture impossible ({exc})") from exc
        records, errors = importer.parse(text)
        try:
            report = run_import(
                records=records, errors=errors, source=source or importer.SOURCE, dry_run=dry_run
            )
        except ImportRejected as exc:
            for error in exc.report.errors:
                self.stderr.write(f"{file}: {error}")
            raise CommandError(f"{file} : {exc}") from exc
        verb = "seraient" if dry_run else "ont été"
        self.stdout.write(
            self.style.SUCCESS(
                f"{file} : {report.created} lieu(x) {verb} créé(s), {report.updated} mis à jour."
            )
        )
