"""Our exports against the standard: frictionless on realistic places, and round trips
(export → import into an empty database → the same places, and the same file again)."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from placette.opendata import lamednum
from placette.places.importers import mednum_schema
from placette.places.models import Place, PlaceVersion
from placette.places.services import places as services
from placette.sources.services import import_text
from tests.factories import make_place
from tests.factories.places import full_place
from tests.pages import download

pytestmark = pytest.mark.django_db

CSV_URL = "/donnees/lieux.csv"
GEOJSON_URL = "/donnees/lieux.geojson"

DATA = Path(settings.BASE_DIR) / "data"
FRICTIONLESS = Path(sys.executable).parent / "frictionless"
# Model fields that the standard's columns carry unchanged.
SAME_FIELDS = [
    "uid",
    "name",
    "postal_code",
    "address_extra",
    "latitude",
    "longitude",
    "itinerant",
    "opening_hours",
    "emails",
    "summary",
    "description",
    "parent_organisation",
    "specific_support",
    "fees",
    "national_programmes",
    "training_labels",
    "other_training_labels",
    "access_modes",
    "support_modes",
    "siret",
    "rna",
    "services",
    "publics",
]


def imported(path: Path, format: str) -> None:
    run = import_text(text=path.read_text(encoding="utf-8"), file_name=path.name, format=format)
    assert run.status == "applied", run.errors


@pytest.fixture
def realistic_places():
    """The CGET census and the standard's example imported, places with every field filled,
    a few with fallbacks, one that cannot be exported and one unpublished."""
    imported(DATA / "cget" / "CGET_TiersLieux_2019.csv", "cget")
    imported(DATA / "lamednum" / "exemple-valide.csv", "mednum")
    full_place()
    full_place(
        name="Point numérique de Pointe-à-Pitre",
        commune="Pointe-à-Pitre",
        postal_code="97110",
        insee_code="97120",
        latitude=16.2411,
        longitude=-61.5331,
        phone="0590 12 34 56",
        siret="",
        rna="W9G1234567",
        itinerant=False,
        structure_types=[],
        families=["epn"],
        publics=[],
        collected_by="",
        source_updated_on=None,
    )
    full_place(
        name="Atelier itinérant",
        latitude=None,
        longitude=None,
        phone="02 99 12 34 56",
        siret="",
        structure_types=[],
        families=["coworking", "atelier", "fablab"],
        fees=[],
        training_labels=["etapes-numeriques"],
    )
    make_place(name="Sans adresse", address="")
    hidden = full_place(name="Fiche cachée")
    services.save_place(fields={"is_published": False}, tags={}, place=hidden)


def frictionless_errors(tmp_path: Path, body: bytes) -> str:
    """Run `frictionless validate --schema data/lamednum/schema.json <file>` as the standard's
    CI does (from the folder holding both: frictionless refuses paths outside it)."""
    (tmp_path / "data" / "lamednum").mkdir(parents=True)
    shutil.copy(DATA / "lamednum" / "schema.json", tmp_path / "data" / "lamednum")
    (tmp_path / "lieux.csv").write_bytes(body)
    command = [str(FRICTIONLESS), "validate", "--schema", "data/lamednum/schema.json", "lieux.csv"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    return "" if result.returncode == 0 else result.stdout + result.stderr


def test_frictionless_finds_no_error_in_our_export(client, realistic_places, tmp_path):
    body, _response = download(client, CSV_URL)
    rows = body.decode().count("\r\n")  # rows end with CRLF; "\n" alone is inside a cell
    published = Place.objects.filter(is_published=True).count()
    left_out = Place.objects.filter(is_published=True).filter(lamednum.CANNOT_EXPORT).count()
    assert rows == 1 + published - left_out
    assert rows > 1000
    assert frictionless_errors(tmp_path, body) == ""


def test_frictionless_would_report_an_invalid_file(client, tmp_path):
    full_place()
    body, _response = download(client, CSV_URL)
    bad = body.replace(b",35200,", b",3520,")
    assert "pattern" in frictionless_errors(tmp_path, bad)


def expected_after_round_trip(place: Place) -> dict:
    """What a place becomes once exported then imported: the same values, with the decided
    conversions; the only loss, families other than EPN and fablab become "autre"."""
    values = {name: getattr(place, name) for name in SAME_FIELDS}
    families = set(place.families)
    if place.structure_types:
        kept_families = {lamednum.mednum.FAMILIES.get(c, "autre") for c in place.structure_types}
    else:
        kept_families = {f if f in {"epn", "fablab"} else "autre" for f in families}
    values.update(
        families=sorted(kept_families),
        structure_types=lamednum.typologie(place, place.families),
        phone=lamednum.phone(place.phone),
        # The ANCT reader's characters of a street (mojibake is repaired on import).
        address=lamednum.voie(place.address),
        commune=lamednum.commune(place.commune),
        # "Étapes numériques (La Poste)" travels among the other labels: it comes back last.
        training_labels=sorted(place.training_labels, key=lambda code: code == "etapes-numeriques"),
        # Malformed web addresses are left out (10 of the census: "https://en", …).
        websites=[url for url in place.websites if lamednum.url(url)],
        accessibility_url=lamednum.url(place.accessibility_url),
        appointment_url=lamednum.url(place.appointment_url),
        insee_code=place.insee_code
        if mednum_schema.PATTERNS["code_insee"].match(place.insee_code)
        else "",
        collected_by=place.collected_by or settings.SITE_NAME,
        source_updated_on=lamednum.date_maj(place),
        checked_on=lamednum.date_maj(place),
    )
    return values


def snapshot() -> dict[str, dict]:
    places = Place.objects.filter(is_published=True).exclude(lamednum.CANNOT_EXPORT)
    return {
        str(place.uid): expected_after_round_trip(place)
        for place in places.prefetch_related("tags")
    }


def current() -> dict[str, dict]:
    return {
        str(place.uid): {name: getattr(place, name) for name in expected_after_round_trip(place)}
        for place in Place.objects.prefetch_related("tags")
    }


@pytest.mark.parametrize(("url", "format"), [(CSV_URL, "mednum"), (GEOJSON_URL, "geojson")])
def test_export_import_gives_the_same_places_and_the_same_file(
    client, realistic_places, url, format
):
    first, _response = download(client, url)
    expected = snapshot()
    Place.objects.all().delete()
    run = import_text(text=first.decode(), file_name=f"lieux.{format}", format=format)
    assert run.status == "applied", run.errors[:5]
    assert run.created == len(expected)
    after = current()
    assert after.keys() == expected.keys()
    for uid, values in expected.items():
        assert after[uid] == values, after[uid]["name"]
    again, _response = download(client, url)
    assert again == first


def test_geojson_of_the_standard_example_keeps_every_column(client):
    imported(DATA / "lamednum" / "exemple-valide.csv", "mednum")
    body, _response = download(client, GEOJSON_URL)
    (feature,) = json.loads(body)["features"]
    properties = feature["properties"]
    assert properties["formations_labels"] == (
        "Formé à « Mon Espace Santé »|Arnia/MedNum BFC (Bourgogne-Franche-Comté)"
    )
    assert properties["pivot"] == "43493312300029"
    assert properties["source"] == "Hubik"
    assert properties["date_maj"] == "2024-04-02"
    assert feature["geometry"]["coordinates"] == [5.41423, 43.52609]


def test_importing_our_export_into_the_same_instance_changes_nothing(client, realistic_places):
    """Our own places come back (matched on the export's id, their uid): nothing is created
    or written, whatever the source they came from; and again the second time."""
    body, _response = download(client, CSV_URL)
    places = Place.objects.count()
    versions = PlaceVersion.objects.count()
    before = current()
    exported = body.count(b"\r\n") - 1
    for _ in range(2):
        run = import_text(text=body.decode(), file_name="lieux.csv", format="mednum")
        assert run.status == "applied", run.errors[:5]
        assert (run.created, run.updated, run.unchanged) == (0, 0, exported)
    assert Place.objects.count() == places
    assert PlaceVersion.objects.count() == versions
    assert current() == before


def test_our_export_creates_each_place_once_on_another_instance(client, realistic_places):
    body, _response = download(client, CSV_URL)
    exported = body.count(b"\r\n") - 1
    Place.objects.all().delete()  # another instance, empty
    first = import_text(text=body.decode(), file_name="lieux.csv", format="mednum")
    assert (first.created, first.updated) == (exported, 0)
    again = import_text(text=body.decode(), file_name="lieux.csv", format="mednum")
    assert (again.created, again.updated, again.unchanged) == (0, 0, exported)
    assert Place.objects.count() == exported
    # Its own export, imported there, is a no-op too.
    second, _response = download(client, CSV_URL)
    run = import_text(text=second.decode(), file_name="lieux.csv", format="mednum")
    assert (run.created, run.updated, run.unchanged) == (0, 0, exported)
