"""The national standard "Lieux de médiation numérique" (LaMednum) v1.0.2, CSV.

Format: UTF-8 with or without BOM, CRLF or LF, comma-separated, "." decimals; multi-valued
fields joined with "|" (the older ";" is accepted too). Each row is checked field by field
against data/lamednum/schema.json (required fields, enumerations, regexes, maxLength), plus
OSM opening hours, coordinates, the date and http(s) URLs.

typologie: schema.json gives it no pattern; a code must have the shape of a data·inclusion
code (upper case and "_", or "Autre"). EPN → epn, FABLAB → fablab, any other → autre.
pivot: digits go to `siret` if their check key (Luhn) is right (else they are dropped, with a
warning), "W…" (up to 10 characters) to `rna`; a RIDET is validated only.

An all-zero pivot (the convention for "unknown") sets no SIRET. The typologie codes are kept
as given (`structure_types`) beside the families derived from them, so an export repeats them.
An id that is a UUID (our own exports' ids are our places' `uid`) is offered as the `uid` of
the place the row creates: base.run_import keeps it unless another place already has it, so
an export imported into another database keeps its public ids.
"""

import csv
import io
import math
import re
import uuid
from datetime import date
from functools import cache

from django.utils import translation

from placette.places import hours, identifiers, vocab
from placette.places.importers import mednum_schema as schema
from placette.places.importers.base import (
    Record,
    RowError,
    csv_error,
    delimiter,
    header_error,
    repair,
)
from placette.places.models import Place

