"""Recorded imports (sources.services): runs, rejection, idempotence, manager edits kept,
preview and confirmation."""

import hashlib
import io
from datetime import UTC, date, datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command

from placette.places.importers import mednum_schema
from placette.places.models import Place, PlaceSource
from placette.places.services import places as place_services
from placette.sources import services
from placette.sources.models import DataSource, ImportRun
from tests.factories.sources import (
    cget_row,
    cget_text,
    import_cget,
    import_mednum,
    mednum_row,
    mednum_text,
)


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("camille", password="x", is_staff=True)


# -- every run is recorded ---------------------------------------------------------------


@pytest.mark.django_db
def test_every_run_is_recorded_with_who_when_what_and_counts(staff):
    text = cget_text(cget_row("1", "Lieu A"), cget_row("2", "Lieu B", lat="48.2"))
    before = datetime.now(UTC)
    run = import_cget(text, user=staff)
    assert run.pk and run.status == ImportRun.Status.APPLIED
    assert run.user == staff and run.created_at >= before and run.finished_at >= run.created_at
    assert (run.file_name, run.source, run.format) == ("lieux.csv", "cget-2019", "cget")
    assert run.file_sha256 == hashlib.sha256(text.encode()).hexdigest()
    assert (run.rows, run.created, run.updated, run.unchanged, run.kept) == (2, 2, 0, 0, 0)
    assert run.errors == [] and run.content == ""
    assert [(o["line"], o["source_id"], o["action"]) for o in run.outcomes] == [
        (2, "1", "created"),
        (3, "2", "created"),
    ]
    source = DataSource.objects.get(slug="cget-2019")
    assert source.licence == "Licence Ouverte 2.0"


@pytest.mark.django_db
def test_the_command_records_its_run_with_the_file_fingerprint(tmp_path):
    path = tmp_path / "mednum.csv"
    path.write_bytes(mednum_text(mednum_row()).encode())  # CRLF line ends, kept as they are
    call_command("import_places", str(path), format="mednum", stdout=io.StringIO())
    run = ImportRun.objects.get()
    assert run.file_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (run.file_name, run.user, run.status) == ("mednum.csv", None, "applied")


@pytest.mark.django_db
def test_a_rejected_file_writes_nothing_and_records_its_errors(staff):
    text = cget_text(
        cget_row("1", "Bon lieu"),
        cget_row("2", "Latitude folle", lat="148.2"),
        cget_row("3", "Code postal faux", cp="3500A"),
        cget_row("1", "Doublon"),
    )
    run = import_cget(text, user=staff)
    assert run.status == ImportRun.Status.REJECTED
    assert run.errors == [
        {"line": 3, "field": "LAT", "message": "hors de [-90, 90] : 148.2"},
        {"line": 4, "field": "CP", "message": "code postal invalide : '3500A'"},
        {"line": 5, "field": "id", "message": "identifiant déjà vu ligne 2"},
    ]
    assert run.rows == 4 and run.created == 0 and run.content == ""
    assert not Place.objects.exists() and not PlaceSource.objects.exists()
    assert not DataSource.objects.exists()
    assert ImportRun.objects.get() == run


@pytest.mark.django_db
def test_values_a_place_cannot_hold_are_rejected_by_line_on_every_database():
    # The CGET format sets no length limit; SQLite would store it, PostgreSQL would fail.
    run = import_cget(cget_text(cget_row("1", "Lieu"), cget_row("2", "N" * 201)))
    assert run.status == ImportRun.Status.REJECTED
    assert run.errors == [
        {"line": 3, "field": "name", "message": "nom : 201 caractères, 200 au plus"}
    ]
    assert not Place.objects.exists()


@pytest.mark.django_db
def test_a_source_name_must_be_a_slug():
    with pytest.raises(ValidationError):
        import_cget(cget_text(cget_row("1", "Lieu")), source="Ma source")
    assert not ImportRun.objects.exists()


# -- idempotence and updates -------------------------------------------------------------


@pytest.mark.django_db
def test_a_second_import_of_the_same_file_changes_nothing():
    text = cget_text(cget_row("1", "Lieu A"), cget_row("2", "Lieu B", lat="48.2"))
    import_cget(text)
    before = list(Place.objects.order_by("pk").values("pk", "slug", "name", "updated_at"))
    again = import_cget(text)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert {o["action"] for o in again.outcomes} == {"unchanged"}
    assert list(Place.objects.order_by("pk").values("pk", "slug", "name", "updated_at")) == before
    assert ImportRun.objects.count() == 2


@pytest.mark.django_db
def test_a_reimport_reports_the_fields_it_changes():
    import_cget(cget_text(cget_row("1", "Lieu A")))
    run = import_cget(cget_text(cget_row("1", "Lieu A", address="2 rue Neuve", web="")))
    assert (run.created, run.updated) == (0, 1)
    assert sorted(run.outcomes[0]["changed"]) == ["address", "websites"]
    place = Place.objects.get()
    assert run.outcomes[0]["place_id"] == place.pk
    assert place.address == "2 rue Neuve" and place.websites == []


def _edit(place: Place, when: str, **fields) -> None:
    tags = {name: fields.pop(name) for name in ("services", "publics") if name in fields}
    place_services.edit_by_manager(
        place=place, fields=fields, tags=tags, at=datetime.fromisoformat(when)
    )


