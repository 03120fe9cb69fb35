"""The real national files of tests/corpus/lamednum/ (SOURCES.md) go through the importers:
read whatever their encoding and delimiter, no row refused, mojibake repaired."""

from pathlib import Path

import pytest

from placette.places.importers import cget, mednum
from placette.places.importers.base import decode
from placette.sources.services import import_text

CORPUS = Path(__file__).parent.parent / "corpus" / "lamednum"
MOJIBAKE = ("Ã©", "Ã¢", "Ãª", "Âª")


@pytest.mark.parametrize("name", ["exemple-valide.csv", "exemple-valide-tableur-windows-1252.csv"])
def test_the_standards_example_reads_the_same_whatever_the_spreadsheet(name):
    records, errors = mednum.parse(decode((CORPUS / name).read_bytes()))
    assert errors == []
    (record,) = records
    assert record.fields["name"] == "Anonymal"
    assert record.fields["address_extra"] == "Le patio du bois de l'Aulne"


def test_the_census_slice_imports_with_its_mojibake_repaired():
    records, errors = cget.parse(decode((CORPUS / "cget-2019-extrait-mojibake.csv").read_bytes()))
    assert errors == []
    assert len(records) == 35
    for record in records:
        text = repr(record.fields)
        assert not any(broken in text for broken in MOJIBAKE), text
    by_id = {record.source_id: record.fields for record in records}
    assert by_id["1362"]["address"].endswith("1ª place des Orphelins")


@pytest.mark.django_db
def test_every_corpus_file_imports_all_rows():
    formats = {"cget-2019-extrait-mojibake.csv": "cget"}
    for path in sorted(CORPUS.glob("*.csv")):
        text = decode(path.read_bytes())
        run = import_text(text=text, file_name=path.name, format=formats.get(path.name, "mednum"))
        assert run.status == "applied", (path.name, run.errors[:3])
