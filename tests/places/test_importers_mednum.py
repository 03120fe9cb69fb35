import csv
import io
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from placette.places.importers import mednum
from placette.places.importers import mednum_schema as schema
from placette.places.models import Place, PlaceTag

EXAMPLE = Path(settings.BASE_DIR) / "data" / "lamednum" / "exemple-valide.csv"


def example_row() -> dict[str, str]:
    with EXAMPLE.open(encoding="utf-8", newline="") as f:
        return next(csv.DictReader(f))


def csv_text(*rows: dict[str, str], newline: str = "\n") -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=schema.COLUMNS, lineterminator=newline)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def variant(id_: str, **changes: str) -> dict[str, str]:
    return {**example_row(), "id": id_, **changes}


def run(path, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_places", str(path), format="mednum", stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_every_enumeration_of_the_standard_has_a_vocabulary_code():
    for name, (choices, _target) in mednum.CODED.items():
        codes = mednum.codes_by_label(choices)
        assert set(schema.ENUMERATIONS[name]) <= set(codes), name
    assert "Étapes numériques (La Poste)" in schema.ENUMERATIONS["formations_labels"]


@pytest.mark.django_db
def test_the_standard_example_imports_with_its_fields_and_tags():
    out, _ = run(EXAMPLE)
    assert "1 lieu(x) ont été créé(s), 0 mis à jour" in out
    place = Place.objects.get()
    assert place.source == "lamednum"
    assert list(place.source_ids.values_list("source", "source_id")) == [
        ("lamednum", "structure-1")
    ]
    assert (place.name, place.commune, place.postal_code) == ("Anonymal", "Reims", "51100")
    assert (place.departement, place.region) == ("51", "44")
    assert place.siret == "43493312300029" and place.rna == ""
    assert place.address_extra == "Le patio du bois de l'Aulne"
    assert (place.latitude, place.longitude) == (43.52609, 5.41423)
    assert place.phone == "+33180059880"
    assert place.emails == ["contact@laquincaillerie.tl", "responsable@laquincaillerie.tl"]
    assert place.websites[1] == "https://m.facebook.com/laquincaillerienumerique/"
    assert place.opening_hours == "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00"
    assert place.itinerant is True
    assert place.source_updated_on == date(2024, 4, 2)
    assert place.accessibility_url.startswith("https://acceslibre.beta.gouv.fr/")
    assert place.services == ["insertion-pro", "loisirs", "outils-quotidien"]
    assert place.publics == ["femmes", "jeunes"]
    assert place.families == ["autre"]
    assert place.specific_support == ["surdite", "illettrisme", "anglais"]
    assert place.access_modes == ["se-presenter", "telephoner"]
    assert place.support_modes == ["atelier-collectif", "distance", "autonomie", "individuel"]


@pytest.mark.django_db
def test_import_is_idempotent_per_source_and_id():
    run(EXAMPLE)
    slug = Place.objects.get().slug
    out, _ = run(EXAMPLE)
    assert "0 lieu(x) ont été créé(s), 0 mis à jour, 1 inchangé(s)." in out
    assert Place.objects.get().slug == slug
    assert PlaceTag.objects.count() == 3 + 2 + 1
    run(EXAMPLE, source="hubik")
    assert sorted(Place.objects.values_list("source", flat=True)) == ["hubik", "lamednum"]


@pytest.mark.django_db
def test_bom_crlf_and_semicolon_separators_import(tmp_path):
    row = variant(
        "lieu-2",
        pivot="W123456789",
        typologie="EPN;FABLAB;BIB",
        services="Aide aux démarches administratives;Compréhension du monde numérique",
        formations_labels="Étapes numériques (La Poste);Étapes numériques(La Poste)",
        itinerance="Fixe",
        presentation_detail="Sur deux\r\nlignes",
    )
    text = "\ufeff" + csv_text(example_row(), row, newline="\r\n")
    records, errors = mednum.parse(text)
    assert errors == [] and [r.line for r in records] == [2, 3]
    path = tmp_path / "lieux.csv"
    path.write_bytes(text.encode("utf-8"))
    run(path)
    place = Place.objects.get(source_ids__source_id="lieu-2")
    assert place.rna == "W123456789" and place.siret == ""
    assert place.itinerant is False
    assert place.families == ["autre", "epn", "fablab"]
    assert place.services == ["comprendre", "demarches"]


@pytest.mark.django_db
def test_bad_rows_import_nothing_and_are_reported_by_line_and_field(tmp_path):
    path = tmp_path / "lieux.csv"
    rows = [
        variant("ok", presentation_detail="Une présentation\nsur deux lignes"),  # lines 2-3
        variant("service", services="Loisirs et créations numériques|Cuisine"),
        variant("cp", code_postal="5110"),
        variant("horaires", horaires="Mo-Fr 9h-18h"),  # valid for the standard: a warning
        variant("coords", latitude="143.5"),
        variant("nom", nom=""),
        variant("typo", typologie="tiers-lieu", date_maj="02/04/2024"),
    ]
    path.write_text(csv_text(*rows), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="6 erreur\\(s\\) : rien n'a été importé"):
        call_command("import_places", str(path), format="mednum", stderr=err, stdout=io.StringIO())
    assert Place.objects.count() == 0
    report = err.getvalue()
    assert "ligne 4, champ services : valeur inconnue : 'Cuisine'" in report
    assert "ligne 5, champ code_postal : valeur invalide : '5110'" in report
    assert "ligne 6" not in report
    assert "ligne 7, champ latitude : hors de [-90, 90] : 143.5" in report
    assert "ligne 8, champ nom : champ obligatoire vide" in report
    assert "ligne 9, champ date_maj : date AAAA-MM-JJ attendue : '02/04/2024'" in report
    assert "ligne 9, champ typologie : code de typologie inconnu : 'tiers-lieu'" in report


def test_missing_required_column_is_reported():
    records, errors = mednum.parse("id,nom\r\n1,Lieu\r\n")
    assert records == []
    assert errors[0].line == 1 and "date_maj" in errors[0].field


@pytest.mark.django_db
def test_dry_run_writes_nothing():
    out, _ = run(EXAMPLE, dry_run=True)
    assert "1 lieu(x) seraient créé(s)" in out
    assert Place.objects.count() == 0


def test_mojibake_is_repaired_on_import():
    text = csv_text(variant("a", nom="Cie Apsaras ThÃ©Ã¢tre", adresse="1Âª place des Orphelins"))
    records, errors = mednum.parse(text)
    assert errors == []
    (record,) = records
    assert record.fields["name"] == "Cie Apsaras Théâtre"
    assert record.fields["address"] == "1ª place des Orphelins"


def test_a_label_of_the_standard_among_the_others_is_that_label():
    row = variant(
        "a",
        formations_labels="Formé à « DUPLEX » (illettrisme)",
        autres_formations_labels="Pass Numérique|Étapes numériques (La Poste)",
    )
    (record,), errors = mednum.parse(csv_text(row))
    assert errors == []
    assert record.fields["training_labels"] == ["duplex", "etapes-numeriques"]
    assert record.fields["other_training_labels"] == ["Pass Numérique"]


NATIONAL_HOURS = (
    "Tu 09:15-18:30;We 09:15-18:30;Th 09:15-18:30; fermé au public les lundis, horaires variables"
)


@pytest.mark.django_db
def test_hours_the_standard_accepts_but_osm_does_not_import_as_text_with_a_warning(tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_text(
        csv_text(
            variant("a", horaires=NATIONAL_HOURS),
            variant("b", horaires="sur rendez-vous, le mardi matin"),
        ),
        encoding="utf-8",
    )
    out, err = run(path)
    assert "2 lieu(x) ont été créé(s)" in out
    a = Place.objects.get(source_ids__source_id="a")
    assert a.opening_hours == "Tu 09:15-18:30;We 09:15-18:30;Th 09:15-18:30"
    assert a.opening_hours_note == "fermé au public les lundis, horaires variables"
    b = Place.objects.get(source_ids__source_id="b")
    assert (b.opening_hours, b.opening_hours_note) == ("", "sur rendez-vous, le mardi matin")
    assert (
        f"{path}: ligne 2, champ horaires : « fermé au public les lundis, horaires variables » "
        "hors format OpenStreetMap : gardé en précision"
    ) in err
    assert f"{path}: ligne 3, champ horaires : horaires hors format OpenStreetMap (" in err


@pytest.mark.django_db
def test_a_run_records_its_warnings():
    from placette.sources.services import import_text

    run = import_text(
        text=csv_text(variant("a", horaires=NATIONAL_HOURS)), file_name="x.csv", format="mednum"
    )
    assert run.status == "applied"
    assert [(w["line"], w["field"]) for w in run.warnings] == [(2, "horaires")]


def test_a_siret_failing_its_check_key_is_dropped_with_a_warning():
    rows = [
        variant("bad", pivot="12345678900011"),
        variant("good", pivot="43493312300029"),
        variant("poste", pivot="35600000049837"),  # La Poste: sum of digits, not Luhn
        variant("siren", pivot="434933123"),
    ]
    records, errors = mednum.parse(csv_text(*rows))
    assert errors == []
    sirets = {record.source_id: record.fields["siret"] for record in records}
    assert sirets == {
        "bad": "",
        "good": "43493312300029",
        "poste": "35600000049837",
        "siren": "434933123",
    }
    (warning,) = records[0].warnings
    assert (warning.line, warning.field) == (2, "pivot")
    assert "12345678900011" in warning.message and "clé de contrôle" in warning.message
    assert not any(record.warnings for record in records[1:])


@pytest.mark.django_db
def test_a_windows_1252_file_separated_by_semicolons_imports(tmp_path):
    """The standard's example as a French spreadsheet saves it (the command reads it too)."""
    text = EXAMPLE.read_text(encoding="utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    path = tmp_path / "lieux.csv"
    path.write_bytes(out.getvalue().encode("cp1252"))
    stdout, _err = run(path)
    assert "1 lieu(x) ont été créé(s)" in stdout
    assert Place.objects.get().address_extra == "Le patio du bois de l'Aulne"


def test_a_file_with_another_delimiter_says_what_to_do():
    text = csv_text(variant("a")).replace(",", "|")
    records, errors = mednum.parse(text)
    assert records == []
    (error,) = errors
    assert error.line == 1
    assert "séparez les colonnes par des virgules ou des points-virgules" in error.message


@pytest.mark.django_db
def test_a_file_in_no_known_encoding_says_what_to_do(tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_bytes(csv_text(variant("a")).encode() + b"\x81\x8d\x8f\x90\x9d\n")
    with pytest.raises(CommandError, match="ni UTF-8 ni Windows-1252 .*ligne 3.*CSV UTF-8"):
        run(path)
