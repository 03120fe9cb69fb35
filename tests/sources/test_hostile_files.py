"""Files that used to crash an import (a 500 on /gestion/imports/, no run recorded): each is now
a rejected run with a line-numbered reason, like any other bad file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from placette.places.models import Place
from placette.sources import services
from placette.sources.models import ImportRun
from tests.factories.sources import cget_row, cget_text, mednum_row, mednum_text
from tests.sources.test_views import IMPORTS, staff_client  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

HUGE = "x" * (200 * 1024)  # over the csv module's 128 KiB field limit


def _import(text: str, format: str) -> ImportRun:
    return services.import_text(text=text, file_name="lieux", format=format)


def _errors(run: ImportRun) -> list[tuple[int, str, str]]:
    return [(e["line"], e["field"], e["message"]) for e in run.errors]


def test_a_csv_field_over_the_limit_rejects_the_file_with_its_line():
    text = cget_text(cget_row("1", "Lieu A"), cget_row("2", f'"{HUGE}"'))
    run = _import(text, "cget")
    assert run.status == ImportRun.Status.REJECTED
    assert _errors(run) == [(3, "(ligne)", "valeur de plus de 128 Kio, fichier illisible")]
    assert not Place.objects.exists()


def test_a_mednum_field_over_the_limit_rejects_the_file_with_its_line():
    text = mednum_text(mednum_row("a"), mednum_row("b", presentation_detail=HUGE))
    run = _import(text, "mednum")
    assert run.status == ImportRun.Status.REJECTED
    assert _errors(run) == [(3, "(ligne)", "valeur de plus de 128 Kio, fichier illisible")]


def test_deeply_nested_geojson_rejects_the_file():
    depth = 100_000
    text = '{"type": "FeatureCollection", "features": [' + "[" * depth + "]" * depth + "]}"
    run = _import(text, "geojson")
    assert run.status == ImportRun.Status.REJECTED
    assert _errors(run) == [(0, "(fichier)", "JSON illisible : imbrication trop profonde")]


@pytest.mark.parametrize(
    "format, text",
    [
        ("cget", lambda: cget_text(cget_row("1", "Lieu A"), cget_row("2", "Fab\x00lab"))),
        ("mednum", lambda: mednum_text(mednum_row("a"), mednum_row("b", nom="Fab\x00lab"))),
    ],
)
def test_a_nul_in_a_name_is_a_row_error_on_every_database(format, text):
    run = _import(text(), format)
    assert run.status == ImportRun.Status.REJECTED
    assert _errors(run) == [(3, "name", "caractère nul (\\0) interdit")]
    assert not Place.objects.exists()


def test_the_import_page_records_the_rejected_run_instead_of_a_500(staff_client):  # noqa: F811
    text = cget_text(cget_row("1", f'"{HUGE}"')).encode()
    file = SimpleUploadedFile("lieux.csv", text, content_type="text/csv")
    response = staff_client.post(IMPORTS, {"file": file, "format": "cget", "source": ""})
    assert response.status_code in {200, 302}
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.REJECTED and run.errors[0]["line"] == 2
