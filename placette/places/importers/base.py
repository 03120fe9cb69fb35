"""What every place importer shares: records, row errors, and an all-or-nothing run."""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from placette.places import services


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"ligne {self.line}, champ {self.field} : {self.message}"


@dataclass
class Record:
    line: int
    source_id: str
    fields: dict[str, Any]
    tags: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """What importing one record did (or, in a dry run, would do) to its place."""

    line: int
    source_id: str
    name: str
    action: str  # "created", "updated" or "unchanged"
    changed: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()  # fields left as the place's manager edited them


@dataclass
class Report:
    source: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0
    errors: list[RowError] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    place_ids: list[int] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportRejected(Exception):
    """The file had bad rows: nothing was written."""

    def __init__(self, report: Report):
        self.report = report
        super().__init__(f"{len(report.errors)} erreur(s) : rien n'a été importé.")


class _DryRun(Exception):
    pass


def run_import(
    *, records: list[Record], errors: list[RowError], source: str, dry_run: bool = False
) -> Report:
    """Write every record, or none: any row error (or a duplicated id) rejects the whole file."""
    rows = len(records) + len({error.line for error in errors})
    report = Report(source=source, rows=rows, errors=list(errors), dry_run=dry_run)
    seen: dict[str, int] = {}
    for record in records:
        if record.source_id in seen:
            report.errors.append(
                RowError(record.line, "id", f"identifiant déjà vu ligne {seen[record.source_id]}")
            )
        seen.setdefault(record.source_id, record.line)
    if report.errors:
        report.errors.sort(key=lambda e: (e.line, e.field))
        raise ImportRejected(report)
    try:
        with transaction.atomic():
            for record in records:
                result = services.upsert_from_source(
                    source=source,
                    source_id=record.source_id,
                    fields=record.fields,
                    tags=record.tags,
                )
                action = (
                    "created" if result.created else "updated" if result.changed else "unchanged"
                )
                setattr(report, action, getattr(report, action) + 1)
                report.kept += len(result.kept)
                report.place_ids.append(result.place.pk)
                report.outcomes.append(
                    Outcome(
                        line=record.line,
                        source_id=record.source_id,
                        name=result.place.name,
                        action=action,
                        changed=() if result.created else tuple(result.changed),
                        kept=tuple(result.kept),
                    )
                )
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report
