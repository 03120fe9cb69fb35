import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from placette.places.models import Place, PlaceTag

CENSUS = Path(settings.BASE_DIR) / "data" / "cget" / "CGET_TiersLieux_2019.csv"
HEADER = (
    "ID,NOM_TL,ADRESSE,CP,COMINIT,INSEECOM,NOMCOM,WEB,TWITTER,FACEBOOK,TYPO,LAT,LONG,"
    "GEOCOD,PRECISION,CONTACT,MAIL,METRO,NOMMETRO,INSEEREG,NOMREG,INSEEMETRO,INSEEDEP,"
    "NOMCOMMETRO,POPCOM,COMCLASS,INSEE_ZE,NOM_ZE,CLASS_ZE,POP_ZE"
)


def row(
    id_,
    name,
    *,
    cp="35000",
    insee="35238",
    lat="48.11",
    lon="-1.68",
    typo="Tiers lieux à dominante fablab",
):
    return (
        f"{id_},{name},1 rue de la Paix,{cp},Rennes,{insee},Rennes,www.example.fr,@lieu,,{typo},"
        f"{lat},{lon},,0.9,,,1,Rennes Métropole,53,Bretagne,,35,Rennes,216268,,,,,"
    )


def write(tmp_path, *rows) -> Path:
    path = tmp_path / "lieux.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def run(path, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_places", str(path), format="cget", stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_census_imports_every_place_with_its_quirks_handled():
    run(CENSUS)
    assert Place.objects.count() == 1512
    families = PlaceTag.objects.filter(kind="family")
    assert families.filter(code="coworking").count() == 1118
    assert families.filter(code="fablab").count() == 345
    anticafe = Place.objects.filter(name="Anticafé", commune="Paris").first()
    assert anticafe.websites == ["https://www.anticafe.eu"]
    assert anticafe.departement == "75" and anticafe.region == "11"
    # INSEEDEP says 2A (Corse) for this Réunion fablab: the postal code wins.
    reunion = Place.objects.get(source_ids__source_id="1291")
    assert (reunion.departement, reunion.region) == ("974", "04")
    # CP = 0 means unknown, not "00000".
    assert not Place.objects.filter(postal_code="0").exists()
    assert Place.objects.filter(postal_code="").exists()
    # A social cell holding two URLs gives two links.
    several = [p for p in Place.objects.exclude(social_links=[]) if len(p.social_links) >= 2]
    assert several
    assert not Place.objects.filter(region="").exclude(departement="").exists()


@pytest.mark.django_db
def test_import_is_idempotent():
    run(CENSUS)
    before = dict(Place.objects.values_list("source_ids__source_id", "slug"))
    out, _ = run(CENSUS)
    assert "0 lieu(x) ont été créé(s), 0 mis à jour, 1512 inchangé(s)." in out
    assert dict(Place.objects.values_list("source_ids__source_id", "slug")) == before
    assert PlaceTag.objects.filter(kind="family").count() == 1118 + 345


@pytest.mark.django_db
def test_bad_rows_import_nothing_and_are_reported_by_line_and_field(tmp_path):
    path = write(
        tmp_path,
        row("1", "Bon lieu"),
        row("2", "Latitude folle", lat="148.2"),
        row("3", "Code postal faux", cp="3500A"),
        row("4", "Typologie inconnue", typo="Bibliothèque"),
        row("1", "Doublon"),
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="4 erreur\\(s\\) : rien n'a été importé"):
        call_command("import_places", str(path), format="cget", stderr=err, stdout=io.StringIO())
    assert Place.objects.count() == 0
    report = err.getvalue()
    assert "ligne 3, champ LAT : hors de [-90, 90] : 148.2" in report
    assert "ligne 4, champ CP : code postal invalide : '3500A'" in report
    assert "ligne 5, champ TYPO : typologie inconnue : 'Bibliothèque'" in report
    assert "ligne 6, champ id : identifiant déjà vu ligne 2" in report


@pytest.mark.django_db
def test_missing_column_is_reported(tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_text("ID,NOM_TL\n1,Lieu\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_places", str(path), format="cget", stderr=err, stdout=io.StringIO())
    assert "ligne 1" in err.getvalue() and "LAT" in err.getvalue()


@pytest.mark.django_db
def test_dry_run_writes_nothing(tmp_path):
    out, _ = run(write(tmp_path, row("1", "Lieu A"), row("2", "Lieu B")), dry_run=True)
    assert "2 lieu(x) seraient créé(s)" in out
    assert Place.objects.count() == 0


@pytest.mark.django_db
def test_reimport_updates_fields_and_tags(tmp_path):
    run(write(tmp_path, row("1", "Ancien nom")))
    place = Place.objects.get()
    run(write(tmp_path, row("1", "Nouveau nom", typo="Tiers lieux à dominante coworking")))
    place.refresh_from_db()
    assert place.name == "Nouveau nom"
    assert place.families == ["coworking"]
    assert "nouveau nom" in place.search_text
    assert place.social_links == ["https://twitter.com/lieu"]


def test_mojibake_of_the_census_is_repaired_typography_kept():
    from placette.places.importers import cget

    text = "\n".join(
        [
            HEADER,
            row("1", "Le Cerisier - Cie Apsaras ThÃ©Ã¢tre"),
            row("2", "Centre d’Affaires Ulysse"),
        ]
    )
    records, errors = cget.parse("\ufeff" + text)
    assert errors == []
    assert [record.fields["name"] for record in records] == [
        "Le Cerisier - Cie Apsaras Théâtre",
        "Centre d’Affaires Ulysse",  # a curly apostrophe is not mojibake
    ]
    assert [record.line for record in records] == [2, 3]


@pytest.mark.django_db
def test_the_census_imports_without_its_mojibake():
    run(CENSUS)
    lilo = Place.objects.get(source_ids__source_id="1362")
    assert lilo.address.endswith("maison des associations 1ª place des Orphelins")
    texts = [
        f"{place.name} {place.address} {place.websites} {place.social_links}"
        for place in Place.objects.all()
    ]
    assert any("facebook.com/pages/FabLab-Orléanais/" in text for text in texts)
    for text in texts:
        assert not any(broken in text for broken in ("Ã©", "Ã¢", "Ãª", "Âª")), text
