from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from placette.places import hours
from tests.factories import make_place

PARIS = ZoneInfo("Europe/Paris")
WEEKDAYS = "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00; PH off"
SUNDAY_3AM = datetime(2026, 12, 6, 3, 0, tzinfo=PARIS)
RENNES = hours.Where(48.1137, -1.6837, "35")  # zone B
WEEK = date(2026, 12, 7)  # a Monday


def labels(text, start=WEEK, where=hours.NOWHERE):
    return [[str(slot) for slot in day.slots] for day in hours.week(text, start, where)]


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (datetime(2026, 11, 26, 10, 0, tzinfo=PARIS), "Ouvert maintenant, ferme à 12 h 00"),
        (datetime(2026, 11, 26, 12, 30, tzinfo=PARIS), "Fermé, ouvre à 14 h 00"),
        (datetime(2026, 11, 28, 13, 0, tzinfo=PARIS), "Fermé, ouvre lundi à 9 h 00"),
        # 25 December is a French public holiday ("PH off"): closed all day.
        (datetime(2026, 12, 24, 19, 0, tzinfo=PARIS), "Fermé, ouvre samedi à 8 h 30"),
    ],
)
def test_status_in_words(when, expected):
    assert hours.describe_status(WEEKDAYS, when) == expected


def test_status_of_always_open_and_unknown_hours():
    assert hours.describe_status("24/7") == "Ouvert maintenant"
    assert hours.describe_status("") == ""
    assert hours.describe_status("lundi 9h-12h") == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"sur rendez-vous"', "Sur rendez-vous"),
        ('Mo-Fr 08:00-12:00 || "sur rendez-vous"', "Sur rendez-vous"),
        ('"appeler avant de venir"', "Horaires à confirmer"),
        ("unknown", "Horaires à confirmer"),
    ],
)
def test_comment_only_or_unknown_is_never_open(text, expected):
    assert hours.describe_status(text, SUNDAY_3AM) == expected
    assert not hours.is_open(text, SUNDAY_3AM)


def test_fallback_rule_keeps_the_regular_days():
    text = 'Mo-Fr 08:00-12:00 || "sur rendez-vous"'
    monday_9am = datetime(2026, 12, 7, 9, 0, tzinfo=PARIS)
    assert hours.describe_status(text, monday_9am) == "Ouvert maintenant, ferme à 12 h 00"
    assert (
        labels(text)
        == [["8 h 00 – 12 h 00", "sinon : sur rendez-vous"]] * 5 + [["sur rendez-vous"]] * 2
    )
    # As in opening_hours.js, the fallback also holds outside the ranges of a regular day.
    assert (
        hours.describe_status(text, datetime(2026, 12, 7, 13, 0, tzinfo=PARIS)) == "Sur rendez-vous"
    )


def test_week_lists_seven_days_of_slots():
    week = hours.week(WEEKDAYS, date(2026, 11, 23))  # a Monday
    assert [d.day.isoformat() for d in week][:2] == ["2026-11-23", "2026-11-24"]
    assert [str(slot) for slot in week[0].slots] == ["9 h 00 – 12 h 00", "14 h 00 – 18 h 30"]
    assert week[6].slots == []  # Sunday


def test_always_open_shows_every_day():
    assert labels("24/7") == [["24 h sur 24"]] * 7


def test_overnight_ranges_show_on_the_day_they_start():
    # Starting on a Tuesday: Monday's night reaches into it, and is not shown twice.
    assert labels("Mo-Fr 22:00-02:00", date(2026, 12, 8)) == (
        [["22 h 00 – 2 h 00"]] * 4 + [[], [], ["22 h 00 – 2 h 00"]]
    )
    assert labels("Sa 20:00-24:00")[5] == ["20 h 00 – minuit"]


def test_sun_times_come_from_the_place():
    default = labels("sunrise-sunset")[0]
    rennes = labels("sunrise-sunset", where=RENNES)[0]
    assert default == ["7 h 00 – 19 h 00"]
    assert rennes == ["8 h 42 – 17 h 13"]  # Rennes, 7 December