SOURCE = "lamednum"
TEXT_FIELDS = {
    "nom": "name",
    "commune": "commune",
    "code_postal": "postal_code",
    "code_insee": "insee_code",
    "adresse": "address",
    "complement_adresse": "address_extra",
    "telephone": "phone",
    "horaires": "opening_hours",
    "presentation_resume": "summary",
    "presentation_detail": "description",
    "source": "collected_by",
    "structure_parente": "parent_organisation",
}
# Enumerated columns stored as codes of a vocabulary: (vocabulary, tag or Place field).
CODED = {
    "services": (vocab.Service, "services"),
    "publics_specifiquement_adresses": (vocab.Public, "publics"),
    "prise_en_charge_specifique": (vocab.SpecificSupport, "specific_support"),
    "modalites_acces": (vocab.AccessMode, "access_modes"),
    "modalites_accompagnement": (vocab.SupportMode, "support_modes"),
    "frais_a_charge": (vocab.Fee, "fees"),
    "dispositif_programmes_nationaux": (vocab.NationalProgramme, "national_programmes"),
    "formations_labels": (vocab.TrainingLabel, "training_labels"),
}
TAGS = {"services", "publics"}
FAMILIES = {"EPN": vocab.Family.EPN, "FABLAB": vocab.Family.FABLAB}
_TYPOLOGIE = re.compile(r"^(?:[A-Z0-9]+(?:_[A-Z0-9]+)*|Autre)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SEPARATOR = re.compile(r"\s*[|;]\s*")


@cache
def codes_by_label(choices: type) -> dict[str, str]:
    """The vocabulary's code of each exact French label of the standard."""
    with translation.override("fr"):
        return {schema.spacing_key(str(label)): code for code, label in choices.choices}


def parse(text: str) -> tuple[list[Record], list[RowError]]:
    text = repair(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    records, errors = [], []
    line = 1  # a quoted value may span lines: report where the row starts
    try:
        header = [name.strip() for name in next(reader, [])]
        missing = [name for name in schema.REQUIRED if name not in header]
        if missing:
            return [], [header_error(header, missing)]
        line = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                if len(cells) != len(header):
                    message = f"{len(cells)} valeurs pour {len(header)} colonnes"
                    errors.append(RowError(line, "(ligne)", message))
                else:
                    row = {name: cell.strip() for name, cell in zip(header, cells, strict=True)}
                    record, row_errors = row_record(row, line)
                    errors.extend(row_errors)
                    if record:
                        records.append(record)
            line = reader.line_num + 1
    except csv.Error as error:
        errors.append(csv_error(error, line))
    return records, errors


@cache
def _model_limits() -> dict[str, int]:
    """Column → the length its Place field holds, for the columns the schema does not limit."""
    columns = {
        **TEXT_FIELDS,
        "fiche_acces_libre": "accessibility_url",
        "prise_rdv": "appointment_url",
    }
    limits = {name: Place._meta.get_field(field).max_length for name, field in columns.items()}
    return {
        name: limit for name, limit in limits.items() if limit and name not in schema.MAX_LENGTH
    }


def split(raw: str) -> list[str]:
    return [value for value in _SEPARATOR.split(raw) if value]


def row_record(row: dict[str, str], line: int) -> tuple[Record | None, list[RowError]]:
    """One row (column name → stripped cell) checked against the standard, as a Record."""
    errors: list[RowError] = []

    def error(field: str, message: str) -> None:
        errors.append(RowError(line, field, message))

    def value(name: str) -> str:
        return row.get(name, "")

    for name in schema.REQUIRED:
        if not value(name):
            error(name, "champ obligatoire vide")
    for name, pattern in schema.PATTERNS.items():
        if value(name) and not pattern.match(value(name)):
            error(name, f"valeur invalide : {value(name)!r}")
    enumerated = {name: _enumerated(name, value(name), error) for name in schema.ENUMERATIONS}
    for name, limit in schema.MAX_LENGTH.items():
        if len(value(name)) > limit:
            error(name, f"{len(value(name))} caractères, {limit} au plus")
    for name, limit in _model_limits().items():
        if len(value(name)) > limit:
            error(name, f"{len(value(name))} caractères, {limit} au plus")

    opening_hours, hours_note, hours_warning = read_hours(value("horaires"))
    latitude = _coordinate(value("latitude"), 90, "latitude", error)
    longitude = _coordinate(value("longitude"), 180, "longitude", error)
    if bool(value("latitude")) != bool(value("longitude")):
        error("latitude" if not value("latitude") else "longitude", "coordonnée manquante")
    updated_on = _date(value("date_maj"), error)
    typologie = split(value("typologie"))
    for code in typologie:
        if not _TYPOLOGIE.match(code):
            error("typologie", f"code de typologie inconnu : {code!r}")
    websites = [_url(url, "site_web", error) for url in split(value("site_web"))]
    accessibility_url = _url(value("fiche_acces_libre"), "fiche_acces_libre", error)
    appointment_url = _url(value("prise_rdv"), "prise_rdv", error)
    if errors:
        return None, errors
    warnings = [RowError(line, "horaires", hours_warning)] if hours_warning else []

    pivot = "" if set(value("pivot")) == {"0"} else value("pivot")  # zeros: unknown
    if pivot.isdigit() and not identifiers.is_siren_or_siret(pivot):
        message = f"SIRET invalide (clé de contrôle fausse) : {pivot!r}, écarté"
        warnings.append(RowError(line, "pivot", message))
        pivot = ""
    fields = {field: value(name) for name, field in TEXT_FIELDS.items()}
    fields.update(
        opening_hours=opening_hours,
        siret=pivot if pivot.isdigit() else "",
        rna=pivot.upper() if pivot.upper().startswith("W") and len(pivot) <= 10 else "",
        latitude=latitude,
        longitude=longitude,
        itinerant="Itinérant" in enumerated["itinerance"],
        emails=split(value("courriels")),
        websites=websites,
        accessibility_url=accessibility_url,
        appointment_url=appointment_url,
        other_training_labels=split(value("autres_formations_labels")),
        structure_types=typologie,
        source_updated_on=updated_on,
    )
    if hours_note:  # only then: a note typed on the place stays
        fields["opening_hours_note"] = hours_note
    if uid := _uuid(value("id")):
        fields["uid"] = uid
    tags = {"families": sorted({FAMILIES.get(code, vocab.Family.OTHER) for code in typologie})}
    for name, (choices, target) in CODED.items():
        codes = codes_by_label(choices)
        values = [codes[schema.spacing_key(label)] for label in enumerated[name]]
        (tags if target in TAGS else fields)[target] = list(dict.fromkeys(values))
    # A label of the standard given among the others (as our export writes the one the ANCT
    # reader spells differently) is that label.
    known = codes_by_label(vocab.TrainingLabel)
    for label in split(value("autres_formations_labels")):
        if code := known.get(schema.spacing_key(label)):
            fields["other_training_labels"].remove(label)
            if code not in fields["training_labels"]:
                fields["training_labels"].append(code)
    record = Record(line=line, source_id=value("id"), fields=fields, tags=tags)
    record.warnings = warnings
    return record, []


def read_hours(raw: str) -> tuple[str, str, str]:
    """(OSM hours, note, warning) of a `horaires` cell. schema.json gives it no pattern, so
    any text is valid: the longest run of leading ";" rules that reads as OSM hours is kept as
    the hours, the rest (or all of it) as the note on the hours, with a warning."""
    if not raw or hours.parse(raw) is not None:  # cached: files repeat the same hours
        return raw, "", ""
    rules = raw.split(";")
    for end in range(len(rules) - 1, 0, -1):
        head = ";".join(rules[:end]).strip()
        if hours.parse(head) is not None:
            note = ";".join(rules[end:]).strip(" ;")
            message = f"« {note[:60]} » hors format OpenStreetMap : gardé en précision"
            return head, note, message
    problem = hours.error(raw) or "syntaxe OpenStreetMap attendue"
    return "", raw, f"horaires hors format OpenStreetMap ({problem}) : gardées en précision"


def _uuid(raw: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw) if len(raw) == 36 else None
    except ValueError:
        return None


def _enumerated(name: str, raw: str, error) -> list[str]:
    """The standard's labels of a multi-valued cell; each unknown value is an error."""
    accepted = schema.ENUMERATIONS[name]
    labels = []
    for item in split(raw):
        label = accepted.get(schema.spacing_key(item))
        if label is None:
            error(name, f"valeur inconnue : {item!r}")
        else:
            labels.append(label)
    return labels


def _coordinate(raw: str, bound: float, name: str, error) -> float | None:
    if not raw:
        return None
    try:
        number = float(raw.replace(",", ".", 1))  # a French spreadsheet's decimal comma
    except ValueError:
        error(name, f"nombre attendu : {raw!r}")
        return None
    if not math.isfinite(number) or not -bound <= number <= bound:
        error(name, f"hors de [{-bound}, {bound}] : {raw}")
        return None
    return number


def _date(raw: str, error) -> date | None:
    if not raw:
        return None  # already reported: date_maj is required
    try:
        if _DATE.match(raw):
            return date.fromisoformat(raw)
    except ValueError:
        pass
    error("date_maj", f"date AAAA-MM-JJ attendue : {raw!r}")
    return None


def _url(raw: str, name: str, error) -> str:
    """An http(s) URL; "www.example.fr" gets https://, any other scheme is refused."""
    if not raw:
        return ""
    if re.match(r"^https?://[^\s/]+\.[^\s]*$", raw, re.IGNORECASE):
        return raw
    if re.match(r"^[\w-]+(\.[\w-]+)+(/\S*)?$", raw):
        return f"https://{raw}"
    error(name, f"adresse web invalide : {raw!r}")
    return ""
