"""Real opening_hours strings (tests/corpus/hours/) read as opening_hours.js, the OSM
reference, reads them: expected.json holds its states at fixed instants (see SOURCES.md)."""

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from placette.places import hours

CORPUS = Path(__file__).parent.parent / "corpus" / "hours"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
WHERE = hours.Where(**{k: EXPECTED["where"][k] for k in ("latitude", "longitude", "departement")})
PARIS = ZoneInfo("Europe/Paris")
INSTANTS = [datetime.fromisoformat(i).replace(tzinfo=PARIS) for i in EXPECTED["instants"]]

# Deliberate differences, each with its reason (see SOURCES.md).
DIFFERENCES = {
    "Mo-Sa 07:00-19:00; PH Su off": "the library reads 'PH Su' as PH or Sunday, not both",
    "22:00+; PH off": "an open end ('22:00+') is open here; opening_hours.js guesses an end "
    "and calls the hours after it unknown",
    "Mo-Fr 09:00-17:00; SH off": "vacances-scolaires-france keeps the calendar first published "
    "for spring 2021 (zone A on 12 April); opening_hours.js has the one changed in the 2021 "
    "lockdown (every zone)",
}


def test_corpus_is_large_enough():
    lines = [
        line
        for name in ("opening_hours_rs_sample.txt", "french_places.txt")
        for line in (CORPUS / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert len(lines) >= 100
    assert set(lines) <= set(EXPECTED["results"])


@pytest.mark.parametrize("text", sorted(EXPECTED["results"]))
def test_states_match_the_reference(text):
    expected = EXPECTED["results"][text]
    if expected == "invalid":
        # Never a crash: readable here (a documented difference), or a French message.
        assert hours.parse(text) is not None or "Horaires" in hours.error(text), text
        return
    assert hours.parse(text) is not None, hours.error(text)
    if text in DIFFERENCES:
        pytest.skip(DIFFERENCES[text])
    got = []
    for at in INSTANTS:
        current = hours.status(text, at, WHERE)
        got.append(str(current.state) if current else "invalid")
    assert got == [state for state, _comment in expected]
