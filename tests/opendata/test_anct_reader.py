"""Our export read by the ecosystem's official reader, the ANCT's
@gouvfr-anct/lieux-de-mediation-numerique (npm, dev): every row must be accepted."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from placette.opendata import lamednum
from tests.factories.places import full_place
from tests.opendata.test_roundtrip import CSV_URL, realistic_places  # noqa: F401 (fixture)
from tests.pages import download

pytestmark = pytest.mark.django_db

READER = Path(__file__).with_name("anct_reader.js")
NODE = shutil.which("node")


def rejected(tmp_path: Path, body: bytes) -> list[dict]:
    """The rows the ANCT reader refuses: [{"line", "id", "error"}]."""
    if NODE is None:
        if os.environ.get("CI"):
            pytest.fail("node est requis en CI pour lire l'export avec le lecteur de l'ANCT")
        pytest.skip("node absent : l'export n'est pas relu par le lecteur de l'ANCT")
    (tmp_path / "lieux.csv").write_bytes(body)
    result = subprocess.run(
        [NODE, str(READER), str(tmp_path / "lieux.csv")],
        capture_output=True,
        text=True,
        check=True,
    )
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_the_anct_reader_accepts_every_row_of_our_export(client, realistic_places, tmp_path):  # noqa: F811
    body, _response = download(client, CSV_URL)
    assert body.count(b"\r\n") > 1000
    problems = rejected(tmp_path, body)
    assert problems == [], "\n".join(map(str, problems))


def test_the_anct_reader_would_report_a_broken_row(client, realistic_places, tmp_path):  # noqa: F811
    body, _response = download(client, CSV_URL)
    broken = body.replace(b",35200,", b",3520,", 1)
    assert broken != body
    (row,) = rejected(tmp_path, broken)
    assert "3520" in row["error"]


def test_streets_and_communes_are_written_as_the_reader_accepts_them(client, tmp_path):
    full_place(
        address='Lieu dit "Les Clauds" — [Bât. B] HOPE! 1Âª place',
        commune="Saint-Denis (La Réunion)",
        postal_code="97400",
    )
    body, _response = download(client, CSV_URL)
    assert rejected(tmp_path, body) == []
    assert lamednum.voie('Lieu dit "Les Clauds" — [Bât. B] HOPE! 1ª place') == (
        "Lieu dit 'Les Clauds' – (Bât. B) HOPE 1a place"
    )
    assert lamednum.commune("Saint-Denis (La Réunion)") == "Saint-Denis La Réunion"
