"""The CGET "Mission Coworking" 2019 census of tiers-lieux (data/cget/SOURCE.md).

Quirks handled: CP or INSEECOM equal to 0 (unknown), web sites without a scheme,
social columns holding several URLs or bare handles, empty TYPO, overseas rows
whose INSEEDEP is wrong (the INSEE or postal code wins) and rows without a région.
"""

import csv
import io
import re
from datetime import date

from placette.places import territories
from placette.places.importers.base import (
    Record,
    RowError,
    csv_error,
    delimiter,
    header_error,
    repair,
)
from placette.places.vocab import Family

SOURCE = "cget-2019"
SOURCE_DATE = date(2019, 6, 13)
COLLECTED_BY = "CGET – Mission Coworking"
REQUIRED_COLUMNS = {"ID", "NOM_TL", "ADRESSE", "CP", "INSEECOM", "NOMCOM", "LAT", "LONG"}
FAMILIES = {
    "Tiers lieux à dominante coworking": Family.COWORKING,
    "Tiers lieux à dominante fablab": Family.FABLAB,
}
SOCIAL_HOSTS = {"TWITTER": "https://twitter.com/", "FACEBOOK": "https://www.facebook.com/"}
_POSTAL = re.compile(r"^\d{5}$")
_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


def parse(text: str) -> tuple[list[Record], list[RowError]]:
    text = repair(text)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    records, errors = [], []
    try:
        missing = REQUIRED_COLUMNS - set(reader.fieldnames or [])
        if missing:
            return [], [header_error(reader.fieldnames or [], missing)]
        for row in reader:
            record, row_errors = _record(row, reader.line_num)
            errors.extend(row_errors)
            if record:
                records.append(record)
    except csv.Error as error:
        errors.append(csv_error(error, reader.line_num + 1))  # the row it could not read
    return records, errors


def _record(row: dict[str, str], line: int) -> tuple[Record | None, list[RowError]]:
    def value(column: str) -> str:
        return (row.get(column) or "").strip()

    errors = []
    source_id = value("ID")
    name = value("NOM_TL")
    if not source_id:
        errors.append(RowError(line, "ID", "identifiant vide"))
    if not name:
        errors.append(RowError(line, "NOM_TL", "nom vide"))

    postal_code = _code(value("CP"))
    if postal_code and not _POSTAL.match(postal_code):
        errors.append(RowError(line, "CP", f"code postal invalide : {value('CP')!r}"))
    insee_code = _code(value("INSEECOM"))
    if insee_code and not _INSEE.match(insee_code):
        errors.append(RowError(line, "INSEECOM", f"code INSEE invalide : {value('INSEECOM')!r}"))

    latitude = _coordinate(value("LAT"), -90, 90, "LAT", line, errors)
    longitude = _coordinate(value("LONG"), -180, 180, "LONG", line, errors)

    typo = value("TYPO")
    if typo and typo not in FAMILIES:
        errors.append(RowError(line, "TYPO", f"typologie inconnue : {typo!r}"))
    if errors:
        return None, errors

    departement = ""
    if insee_code:
        departement = territories.departement_from_insee(insee_code)
    elif postal_code:
        departement = territories.departement_from_postal_code(postal_code)
    if departement not in territories.DEPARTEMENTS:
        departement = value("INSEEDEP") if value("INSEEDEP") in territories.DEPARTEMENTS else ""

    fields = {
        "name": name,
        "address": value("ADRESSE"),
        "postal_code": postal_code,
        "insee_code": insee_code,
        "commune": value("NOMCOM") or value("COMINIT"),
        "departement": departement,
        "region": territories.region_of(departement) if departement else value("INSEEREG"),
        "latitude": latitude,
        "longitude": longitude,
        "websites": _urls(value("WEB"), "https://"),
        "social_links": [
            url for column, host in SOCIAL_HOSTS.items() for url in _urls(value(column), host)
        ],
        "source_updated_on": SOURCE_DATE,
        "collected_by": COLLECTED_BY,
    }
    tags = {"families": [FAMILIES[typo]] if typo else []}
    return Record(line=line, source_id=source_id, fields=fields, tags=tags), []


def _code(raw: str) -> str:
    """'0' means unknown; a leading zero lost by a spreadsheet is put back."""
    if raw in {"", "0"}:
        return ""
    return raw.zfill(5) if raw.isdigit() and len(raw) == 4 else raw.upper()


def _coordinate(
    raw: str, low: float, high: float, column: str, line: int, errors: list
) -> float | None:
    if not raw:
        return None
    try:
        number = float(raw.replace(",", "."))
    except ValueError:
        errors.append(RowError(line, column, f"nombre attendu : {raw!r}"))
        return None
    if not low <= number <= high:
        errors.append(RowError(line, column, f"hors de [{low}, {high}] : {raw}"))
        return None
    return number


def _urls(raw: str, prefix: str) -> list[str]:
    """Every URL in a cell: 'www.x.fr' gets a scheme, a bare or '@' handle the network's host."""
    urls = []
    for token in raw.split():
        if token.startswith(("http://", "https://")):
            urls.append(token)
        elif "." in token.split("/")[0]:
            urls.append(f"https://{token}")
        elif token.strip("@"):
            urls.append(prefix + token.lstrip("@"))
    return urls
