"""What every place importer shares: records, row errors, and an all-or-nothing run."""

import codecs
import csv
import re
from dataclasses import dataclass, field
from typing import Any

import charset_normalizer
import ftfy
from django.db import transaction

from placette.places.models import Place, PlaceSource
from placette.places.services import bulk

ID_BATCH = 500  # ids per IN (...) query


# ftfy repairs mojibake only ("ThÃ©Ã¢tre" → "Théâtre", as in the 2019 census); typography
# (curly quotes, ligatures, widths) is the author's and stays as typed.
_REPAIR = ftfy.TextFixerConfig(
    uncurl_quotes=False,
    remove_control_chars=False,  # a NUL stays a row error (base._nul_errors)
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,
    normalization=None,
    explain=False,
)


# What a French spreadsheet saves a "CSV" in when not told "CSV UTF-8". Left free,
# charset-normalizer takes short French files for Baltic or Central European code pages.
WESTERN_ENCODINGS = ["cp1252", "latin_1"]
DELIMITERS = ",;\t"
_C1_CONTROLS = re.compile("[\x80-\x9f]")


def decode(raw: bytes) -> str:
    """The text of an uploaded file: UTF-8 (with or without BOM), UTF-16 with its BOM, else
    Windows-1252 or Latin-1 if charset-normalizer finds the bytes read as text in one of them.
    UnicodeDecodeError (of UTF-8, with the position of the first bad byte) if none fits."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = charset_normalizer.from_bytes(raw, cp_isolation=WESTERN_ENCODINGS).best()
        text = "" if best is None else str(best)
        if not text or _C1_CONTROLS.search(text):  # no text has them: bytes of something else
            raise
        return text


def delimiter(text: str) -> str:
    """The file's delimiter, sniffed on its header line: "," (the standard's), ";" (what a
    French spreadsheet writes) or a tab."""
    header = text.removeprefix("\ufeff")[:10_000].partition("\n")[0]
    try:
        return csv.Sniffer().sniff(header, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def header_error(header: list[str], missing: list[str] | set[str]) -> "RowError":
    """The error of a header lacking required columns: with one column only, the file is
    not separated by a delimiter we read."""
    if len(header) == 1:
        message = (
            "une seule colonne lue : séparez les colonnes par des virgules ou des "
            "points-virgules (enregistrez au format « CSV »)"
        )
        return RowError(1, "(en-tête)", message)
    names = missing if isinstance(missing, list) else sorted(missing)
    return RowError(1, ", ".join(names), "colonne absente de l'en-tête")


def repair(text: str) -> str:
    """The file's text with mojibake (UTF-8 read as Latin-1 or Windows-1252) undone, line by
    line (line numbers stay those of the file); a leading BOM is dropped."""
    return ftfy.fix_text(text.removeprefix("\ufeff"), _REPAIR)


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"ligne {self.line}, champ {self.field} : {self.message}"


def csv_error(error: csv.Error, line: int) -> RowError:
    """The row error for a CSV the reader gives up on (a value over the field limit, 128 KiB:
    no cell of a place needs that much)."""
    if "field larger than field limit" in str(error):
        message = f"valeur de plus de {csv.field_size_limit() // 1024} Kio, fichier illisible"
    else:
        message = f"CSV illisible : {error}"
    return RowError(line, "(ligne)", message)


@dataclass
class Record:
    line: int
    source_id: str
    fields: dict[str, Any]
    tags: dict[str, list[str]] = field(default_factory=dict)
    # What was kept or dropped without refusing the row (shown, never blocking).
    warnings: list[RowError] = field(default_factory=list)


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
    warnings: list[RowError] = field(default_factory=list)
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
    report.warnings = [warning for record in records for warning in record.warnings]
    seen: dict[str, int] = {}
    for record in records:
        report.errors.extend(_nul_errors(record))
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
            own = _own_places(records, source)
            for record, place in own:
                report.unchanged += 1
                report.place_ids.append(place.pk)
                report.outcomes.append(
                    Outcome(
                        line=record.line,
                        source_id=record.source_id,
                        name=place.name,
                        action="unchanged",
                    )
                )
            owned = {id(record) for record, _place in own}
            records = [record for record in records if id(record) not in owned]
            results = bulk.upsert_many(
                source=source,
                items=[(record.source_id, record.fields, record.tags) for record in records],
            )
            for record, result in zip(records, results, strict=True):
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


def _nul_errors(record: Record) -> list[RowError]:
    """NUL is refused in any text: PostgreSQL cannot store it, SQLite would."""
    texts = {"id": record.source_id} | {
        name: "".join(value) if isinstance(value, list) else value
        for name, value in [*record.fields.items(), *record.tags.items()]
    }
    return [
        RowError(record.line, name, "caractère nul (\\0) interdit")
        for name, value in texts.items()
        if isinstance(value, str) and "\x00" in value
    ]


def _own_places(records: list[Record], source: str) -> list[tuple[Record, Place]]:
    """A record may offer a `uid` (a LaMednum id that is a UUID, as in our own exports).
    If (source, id) already designates a place, that place is updated and keeps its uid. Else,
    if a place here has that uid, the record is our own export of it coming back: the place
    is left as it is (its own word wins) and the record returned with it, to be skipped. Else
    the place the record creates takes the uid: an export imported into another database keeps
    its public ids, and a public id is never given twice."""
    offered = [record for record in records if "uid" in record.fields]
    taken, linked = {}, set()
    for start in range(0, len(offered), ID_BATCH):
        batch = offered[start : start + ID_BATCH]
        uids = [record.fields["uid"] for record in batch]
        taken.update(
            (place.uid, place) for place in Place.objects.filter(uid__in=uids).only("uid", "name")
        )
        linked.update(
            PlaceSource.objects.filter(
                source=source, source_id__in=[record.source_id for record in batch]
            ).values_list("source_id", flat=True)
        )
    own, given = [], set()
    for record in offered:
        uid = record.fields["uid"]
        if record.source_id in linked or uid in given:
            del record.fields["uid"]
        elif uid in taken:
            own.append((record, taken[uid]))
        else:
            given.add(uid)
    return own
