"""The `geojson` import format: a FeatureCollection whose properties are LaMednum columns."""

import copy
import csv
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from placette.places.importers import FORMATS, geojson
from placette.places.models import Place

EXAMPLE = Path(settings.BASE_DIR) / "data" / "lamednum" / "exemple-valide.csv"


def example_feature(**changes) -> dict:
    """The standard's example row as a feature, as /donnees/lieux.geojson writes one."""
    with EXAMPLE.open(encoding="utf-8", newline="") as f:
        properties = next(csv.DictReader(f))
    properties.update(changes)
    point = [float(properties["longitude"]), float(properties["latitude"])]
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": point},
        "properties": properties,
    }


def collection(*features) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def test_format_is_registered():
    assert FORMATS["geojson"] is geojson
    assert geojson.SOURCE == "lamednum"


def test_a_feature_reads_as_its_csv_row_with_coordinates_from_the_geometry():
    feature = example_feature(id="lieu-1")
    feature["geometry"]["coordinates"] = [-1.68, 48.11]
    feature["properties"]["services"] = [
        "Aide aux démarches administratives",
        "Loisirs et créations numériques",
    ]
    records, errors = geojson.parse(collection(feature))
    assert errors == []
    (record,) = records
    assert record.line == 1 and record.source_id == "lieu-1"
    assert (record.fields["latitude"], record.fields["longitude"]) == (48.11, -1.68)
    assert record.fields["name"] == "Anonymal"
    assert record.tags["services"] == ["demarches", "loisirs"]


def test_a_feature_without_geometry_keeps_its_coordinate_properties():
    feature = example_feature()
    feature["geometry"] = None
    (record,), errors = geojson.parse(collection(feature))
    assert errors == [] and record.fields["latitude"] == 43.52609
    feature["properties"].update(latitude="", longitude="")
    (record,), errors = geojson.parse(collection(feature))
    assert errors == [] and record.fields["latitude"] is None


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        ("pas du JSON", "(fichier)", "JSON illisible"),
        ('{"type": "Feature"}', "type", "FeatureCollection"),
        ('{"type": "FeatureCollection", "features": {}}', "features", "liste"),
    ],
)
def test_a_file_that_is_no_feature_collection_is_refused_at_line_0(text, field, message):
    records, errors = geojson.parse(text)
    assert records == []
    assert len(errors) == 1 and errors[0].line == 0 and errors[0].field == field
    assert message in errors[0].message


@pytest.mark.django_db
def test_a_bad_feature_rejects_the_file_with_its_number_and_field(tmp_path):
    good = example_feature(id="ok")
    no_name = example_feature(id="nom", nom="")
    bad_point = example_feature(id="point")
    bad_point["geometry"] = {"type": "Polygon", "coordinates": []}
    bad_service = example_feature(id="service", services="Cuisine")
    bad_value = example_feature(id="valeur", commune={"nom": "Reims"})
    not_a_feature = copy.deepcopy(good)
    not_a_feature["type"] = "Point"
    path = tmp_path / "lieux.geojson"
    path.write_text(
        collection(good, no_name, bad_point, bad_service, bad_value, not_a_feature, good),
        encoding="utf-8",
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="6 erreur\\(s\\) : rien n'a été importé"):
        call_command("import_places", str(path), format="geojson", stderr=err, stdout=io.StringIO())
    assert Place.objects.count() == 0
    report = err.getvalue()
    assert "ligne 2, champ nom : champ obligatoire vide (entité n° 2)" in report
    assert "ligne 3, champ geometry : un point [longitude, latitude] est attendu" in report
    assert "ligne 4, champ services : valeur inconnue : 'Cuisine' (entité n° 4)" in report
    assert "ligne 5, champ commune : valeur inattendue : {'nom': 'Reims'}" in report
    assert "ligne 6, champ type : une entité « Feature » est attendue" in report
    assert "ligne 7, champ id : identifiant déjà vu ligne 1" in report


@pytest.mark.django_db
def test_a_good_file_imports_with_the_command(tmp_path):
    path = tmp_path / "lieux.geojson"
    path.write_text(collection(example_feature(id="a"), example_feature(id="b")), encoding="utf-8")
    out = io.StringIO()
    call_command("import_places", str(path), format="geojson", stdout=out)
    assert "2 lieu(x) ont été créé(s)" in out.getvalue()
    assert set(Place.objects.values_list("source", flat=True)) == {"lamednum"}
