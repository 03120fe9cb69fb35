"""Writes of the sources domain: recorded imports (command and staff page)."""

import hashlib
import logging
from dataclasses import asdict, fields

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from placette.places import hours
from placette.places.importers import FORMATS
from placette.places.importers.base import (
    ImportRejected,
    Outcome,
    Record,
    Report,
    RowError,
    run_import,
)
from placette.places.models import Place
from placette.places.services.places import merge_places
from placette.sources import duplicates
from placette.sources.models import DataSource, DuplicatePair, ImportRun

logger = logging.getLogger(__name__)

# Sources we know the licence of; any other is created with the details given with its first
# file (or only its name), for staff to complete in the admin.
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
SOURCE_DETAILS = ("label", "licence", "licence_url", "url")
_OUTCOME_FIELDS = [field.name for field in fields(Outcome)]
LENGTH_LIMITED = {f.name: f for f in Place._meta.concrete_fields if getattr(f, "max_length", None)}


def ensure_source(*, slug: str, details: dict[str, str] | None = None) -> DataSource:
    given = {key: value for key, value in (details or {}).items() if value}
    defaults = KNOWN_SOURCES.get(slug) or {"label": slug, **given}
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
    source_details: dict[str, str] | None = None,
) -> ImportRun:
    """Import a file all-or-nothing and record the run. A rejected file writes no place but
    its run is recorded, errors included. A dry run records a preview, keeping the file so
    that `confirm` imports exactly what was previewed. `source_details` (label, licence,
    licence_url, url) describe the source if it is new, and are used when the run applies."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}")
    source = source or FORMATS[format].SOURCE
    validate_slug(source)
    run = ImportRun(
        source=source,
        format=format,
        file_name=file_name[:255],
        file_sha256=hashlib.sha256(text.encode()).hexdigest(),
        content=text if dry_run else "",
        user=user,
        source_details={k: v for k, v in (source_details or {}).items() if k in SOURCE_DETAILS},
    )
    return _execute(run, text, dry_run=dry_run)


def confirm(*, run: ImportRun, user=None) -> ImportRun:
    """Apply a previewed file, parsed and checked again against today's database: if its
    rows have become invalid meanwhile, the run is rejected and nothing is written."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.status != ImportRun.Status.PREVIEW:
            raise ValueError(f"import {run.pk} is {run.status}, not a preview")
        text, run.content = run.content, ""
        run.user = user or run.user
        return _execute(run, text, dry_run=False)


def discard(*, run: ImportRun) -> None:
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.status == ImportRun.Status.PREVIEW:
            run.status = ImportRun.Status.DISCARDED
            run.content = ""
            run.save(update_fields=["status", "content"])


def _execute(run: ImportRun, text: str, *, dry_run: bool) -> ImportRun:
    records, errors = FORMATS[run.format].parse(text)
    records, model_errors = _fit_the_model(records)
    with transaction.atomic():
        try:
            with transaction.atomic():
                report = run_import(
                    records=records,
                    errors=[*errors, *model_errors],
                    source=run.source,
                    dry_run=dry_run,
                )
                if not dry_run:
                    ensure_source(slug=run.source, details=run.source_details)
            run.status = ImportRun.Status.PREVIEW if dry_run else ImportRun.Status.APPLIED
        except ImportRejected as exc:
            report = exc.report
            run.status = ImportRun.Status.REJECTED
        except (ValidationError, DataError, IntegrityError) as exc:
            # Checked above, so unexpected: refuse the file rather than fail the request.
            logger.exception("import %s of %s failed", run.file_name, run.source)
            report = Report(source=run.source, rows=len(records) + len(errors))
            report.errors.append(RowError(0, "(fichier)", f"écriture impossible : {exc}"))
            run.status = ImportRun.Status.REJECTED
        if run.status == ImportRun.Status.REJECTED:
            run.content = ""
        _fill(run, report)
        run.save()
        if run.status == ImportRun.Status.APPLIED:
            # Once the places are committed: the search is not part of the import (it holds
            # no write lock meanwhile), and its failure is logged without undoing it.
            place_ids = report.place_ids
            transaction.on_commit(lambda: _find_duplicates(run, place_ids), robust=True)
    return run


