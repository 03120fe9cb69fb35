"""Files of the known sources (CGET tiers-lieux, LaMednum), imported through
sources.services, and places as an import makes them."""

import csv
import io
from pathlib import Path

from django.conf import settings

from placette.places.importers import mednum_schema
from placette.places.models import Place
from placette.places.services import places as place_services
from placette.sources import services
from placette.sources.models import ImportRun

MEDNUM_EXAMPLE = Path(settings.BASE_DIR) / "data" / "lamednum" / "exemple-valide.csv"
CGET_HEADER = (
    "ID,NOM_TL,ADRESSE,CP,COMINIT,INSEECOM,NOMCOM,WEB,TWITTER,FACEBOOK,TYPO,LAT,LONG,"
    "GEOCOD,PRECISION,CONTACT,MAIL,METRO,NOMMETRO,INSEEREG,NOMREG,INSEEMETRO,INSEEDEP,"
    "NOMCOMMETRO,POPCOM,COMCLASS,INSEE_ZE,NOM_ZE,CLASS_ZE,POP_ZE"
)
REIMS = {"commune": "Reims", "postal_code": "51100", "insee_code": "51454"}


def cget_row(
    id_: str,
    name: str,
    *,
    address: str = "1 rue de la Paix",
    cp: str = "35000",
    insee: str = "35238",
    commune: str = "Rennes",
    lat: str = "48.11",
    lon: str = "-1.68",
    web: str = "www.example.fr",
    typo: str = "Tiers lieux à dominante fablab",
) -> str:
    return (
        f"{id_},{name},{address},{cp},{commune},{insee},{commune},{web},,,{typo},"
        f"{lat},{lon},,0.9,,,1,,53,,,35,,,,,,,"
    )


def cget_text(*rows: str) -> str:
    return "\n".join([CGET_HEADER, *rows]) + "\n"


def mednum_row(id_: str = "structure-1", **changes: str) -> dict[str, str]:
    with MEDNUM_EXAMPLE.open(encoding="utf-8", newline="") as f:
        example = next(csv.DictReader(f))
    return {**example, "id": id_, **changes}


def mednum_text(*rows: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=mednum_schema.COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def import_cget(text: str, **options) -> ImportRun:
    return services.import_text(text=text, file_name="lieux.csv", format="cget", **options)


def import_mednum(text: str, **options) -> ImportRun:
    return services.import_text(text=text, file_name="mednum.csv", format="mednum", **options)


def sourced(
    source: str, source_id: str, name: str, lat=49.2583, lon=4.0317, tags=None, **fields
) -> Place:
    """A place as an import of `source` makes it (in Reims unless told)."""
    data = {"name": name, "latitude": lat, "longitude": lon, **REIMS, **fields}
    return place_services.upsert_from_source(
        source=source, source_id=source_id, fields=data, tags=tags or {}
    ).place
