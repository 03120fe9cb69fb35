"""The CSV importers against random input (hypothesis): random bytes, and the standard's
example row with random values, in random encodings and with random delimiters. Never a
crash: either records, or errors that name their line in French."""

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from placette.places.importers import cget, mednum
from placette.places.importers import mednum_schema as schema
from placette.places.importers.base import decode
from placette.sources.models import ImportRun
from placette.sources.services import import_text
from tests.factories.sources import cget_row, mednum_row
from tests.places.test_importers import HEADER as CGET_HEADER

ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "mac_roman"]
DELIMITERS = [",", ";", "\t", "|"]
PARSERS = {"mednum": mednum.parse, "cget": cget.parse}
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Any character but surrogates, and the quirks of real files more often than chance would.
values = st.one_of(
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=40),
    st.sampled_from(["", "0", "48,11", "Mo-Fr 9h", "ThÃ©Ã¢tre", '"', "\r\n", "\x00", "é" * 300]),
)


@st.composite
def mednum_files(draw) -> bytes:
    rows = []
    for index in range(draw(st.integers(1, 4))):
        row = mednum_row(f"id-{index}")
        for column in draw(st.lists(st.sampled_from(schema.COLUMNS), max_size=6)):
            row[column] = draw(values)
        rows.append(row)
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=schema.COLUMNS, delimiter=draw(st.sampled_from(DELIMITERS))
    )
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


@st.composite
def cget_files(draw) -> bytes:
    names = draw(st.lists(values, min_size=1, max_size=4))
    lines = [CGET_HEADER, *(cget_row(str(i), name) for i, name in enumerate(names))]
    text = "\n".join(lines).replace(",", draw(st.sampled_from(DELIMITERS)))
    return text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


def check(raw: bytes, format: str) -> None:
    try:
        text = decode(raw)
    except UnicodeDecodeError as error:
        assert 0 <= error.start <= len(raw)  # the form and the command give its line
        return
    records, errors = PARSERS[format](text)
    for error in errors:
        assert isinstance(error.line, int) and error.line >= 0
        assert str(error).startswith(f"ligne {error.line}, champ ") and error.message
    for record in records:
        assert record.line >= 2


@FUZZ
@given(raw=st.binary(max_size=3000), format=st.sampled_from(sorted(PARSERS)))
def test_random_bytes_never_crash_a_parser(raw, format):
    check(raw, format)


@FUZZ
@given(raw=mednum_files())
def test_mutated_mednum_files_never_crash_a_parser(raw):
    check(raw, "mednum")


@FUZZ
@given(raw=cget_files())
def test_mutated_census_files_never_crash_a_parser(raw):
    check(raw, "cget")


@pytest.mark.django_db
@settings(FUZZ, max_examples=40)
@given(raw=mednum_files())
def test_mutated_files_import_all_or_nothing_with_line_numbered_errors(raw):
    try:
        text = decode(raw)
    except UnicodeDecodeError:
        return
    run = import_text(text=text, file_name="fuzz.csv", format="mednum")
    if run.status == ImportRun.Status.REJECTED:
        assert run.errors and run.created == run.updated == 0
        for error in run.errors:
            assert isinstance(error["line"], int) and error["message"]
    else:
        assert run.status == ImportRun.Status.APPLIED