@pytest.mark.django_db
def test_fields_the_manager_edited_after_the_source_date_are_kept():
    import_mednum(mednum_text(mednum_row()))  # date_maj 2024-04-02
    place = Place.objects.get()
    assert place.phone == "+33180059880"
    _edit(place, "2024-05-10T10:00:00+02:00", name="Anonymal – La Quincaillerie")
    _edit(place, "2024-05-10T10:00:00+02:00", services=["demarches"])
    _edit(place, "2024-03-01T10:00:00+01:00", phone="+33100000000")
    _edit(place, "2024-03-01T10:00:00+01:00", publics=["seniors"])

    # The source sends the same day's data again, with new values everywhere.
    run = import_mednum(
        mednum_text(
            mednum_row(
                nom="Anonymal (source)",
                telephone="+33299999999",
                adresse="1 PLACE NEUVE",
                services="Aide aux démarches administratives|Loisirs et créations numériques",
                publics_specifiquement_adresses="Familles et/ou enfants",
            )
        )
    )
    place = Place.objects.get()
    assert place.name == "Anonymal – La Quincaillerie"  # edited after date_maj: kept
    assert place.services == ["demarches"]  # tags too
    assert place.phone == "+33299999999"  # edited before date_maj: the source wins
    assert place.publics == ["familles"]
    assert place.address == "1 PLACE NEUVE"  # never edited: updated
    assert run.kept == 2 and run.updated == 1
    [outcome] = run.outcomes
    assert sorted(outcome["kept"]) == ["name", "services"]
    assert {"phone", "publics", "address"} <= set(outcome["changed"])
    assert "name" not in outcome["changed"]
    # The place's freshness is its latest known date: the manager's edit.
    assert place.checked_on == date(2024, 5, 10)

    # Once the source dates its data after the edit, the source wins again.
    import_mednum(mednum_text(mednum_row(nom="Anonymal (source)", date_maj="2024-06-01")))
    assert Place.objects.get().name == "Anonymal (source)"


@pytest.mark.django_db
def test_an_edit_on_the_source_date_itself_is_kept():
    import_mednum(mednum_text(mednum_row()))  # date_maj 2024-04-02
    _edit(Place.objects.get(), "2024-04-02T18:00:00+02:00", name="Nom du lieu")
    run = import_mednum(mednum_text(mednum_row(nom="Nom de la source")))
    assert Place.objects.get().name == "Nom du lieu"
    assert run.outcomes[0]["kept"] == ["name"] and run.unchanged == 1


# -- preview, confirmation ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_preview_writes_nothing_and_confirm_applies_exactly_the_previewed_file(staff):
    import_cget(cget_text(cget_row("1", "Lieu A")))
    text = cget_text(cget_row("1", "Lieu A renommé"), cget_row("2", "Lieu B", lat="48.2"))
    preview = import_cget(text, user=staff, dry_run=True)
    assert preview.status == ImportRun.Status.PREVIEW
    assert (preview.created, preview.updated, preview.unchanged) == (1, 1, 0)
    assert preview.content == text
    assert [(o["action"], o["name"]) for o in preview.outcomes] == [
        ("updated", "Lieu A renommé"),
        ("created", "Lieu B"),
    ]
    assert preview.outcomes[1]["place_id"] is None
    assert list(Place.objects.values_list("name", flat=True)) == ["Lieu A"]

    other = get_user_model().objects.create_user("dominique", is_staff=True)
    run = services.confirm(run=preview, user=other)
    assert run.pk == preview.pk and run.status == ImportRun.Status.APPLIED
    assert (run.created, run.updated, run.unchanged) == (1, 1, 0)
    assert run.user == other and run.content == ""
    assert run.file_sha256 == hashlib.sha256(text.encode()).hexdigest()
    assert sorted(Place.objects.values_list("name", flat=True)) == ["Lieu A renommé", "Lieu B"]
    with pytest.raises(ValueError, match="not a preview"):
        services.confirm(run=run)


@pytest.mark.django_db
def test_a_new_source_is_described_at_upload_and_created_at_confirmation():
    details = {"label": "Réseau des tiers-lieux d'Armor", "licence": "ODbL", "url": ""}
    preview = import_cget(
        cget_text(cget_row("1", "Lieu")), source="armor", dry_run=True, source_details=details
    )
    assert not DataSource.objects.exists()
    services.confirm(run=preview)
    source = DataSource.objects.get(slug="armor")
    assert (source.label, source.licence, source.url) == (details["label"], "ODbL", "")
    assert Place.objects.get().source == "armor"


@pytest.mark.django_db
def test_a_discarded_preview_cannot_be_confirmed():
    preview = import_cget(cget_text(cget_row("1", "Lieu")), dry_run=True)
    services.discard(run=preview)
    preview.refresh_from_db()
    assert preview.status == ImportRun.Status.DISCARDED and preview.content == ""
    with pytest.raises(ValueError):
        services.confirm(run=preview)
    assert not Place.objects.exists()


@pytest.mark.django_db
def test_confirming_a_file_whose_rows_became_invalid_meanwhile_is_rejected(monkeypatch):
    label = "Loisirs et créations numériques"
    preview = import_mednum(mednum_text(mednum_row()), dry_run=True)
    assert preview.status == ImportRun.Status.PREVIEW
    # Meanwhile the standard dropped a value the file uses.
    monkeypatch.delitem(mednum_schema.ENUMERATIONS["services"], label)
    run = services.confirm(run=preview)
    assert run.status == ImportRun.Status.REJECTED
    assert run.errors == [
        {"line": 2, "field": "services", "message": f"valeur inconnue : {label!r}"}
    ]
    assert run.content == "" and not Place.objects.exists()
