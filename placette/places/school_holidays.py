"""French school holidays of a place: its académie's zone (A, B or C), then the dates of
vacances-scolaires-france."""

import functools
from datetime import date

from vacances_scolaires_france import SchoolHolidayDates, UnsupportedYearException

# Zone of each département's académie, from the arrêté fixing the school calendar (zones
# since the 2016 regions reform, education.gouv.fr "calendrier scolaire"). Corsica and the
# overseas départements have calendars of their own and no zone.
_ZONES = {
    "A": "25 39 70 90 24 33 40 47 64 03 15 43 63 21 58 71 89 07 26 38 73 74 19 23 87 01 42 69 "
    "16 17 79 86",
    "B": "04 05 13 84 02 60 80 59 62 54 55 57 88 44 49 53 72 85 06 83 14 50 61 27 76 18 28 36 "
    "37 41 45 08 10 51 52 22 29 35 56 67 68",
    "C": "77 93 94 11 30 34 48 66 75 09 12 31 32 46 65 81 82 78 91 92 95",
}
ZONE_BY_DEPARTEMENT = {dep: zone for zone, deps in _ZONES.items() for dep in deps.split()}


def zone_for(departement: str) -> str:
    """The school holiday zone of a département ("" when it has none)."""
    return ZONE_BY_DEPARTEMENT.get(departement or "", "")


@functools.cache
def _dates() -> SchoolHolidayDates:
    return SchoolHolidayDates()  # reads its CSV once


def is_school_holiday(day: date, zone: str) -> bool:
    if not zone:
        return False
    try:
        return _dates().is_holiday_for_zone(day, zone)
    except UnsupportedYearException:
        return False
