"""Writes of the sources domain: recorded imports (command and staff page)."""

import hashlib
from dataclasses import asdict

from django.db import transaction
from django.utils import timezone

from placette.places.importers import FORMATS
from placette.places.importers.base import ImportRejected, Report, run_import

from .models import DataSource, ImportRun

# Sources we know the licence of; any other is created with its name and no licence,
# for staff to complete in the admin.
KNOWN_SOURCES = {
    "cget-2019": {
        "label": "CGET – Mission Coworking, recensement des tiers-lieux (2019)",
        "licence": "Licence Ouverte 2.0",
        "licence_url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        "url": "https://github.com/anct-carto/mission_coworking",
    },
    "lamednum": {
        "label": "Lieux de médiation numérique (standard LaMednum)",
        "licence": "Licence Ouverte 2.0",
        "licence_url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        "url": "https://www.data.gouv.fr/fr/datasets/lieux-de-mediation-numerique-sur-le-territoire-national-fournis-par-data-inclusion-1/",
    },
}


def ensure_source(*, slug: str) -> DataSource:
    defaults = KNOWN_SOURCES.get(slug, {"label": slug})
    source, _created = DataSource.objects.get_or_create(slug=slug, defaults=defaults)
    return source


def import_text(
    *,
    text: str,
    file_name: str,
    format: str,
    source: str | None = None,
    user=None,
    dry_run: bool = False,
) -> ImportRun:
    """Import a file all-or-nothing and record the run. A rejected file writes no place but
    its run is recorded, errors included. A dry run records a preview, keeping the file so
    that `confirm` imports exactly what was previewed."""
    run = ImportRun(
        source=source or FORMATS[format].SOURCE,
        format=format,
        file_name=file_name[:255],
        file_sha256=hashlib.sha256(text.encode()).hexdigest(),
        content=text if dry_run else "",
        user=user,
    )
    return _execute(run, text, dry_run=dry_run)


def confirm(*, run: ImportRun, user=None) -> ImportRun:
    """Apply a previewed file, checked again against today's database."""
    if run.status != ImportRun.Status.PREVIEW:
        raise ValueError(f"import {run.pk} is {run.status}, not a preview")
    text, run.content = run.content, ""
    run.user = user or run.user
    return _execute(run, text, dry_run=False)


def _execute(run: ImportRun, text: str, *, dry_run: bool) -> ImportRun:
    records, errors = FORMATS[run.format].parse(text)
    try:
        with transaction.atomic():
            report = run_import(records=records, errors=errors, source=run.source, dry_run=dry_run)
            if not dry_run:
                ensure_source(slug=run.source)
        run.status = ImportRun.Status.PREVIEW if dry_run else ImportRun.Status.APPLIED
    except ImportRejected as exc:
        report = exc.report
        run.status = ImportRun.Status.REJECTED
        run.content = ""
    _fill(run, report)
    run.save()
    return run


def discard(*, run: ImportRun) -> None:
    if run.status == ImportRun.Status.PREVIEW:
        run.status = ImportRun.Status.DISCARDED
        run.content = ""
        run.save(update_fields=["status", "content"])


def _fill(run: ImportRun, report: Report) -> None:
    run.finished_at = timezone.now()
    run.rows = report.rows
    run.created = report.created
    run.updated = report.updated
    run.unchanged = report.unchanged
    run.kept = report.kept
    run.errors = [asdict(error) for error in report.errors]
    run.outcomes = [
        {**asdict(outcome), "changed": list(outcome.changed), "kept": list(outcome.kept)}
        for outcome in report.outcomes
    ]
