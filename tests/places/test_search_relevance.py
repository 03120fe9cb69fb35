"""The directory's search against what people type (tests/places/search_relevance.yaml), on
real places: the CGET census of 2019 for a dozen départements, imported as production does."""

import csv
import io
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from placette.places import queries
from tests.factories.sources import import_cget, import_mednum, mednum_row, mednum_text

pytestmark = pytest.mark.django_db

CASES = yaml.safe_load((Path(__file__).parent / "search_relevance.yaml").read_text("utf-8"))
CENSUS = Path(settings.BASE_DIR) / "data" / "cget" / "CGET_TiersLieux_2019.csv"
# Rennes, Marseille, Saint-Étienne and their namesakes, the Finistère, Seine-Saint-Denis,
# Corsica, Brittany and Loire-Atlantique: 257 of the 1,512 places (a quarter of a second).
DEPARTEMENTS = {"35", "13", "42", "29", "36", "44", "07", "93", "2A", "2B", "56", "22"}
FIELDS = ("name", "commune", "postal_code", "departement", "region")


def census_subset() -> str:
    lines = CENSUS.read_text(encoding="utf-8").splitlines(keepends=True)
    rows = csv.DictReader(io.StringIO("".join(lines)))  # no quoted line breaks: a row a line
    pairs = zip(lines[1:], rows, strict=True)
    kept = [line for line, row in pairs if row["INSEEDEP"] in DEPARTEMENTS]
    return "".join([lines[0], *kept])


def help_with_procedures() -> str:
    """Two places of the LaMednum example: one offers the service, one says it in words."""
    common = {"code_insee": "", "latitude": "48.3", "longitude": "-4.3", "source": "test"}
    return mednum_text(
        mednum_row(
            "structure-aide",
            nom="France services de Lesneven",
            commune="Lesneven",
            code_postal="29260",
            services="Aide aux démarches administratives",
            presentation_resume="",
            presentation_detail="",
            **common,
        ),
        mednum_row(
            "structure-quimperle",
            nom="Point numérique de Quimperlé",
            commune="Quimperlé",
            code_postal="29300",
            services="Loisirs et créations numériques",
            presentation_resume="Aide aux démarches en ligne, sur rendez-vous.",
            presentation_detail="",
            **common,
        ),
    )


@pytest.fixture
def census():
    for run in (import_cget(census_subset()), import_mednum(help_with_procedures())):
        assert run.status == "applied", run.errors


def failures(case: dict) -> list[str]:
    found = queries.find(queries.PlaceFilters(q=case["q"]))
    rows = [
        dict(zip(FIELDS, row, strict=True))
        for row in queries.search(found.filters).values_list(*FIELDS)
    ]
    names = [row["name"] for row in rows]
    problems = []
    if "corrected" in case and found.filters.q != case["corrected"]:
        problems.append(f"searched {found.filters.q!r}, not {case['corrected']!r}")
    if "count" in case and len(rows) != case["count"]:
        problems.append(f"{len(rows)} places, not {case['count']}")
    if "first" in case and names[: len(case["first"])] != case["first"]:
        problems.append(f"first {names[: len(case['first'])]}")
    if "first_where" in case:
        where = dict(case["first_where"])
        n = where.pop("n", len(rows))
        odd = [row for row in rows[:n] if any(row[k] != v for k, v in where.items())]
        if odd or len(rows) < n:
            problems.append(f"among the first {n}: {odd or 'too few results'}")
    if "every_where" in case:
        odd = [r for r in rows if any(r[k] != v for k, v in case["every_where"].items())]
        if odd or not rows:
            problems.append(f"not {case['every_where']}: {odd or 'no result'}")
    missing = [name for name in case.get("includes", []) if name not in names]
    if missing:
        problems.append(f"missing {missing}")
    unwanted = [name for name in case.get("excludes", []) if name in names]
    if unwanted:
        problems.append(f"unwanted {unwanted}")
    for a, b in case.get("before", []):
        if a not in names or b not in names or names.index(a) > names.index(b):
            problems.append(f"{a} not before {b}")
    return problems


def test_every_search_of_the_set_finds_what_it_should(census):
    report = {case["q"]: failures(case) for case in CASES}
    failed = {q: problems for q, problems in report.items() if problems}
    assert not failed, "\n".join(f"{q!r}: {problems}" for q, problems in failed.items())
    assert len(CASES) >= 20 and all(case.get("why") for case in CASES)


def test_cases_cover_the_searches_of_the_issue():
    asked = {case["q"] for case in CASES}
    issue = {"35000", "Finistère", "Ile-de-France", "st etienne", "Marseile", "aide démarches"}
    assert issue | {"rennes", "saint etienne"} <= asked