def test_school_holidays_follow_the_academie_zone():
    text = "Mo-Fr 09:00-12:00; SH off"
    # Christmas holidays 2026 begin on 19 December in every zone.
    week = labels(text, date(2026, 12, 21), RENNES)
    assert week[:5] == [[]] * 5
    assert labels(text, date(2026, 12, 21))[0] == ["9 h 00 – 12 h 00"]  # no zone known
    # Winter holidays differ: 2027-02-08 is a holiday in zone C (Paris) only, not in B.
    paris = hours.Where(48.85, 2.35, "75")
    assert labels(text, date(2027, 2, 8), paris)[0] == []
    assert labels(text, date(2027, 2, 8), RENNES)[0] == ["9 h 00 – 12 h 00"]
    assert labels("SH Mo-Fr 10:00-12:00", date(2026, 12, 21), RENNES)[0] == ["10 h 00 – 12 h 00"]


def test_regular_week_ignores_a_holiday_week():
    # 1 May 2026 is a Friday and a public holiday.
    regular, deviations = hours.regular_week("Mo-Fr 09:00-17:00; PH off", date(2026, 4, 27))
    assert regular[4] == (("09:00", "17:00"),)
    assert regular[6] == ()
    may_1 = [d for d in deviations if d.first == date(2026, 5, 1)]
    assert may_1 == [hours.Deviation(date(2026, 5, 1), date(2026, 5, 8), 4, ())]


def test_french_free_text_is_refused_with_the_osm_equivalent():
    with pytest.raises(ValidationError) as excinfo:
        hours.validate("lundi 9h-12h")
    assert "« Mo 09:00-12:00 »" in excinfo.value.messages[0]
    hours.validate("Mo-Fr 09:00-18:00")
    hours.validate("")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Mo-Fr 09:00-", "un début et une fin"),
        ('Mo-Fr 09:00-12:00 "fermé', "guillemets"),
        ("Mo-Fr 9h-12h", "deux points"),
        ("Mo-Fr 25:00-26:99 xyz", "pas compris à partir de"),
    ],
)
def test_errors_say_what_is_wrong_in_french(text, words):
    message = hours.error(text)
    assert words in message
    assert "Exemple correct" in message
    assert "expected" not in message


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('MoTuWeFrSaSuPHSH0123456789:-,; h"|+/lundimardi'))))
def test_fuzzed_hours_never_crash_and_errors_are_french(text):
    problem = hours.error(text)
    if problem is not None:
        assert "Horaires" in problem
        assert "expected" not in problem and "EOI" not in problem
    hours.describe_status(text, SUNDAY_3AM)
    hours.week(text, WEEK, RENNES)


@pytest.mark.django_db
def test_a_place_cannot_be_saved_with_unreadable_hours():
    with pytest.raises(ValidationError):
        make_place(name="Mal renseigné", opening_hours="du lundi au vendredi")


def test_fallback_fills_every_closed_time_and_later_rules_override_it():
    christmas = datetime(2026, 12, 25, 10, 0, tzinfo=PARIS)  # a Friday
    # As opening_hours.js: "PH off" before the fallback is filled by it, after it closes.
    before = 'Mo-Fr 08:00-12:00; PH off || "sur rendez-vous"'
    assert hours.describe_status(before, christmas) == "Sur rendez-vous"
    after = 'Mo-Fr 08:00-12:00 || "sur rendez-vous"; PH off'
    assert hours.status(after, christmas).state == hours.State.CLOSED
    assert hours.describe_status(after, datetime(2026, 12, 24, 10, 0, tzinfo=PARIS)).startswith(
        "Ouvert maintenant"
    )


def test_parse_or_text_for_importers():
    assert hours.parse_or_text("Mo-Fr 09:00-12:00") == ("Mo-Fr 09:00-12:00", "")
    assert hours.parse_or_text("mardi et jeudi 14h-18h") == ("Tu,Th 14:00-18:00", "")
    osm, warning = hours.parse_or_text("Tu 09:15-18:30; fermé au public les lundis")
    assert osm is None and "Exemple correct" in warning