def _find_duplicates(run: ImportRun, place_ids: list[int]) -> None:
    """Propose the possible duplicates of an applied run's places; count them on the run."""
    run.duplicates_found = duplicates.detect(place_ids=place_ids)
    if run.duplicates_found:
        ImportRun.objects.filter(pk=run.pk).update(duplicates_found=run.duplicates_found)


def _fit_the_model(records: list[Record]) -> tuple[list[Record], list[RowError]]:
    """Rows a format accepted but a place cannot hold (text too long, unreadable opening
    hours): rejected with their line, whatever the database (SQLite does not check lengths)."""
    kept, errors = [], []
    for record in records:
        row_errors = []
        for name, value in record.fields.items():
            model_field = LENGTH_LIMITED.get(name)
            limit = model_field and model_field.max_length
            if limit and isinstance(value, str) and len(value) > limit:
                message = f"{model_field.verbose_name} : {len(value)} caractères, {limit} au plus"
                row_errors.append(RowError(record.line, name, message))
        opening_hours = record.fields.get("opening_hours")
        if (
            opening_hours
            and hours.parse(opening_hours) is None  # cached: files repeat the same hours
            and (problem := hours.error(opening_hours))
        ):
            row_errors.append(RowError(record.line, "opening_hours", f"horaires : {problem}"))
        errors += row_errors
        if not row_errors:
            kept.append(record)
    return kept, errors


def _fill(run: ImportRun, report: Report) -> None:
    run.finished_at = timezone.now()
    run.rows = report.rows
    run.created = report.created
    run.updated = report.updated
    run.unchanged = report.unchanged
    run.kept = report.kept
    run.errors = [asdict(error) for error in report.errors]
    run.warnings = [asdict(warning) for warning in report.warnings]
    run.outcomes = [  # not asdict(), which deep-copies: a big file has 20,000 outcomes
        {
            **{name: getattr(outcome, name) for name in _OUTCOME_FIELDS},
            "changed": list(outcome.changed),
            "kept": list(outcome.kept),
            "place_id": None if outcome.action == "created" else place_id,
        }
        for outcome, place_id in zip(report.outcomes, report.place_ids, strict=True)
    ]


@transaction.atomic
def merge(*, keep: Place, absorb: Place, by=None) -> Place:
    """Merge two places (places.services.merge_places) and settle their duplicate pairs: their
    own pair is marked merged (by whom, when), the absorbed place's others move to `keep`."""
    duplicates.record_merge(keep=keep, absorb=absorb, by=by)
    return merge_places(keep=keep, absorb=absorb, by=by)


def decide_pair(*, pair: DuplicatePair, action: str, by=None) -> DuplicatePair:
    """A staff decision on an open pair: "keep_a" or "keep_b" merges the other place into that
    one (places.services.merge_places), "apart" keeps them apart for good. ValueError if the
    pair is no longer open or the action unknown."""
    with transaction.atomic():
        pair = DuplicatePair.objects.select_for_update().get(pk=pair.pk)
        if pair.status != DuplicatePair.Status.OPEN or None in (pair.place_a, pair.place_b):
            raise ValueError(f"pair {pair.pk} is {pair.status}")
        if action == "apart":
            duplicates.keep_apart(pair=pair, by=by)
        elif action in {"keep_a", "keep_b"}:
            keep, absorb = pair.place_a, pair.place_b
            if action == "keep_b":
                keep, absorb = absorb, keep
            merge(keep=keep, absorb=absorb, by=by)
        else:
            raise ValueError(f"unknown action {action!r}")
    pair.refresh_from_db()
    return pair
