from datetime import date

import pytest

from placette.places import jsonld
from tests.factories import make_place

pytestmark = pytest.mark.django_db


def spec(day, opens, closes, **dated):
    return {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": f"https://schema.org/{day}",
        "opens": opens,
        "closes": closes,
    } | dated


def test_specification_is_the_regular_week_with_dated_exceptions():
    place = make_place(name="EPN", opening_hours="Mo-Fr 09:00-17:00; PH off")
    # The week of 27 April 2026 holds 1 May, a Friday and a public holiday.
    specs = jsonld.opening_hours_specification(place, start=date(2026, 4, 27))
    regular = [s for s in specs if "validFrom" not in s]
    assert regular == [
        spec(day, "09:00", "17:00")
        for day in ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    ]
    # 1 and 8 May, two Fridays in a row, closed; Ascension Thursday 14 May closed.
    assert (
        spec("Friday", "00:00", "00:00", validFrom="2026-05-01", validThrough="2026-05-08") in specs
    )
    assert (
        spec("Thursday", "00:00", "00:00", validFrom="2026-05-14", validThrough="2026-05-14")
        in specs
    )
    assert all(s["validFrom"] >= "2026-04-27" for s in specs if "validFrom" in s)


def test_specification_of_overnight_and_always_open_hours():
    night = make_place(name="Nuit", opening_hours="Fr 22:00-02:00")
    assert jsonld.opening_hours_specification(night, start=date(2026, 4, 27)) == [
        spec("Friday", "22:00", "02:00")
    ]
    always = make_place(name="Toujours", opening_hours="24/7")
    specs = jsonld.opening_hours_specification(always, start=date(2026, 4, 27))
    assert len(specs) == 7 and all(s["opens"] == "00:00" and s["closes"] == "23:59" for s in specs)


def test_comment_only_hours_publish_no_specification():
    place = make_place(name="RDV", opening_hours='"sur rendez-vous"')
    assert jsonld.opening_hours_specification(place, start=date(2026, 4, 27)) == []
