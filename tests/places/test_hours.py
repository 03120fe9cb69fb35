from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from placette.places import hours
from tests.factories import make_place

PARIS = ZoneInfo("Europe/Paris")
WEEKDAYS = "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00; PH off"


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (datetime(2026, 11, 26, 10, 0, tzinfo=PARIS), "Ouvert maintenant, ferme à 12h00"),
        (datetime(2026, 11, 26, 12, 30, tzinfo=PARIS), "Fermé, ouvre à 14h00"),
        (datetime(2026, 11, 28, 13, 0, tzinfo=PARIS), "Fermé, ouvre lundi à 09h00"),
        # 25 December is a French public holiday ("PH off"): closed all day.
        (datetime(2026, 12, 24, 19, 0, tzinfo=PARIS), "Fermé, ouvre samedi à 08h30"),
    ],
)
def test_status_in_words(when, expected):
    assert hours.describe_status(WEEKDAYS, when) == expected


def test_status_of_always_open_and_unknown_hours():
    assert hours.describe_status("24/7") == "Ouvert maintenant"
    assert hours.describe_status("") == ""
    assert hours.describe_status("lundi 9h-12h") == ""


def test_week_lists_seven_days_of_ranges():
    week = hours.week(WEEKDAYS, date(2026, 11, 23))  # a Monday
    assert [d.day.isoformat() for d in week][:2] == ["2026-11-23", "2026-11-24"]
    monday = [(o.strftime("%H:%M"), c.strftime("%H:%M")) for o, c in week[0].ranges]
    assert monday == [("09:00", "12:00"), ("14:00", "18:30")]
    assert week[6].ranges == []  # Sunday


def test_french_free_text_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as excinfo:
        hours.validate("lundi 9h-12h")
    assert "syntaxe OpenStreetMap" in excinfo.value.messages[0]
    assert "au caractère 1" in excinfo.value.messages[0]
    hours.validate("Mo-Fr 09:00-18:00")
    hours.validate("")


@pytest.mark.django_db
def test_a_place_cannot_be_saved_with_unreadable_hours():
    with pytest.raises(ValidationError):
        make_place(name="Mal renseigné", opening_hours="du lundi au vendredi")
