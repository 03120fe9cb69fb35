"""Staff pages: imports (/gestion/imports/) and possible duplicates (/gestion/doublons/)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from placette.places.models import Place
from placette.places.services import places as place_services
from placette.sources import duplicates, forms, services
from placette.sources.models import DuplicatePair, ImportRun
from tests.factories.sources import (
    cget_row,
    cget_text,
    import_cget,
    import_mednum,
    mednum_row,
    mednum_text,
    sourced,
)

IMPORTS = reverse("sources:imports")
DUPLICATES = reverse("sources:duplicates")


def user(username: str, *, is_staff: bool = True, perms: tuple[str, ...] = ()):
    account = get_user_model().objects.create_user(username, password="x", is_staff=is_staff)
    for perm in perms:
        app, codename = perm.split(".")
        account.user_permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )
    return account


@pytest.fixture
def staff_client(db) -> Client:
    client = Client()
    client.force_login(
        user("camille", perms=("places.add_place", "places.change_place", "places.delete_place"))
    )
    return client


def upload(client, text: str | bytes, *, name="lieux.csv", **data):
    content = text.encode() if isinstance(text, str) else text
    file = SimpleUploadedFile(name, content, content_type="text/csv")
    return client.post(IMPORTS, {"file": file, "format": "cget", "source": "", **data})


def preview_run() -> ImportRun:
    return import_cget(cget_text(cget_row("1", "Lieu")), dry_run=True)


# -- access --------------------------------------------------------------------------------


def staff_urls() -> list[tuple[str, str]]:
    run = preview_run()
    pair = DuplicatePair.objects.create(
        place_a=sourced("a", "1", "X"), place_b=sourced("b", "1", "X"), names="X / X"
    )
    return [
        ("get", IMPORTS),
        ("post", IMPORTS),
        ("get", run.get_absolute_url()),
        ("post", reverse("sources:confirm", args=[run.pk])),
        ("post", reverse("sources:discard", args=[run.pk])),
        ("get", DUPLICATES),
        ("post", reverse("sources:decide", args=[pair.pk])),
    ]


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for method, url in staff_urls():
        response = getattr(client, method)(url, {"action": "apart"} if method == "post" else {})
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/?next="), url
    assert ImportRun.objects.get().status == ImportRun.Status.PREVIEW
    assert DuplicatePair.objects.get().status == DuplicatePair.Status.OPEN


@pytest.mark.django_db
def test_non_staff_are_sent_to_the_login_page_and_staff_without_permission_get_403(client):
    urls = staff_urls()
    client.force_login(user("visitor", is_staff=False, perms=("places.change_place",)))
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    client.force_login(user("intern"))
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 403, url
    # Importing does not allow merging (which deletes places).
    client.force_login(user("importer", perms=("places.add_place", "places.change_place")))
    assert client.get(IMPORTS).status_code == 200
    assert client.get(DUPLICATES).status_code == 403
    assert ImportRun.objects.get().status == ImportRun.Status.PREVIEW


@pytest.mark.django_db
def test_forms_need_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    client.force_login(user("camille", perms=("places.add_place", "places.change_place")))
    run = preview_run()
    assert client.post(reverse("sources:confirm", args=[run.pk])).status_code == 403
    run.refresh_from_db()
    assert run.status == ImportRun.Status.PREVIEW


# -- import page ---------------------------------------------------------------------------


def test_import_page_lists_runs_and_offers_the_form(staff_client):
    import_cget(cget_text(cget_row("1", "Lieu")))
    import_cget(cget_text(cget_row("1", "Lieu", lat="148")))
    response = staff_client.get(IMPORTS)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in html and "csrfmiddlewaretoken" in html
    assert '<option value="cget">' in html and '<option value="mednum">' in html
    assert "cget : cget-2019" in html and "mednum : lamednum" in html  # default sources
    assert '<option value="cget-2019">' in html  # known sources, in a datalist
    assert "<caption>2 imports, du plus récent au plus ancien</caption>" in html
    assert html.count("lieux.csv") == 2 and "refusé" in html and "importé" in html
    for run in ImportRun.objects.all():
        assert run.get_absolute_url() in html


def test_an_upload_makes_a_preview_then_confirm_imports_it(staff_client):
    place = import_cget(cget_text(cget_row("1", "Lieu A"))) and Place.objects.get()
    place_services.edit_by_manager(place=place, fields={"address": "2 rue du lieu"}, tags={})
    text = cget_text(
        cget_row("1", "Lieu A bis", address="3 rue de la source"), cget_row("2", "Lieu B", lat="49")
    )
    response = upload(staff_client, text, name="nouveaux.csv")
    run = ImportRun.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    assert run.status == ImportRun.Status.PREVIEW and run.file_name == "nouveaux.csv"
    assert run.source == "cget-2019" and run.user.username == "camille"
    assert Place.objects.count() == 1

    html = staff_client.get(run.get_absolute_url()).content.decode()
    assert "Aperçu de l'import : nouveaux.csv" in html
    assert "<strong>1</strong> lieu à créer" in html
    assert "<strong>1</strong> lieu à mettre à jour" in html
    assert "<strong>0</strong> lignes refusées" in html
    assert "<td>Lieu B</td>" in html
    assert f'<a href="/lieux/{place.slug}/">Lieu A bis</a>' in html
    assert "<td>nom</td>" in html  # the field that changes
    assert "<td>adresse</td>" in html  # the field kept as the manager edited it
    assert reverse("sources:confirm", args=[run.pk]) in html
    assert reverse("sources:discard", args=[run.pk]) in html

    response = staff_client.post(reverse("sources:confirm", args=[run.pk]), follow=True)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.APPLIED
    html = response.content.decode()
    assert "Import confirmé" in html and "<strong>1</strong> lieu créé" in html
    assert sorted(Place.objects.values_list("name", flat=True)) == ["Lieu A bis", "Lieu B"]
    assert Place.objects.get(name="Lieu A bis").address == "2 rue du lieu"
    # Confirming twice does nothing more.
    response = staff_client.post(reverse("sources:confirm", args=[run.pk]), follow=True)
    assert "n&#x27;est plus un aperçu" in response.content.decode()
    assert Place.objects.count() == 2


def test_a_confirmed_import_shows_the_duplicates_it_brought_up(
    staff_client, django_capture_on_commit_callbacks
):
    import_mednum(mednum_text(mednum_row()))  # "Anonymal", 43.52609, 5.41423
    upload(staff_client, cget_text(cget_row("42", "Anonymal", lat="43.5262", lon="5.4143")))
    run = ImportRun.objects.latest("pk")
    with django_capture_on_commit_callbacks(execute=True):  # what the commit runs
        staff_client.post(reverse("sources:confirm", args=[run.pk]))
    html = staff_client.get(run.get_absolute_url()).content.decode()
    assert "1 doublon possible à examiner" in html and DUPLICATES in html


def test_a_preview_can_be_discarded(staff_client):
    upload(staff_client, cget_text(cget_row("1", "Lieu")))
    run = ImportRun.objects.get()
    response = staff_client.post(reverse("sources:discard", args=[run.pk]), follow=True)
    assert response.redirect_chain[-1][0] == IMPORTS
    assert "Aperçu abandonné" in response.content.decode()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DISCARDED and not Place.objects.exists()


def test_a_rejected_file_shows_its_errors_by_line_and_field(staff_client):
    upload(staff_client, cget_text(cget_row("1", "Lieu"), cget_row("2", "Ailleurs", cp="3500A")))
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.REJECTED
    html = staff_client.get(run.get_absolute_url()).content.decode()
    assert "Fichier refusé : 1 ligne a des erreurs" in html
    assert "<caption>1 erreur, par ligne du fichier</caption>" in html
    assert (
        '<td class="number">3</td><td>CP</td><td>code postal invalide : &#x27;3500A&#x27;' in html
    )
    assert "Confirmer" not in html


def test_long_lists_are_capped_with_their_count(staff_client):
    rows = [cget_row(str(i), f"Lieu {i}", lat=f"{48 + i / 100}") for i in range(130)]
    upload(staff_client, cget_text(*rows))
    html = staff_client.get(ImportRun.objects.get().get_absolute_url()).content.decode()
    assert "Affichés : 100 sur 130." in html
    assert html.count("<td>Lieu ") == 100


# Bytes that no Western encoding reads as text (C1 controls undefined in Windows-1252).
NOT_TEXT = b"\x81\x8d\x8f\x90\x9d"


def test_a_file_not_in_utf8_is_refused_and_the_form_keeps_its_choices(staff_client):
    text = cget_text(cget_row("1", "Café")).encode("cp1252").replace(b"Caf", NOT_TEXT)
    response = upload(staff_client, text, format="mednum", source="ma-source")
    assert response.status_code == 400
    html = response.content.decode()
    assert "n&#x27;est ni en UTF-8 ni en Windows-1252 (premier caractère illisible ligne 2)" in html
    assert "Enregistrez-le au format « CSV UTF-8 »" in html
    assert '<option value="mednum" selected>' in html
    assert 'value="ma-source"' in html
    assert '<a href="#id_file">Fichier :' in html  # the error summary links to the field
    assert (
        'aria-invalid="true"' in html
        and 'aria-describedby="id_file_helptext id_file_error"' in html
    )
    assert html.startswith("<!DOCTYPE html>") and "<title>Erreur :" in html
    assert not ImportRun.objects.exists()


def test_a_file_too_big_is_refused_with_a_clear_message(staff_client, monkeypatch):
    monkeypatch.setattr(forms, "MAX_UPLOAD_BYTES", 100)
    response = upload(staff_client, cget_text(cget_row("1", "Lieu")))
    assert response.status_code == 400
    assert "au plus. Découpez-le en plusieurs fichiers." in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_new_source_can_be_described_with_its_file(staff_client):
    upload(
        staff_client,
        cget_text(cget_row("1", "Lieu")),
        source="armor",
        label="Réseau d'Armor",
        licence="ODbL",
        licence_url="https://opendatacommons.org/licenses/odbl/",
    )
    run = ImportRun.objects.get()
    html = staff_client.get(run.get_absolute_url()).content.decode()
    assert "La source « armor » est nouvelle" in html and "Licence : ODbL." in html
    staff_client.post(reverse("sources:confirm", args=[run.pk]))
    assert Place.objects.get().source == "armor"


def test_a_bad_source_name_is_refused(staff_client):
    response = upload(staff_client, cget_text(cget_row("1", "Lieu")), source="Ma source !")
    assert response.status_code == 400 and not ImportRun.objects.exists()


# -- duplicates page -----------------------------------------------------------------------


def test_open_pairs_are_shown_side_by_side(staff_client, django_capture_on_commit_callbacks):
    import_mednum(mednum_text(mednum_row()))
    with django_capture_on_commit_callbacks(execute=True):  # duplicates are sought on commit
        import_cget(cget_text(cget_row("42", "Anonymal", lat="43.5262", lon="5.4143")))
    pair = DuplicatePair.objects.get()
    response = staff_client.get(DUPLICATES)
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 paire de lieux venant de sources différentes" in html
    assert "lamednum : structure-1" in html and "cget-2019 : 42" in html
    assert "43493312300029" in html  # SIRET
    assert "noms proches à moins de 100 m" in html and "14 m l'un de l'autre" in html
    for place in pair.places:
        assert place.get_absolute_url() in html
    for action in ("keep_a", "keep_b", "apart"):
        assert f'name="action" value="{action}"' in html


def test_the_duplicates_page_makes_as_many_queries_for_one_pair_as_for_twenty(staff_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(pairs: int) -> int:
        for i in range(pairs):
            sourced("a", f"{pairs}-{i}", f"Lieu {i}", lat=45 + i / 10)
            sourced("b", f"{pairs}-{i}", f"Lieu {i}", lat=45 + i / 10 + 0.0002)
        assert duplicates.detect() == pairs
        staff_client.get(DUPLICATES)  # fills the caches
        with CaptureQueriesContext(connection) as context:
            assert staff_client.get(DUPLICATES).status_code == 200
        Place.objects.all().delete()
        return len(context)

    assert queries(1) == queries(20) <= 8


def test_merging_from_the_duplicates_page(staff_client):
    a = sourced("a", "1", "La Forge")
    b = sourced("b", "1", "La Forge", lat=49.2584, address="1 rue du Four")
    duplicates.detect()
    pair = DuplicatePair.objects.get()
    response = staff_client.post(
        reverse("sources:decide", args=[pair.pk]), {"action": "keep_b", "page": "1"}
    )
    assert response.status_code == 302 and response["Location"] == f"{DUPLICATES}?page=1"
    assert list(Place.objects.values_list("pk", flat=True)) == [b.pk]
    assert set(Place.objects.get().source_ids.values_list("source", flat=True)) == {"a", "b"}
    pair.refresh_from_db()
    assert pair.status == DuplicatePair.Status.MERGED and pair.decided_by.username == "camille"
    assert not Place.objects.filter(pk=a.pk).exists()
    response = staff_client.get(DUPLICATES)
    assert "fusionnés en un seul lieu" in response.content.decode()
    assert "Aucun doublon possible à examiner." in response.content.decode()


def test_keeping_apart_from_the_duplicates_page(staff_client):
    sourced("a", "1", "La Forge")
    sourced("b", "1", "La Forge", lat=49.2584)
    duplicates.detect()
    pair = DuplicatePair.objects.get()
    staff_client.post(reverse("sources:decide", args=[pair.pk]), {"action": "apart"})
    pair.refresh_from_db()
    assert pair.status == DuplicatePair.Status.KEPT_APART and Place.objects.count() == 2
    response = staff_client.post(
        reverse("sources:decide", args=[pair.pk]), {"action": "keep_a"}, follow=True
    )
    assert "déjà traité" in response.content.decode() and Place.objects.count() == 2


def test_an_unknown_action_changes_nothing(staff_client):
    sourced("a", "1", "La Forge")
    sourced("b", "1", "La Forge", lat=49.2584)
    duplicates.detect()
    pair = DuplicatePair.objects.get()
    staff_client.post(reverse("sources:decide", args=[pair.pk]), {"action": "delete"})
    assert DuplicatePair.objects.get().status == "open" and Place.objects.count() == 2
    with pytest.raises(ValueError):
        services.decide_pair(pair=pair, action="")


def test_a_preview_lists_its_warnings_by_line(staff_client):
    hours = "Tu 09:15-18:30; fermé au public les lundis, horaires variables"
    run = import_mednum(mednum_text(mednum_row("a", horaires=hours)), dry_run=True)
    html = " ".join(staff_client.get(run.get_absolute_url()).content.decode().split())
    assert "Avertissements" in html
    assert "1 valeur gardée telle quelle ou écartée, la ligne importée" in html
    assert "« fermé au public les lundis, horaires variables » hors format OpenStreetMap" in html


def test_a_windows_1252_file_separated_by_semicolons_is_read(staff_client):
    """What a French spreadsheet saves as "CSV (séparateur : point-virgule)"."""
    text = cget_text(cget_row("1", "Café de l’Étang", lat="48.11"))
    semicolons = text.replace(",", ";").replace("48.11", "48,11").encode("cp1252")
    response = upload(staff_client, semicolons)
    assert response.status_code == 302, response.content.decode()[:2000]
    run = ImportRun.objects.get()
    assert run.status == "preview", run.errors
    services.confirm(run=run)
    place = Place.objects.get()
    assert place.name == "Café de l’Étang" and place.latitude == 48.11
