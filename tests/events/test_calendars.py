"""Reading outside iCalendar files (events/calendars.py): identities, recurrences, charsets,
locations."""

from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from placette.events import calendars

PARIS = ZoneInfo("Europe/Paris")
PLACE = SimpleNamespace(name="Fablab du Port", slug="fablab-du-port")
AFTER = datetime(2026, 1, 1, tzinfo=PARIS)
BEFORE = datetime(2026, 7, 1, tzinfo=PARIS)


def ics(*lines: str, header: tuple[str, ...] = ()) -> str:
    return "\r\n".join(
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//FR", *header, *lines, "END:VCALENDAR"]
    )


def parse(text, after=AFTER, before=BEFORE) -> calendars.Parsed:
    return calendars.parse(text, place=PLACE, after=after, before=before)


def starts(item) -> list[datetime]:
    return sorted(i.start for i in item.instances.values() if not i.cancelled)


def test_events_without_uid_get_a_stable_identity():
    text = ics(
        "BEGIN:VEVENT",
        "SUMMARY:Café réparation",
        "DTSTART;TZID=Europe/Paris:20260310T100000",
        "DTEND;TZID=Europe/Paris:20260310T120000",
        "LOCATION:Fablab du Port",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "SUMMARY:Café réparation",
        "DTSTART;TZID=Europe/Paris:20260317T100000",
        "DTEND;TZID=Europe/Paris:20260317T120000",
        "END:VEVENT",
    )
    first, again = parse(text), parse(text)
    assert len(first.items) == 2 and first.skipped == []
    assert list(first.items) == list(again.items)
    assert all(uid.startswith("derived-") for uid in first.items)
    # The description may change: the identity stays.
    edited = text.replace("LOCATION:Fablab du Port", "LOCATION:Fablab du Port\r\nDESCRIPTION:Venez")
    assert list(parse(edited).items) == list(first.items)


def test_every_rrule_of_an_event_is_used():
    text = ics(
        "BEGIN:VEVENT",
        "UID:two-rules",
        "SUMMARY:Permanence",
        "DTSTART;TZID=Europe/Paris:20260105T140000",
        "DTEND;TZID=Europe/Paris:20260105T160000",
        "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=2",
        "RRULE:FREQ=WEEKLY;BYDAY=TH;COUNT=2",
        "END:VEVENT",
    )
    days = [s.date() for s in starts(parse(text).items["two-rules"])]
    assert days == [date(2026, 1, 5), date(2026, 1, 8), date(2026, 1, 12), date(2026, 1, 15)]


def test_an_exdate_given_as_a_date_removes_that_day_of_a_timed_series():
    text = ics(
        "BEGIN:VEVENT",
        "UID:exdate-day",
        "SUMMARY:Permanence",
        "DTSTART;TZID=Europe/Paris:20260105T140000",
        "DTEND;TZID=Europe/Paris:20260105T160000",
        "RRULE:FREQ=WEEKLY;COUNT=3",
        "EXDATE;VALUE=DATE:20260112",
        "END:VEVENT",
    )
    days = [s.date() for s in starts(parse(text).items["exdate-day"])]
    assert days == [date(2026, 1, 5), date(2026, 1, 19)]


def test_this_and_future_moves_every_later_date():
    text = ics(
        "BEGIN:VEVENT",
        "UID:range",
        "SUMMARY:Atelier",
        "DTSTART;TZID=Europe/Paris:20260105T140000",
        "DTEND;TZID=Europe/Paris:20260105T160000",
        "RRULE:FREQ=WEEKLY;COUNT=4",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:range",
        "SUMMARY:Atelier",
        "RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Paris:20260119T140000",
        "DTSTART;TZID=Europe/Paris:20260119T170000",
        "DTEND;TZID=Europe/Paris:20260119T190000",
        "END:VEVENT",
    )
    item = parse(text).items["range"]
    assert [(s.day, s.hour) for s in starts(item)] == [(5, 14), (12, 14), (19, 17), (26, 17)]
    # Each date keeps its first start as its key: a refresh finds the same rows.
    keys = sorted(k.astimezone(PARIS).replace(tzinfo=None) for k in item.instances)
    assert keys[-1] == datetime(2026, 1, 26, 14)


def test_exchange_all_day_recurrence_id_with_a_zone_moves_the_date_once():
    text = ics(
        "BEGIN:VEVENT",
        "UID:exchange",
        "SUMMARY:Fermeture",
        "DTSTART;VALUE=DATE:20260105",
        "DTEND;VALUE=DATE:20260106",
        "RRULE:FREQ=WEEKLY;COUNT=3",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:exchange",
        "SUMMARY:Fermeture",
        "RECURRENCE-ID;TZID=GMT Standard Time:20260112T000000",
        "DTSTART;VALUE=DATE:20260113",
        "DTEND;VALUE=DATE:20260114",
        "END:VEVENT",
    )
    item = parse(text).items["exchange"]
    assert [s.date() for s in starts(item)] == [
        date(2026, 1, 5),
        date(2026, 1, 13),
        date(2026, 1, 19),
    ]
    assert datetime(2026, 1, 12, tzinfo=PARIS) in item.instances


def test_a_google_calendar_with_x_wr_timezone_keeps_its_local_hour_over_summer_time():
    text = ics(
        "BEGIN:VEVENT",
        "UID:google",
        "SUMMARY:Repair café",
        "DTSTART:20260324T130000Z",
        "DTEND:20260324T150000Z",
        "RRULE:FREQ=WEEKLY;COUNT=2",
        "END:VEVENT",
        header=("X-WR-TIMEZONE:Europe/Paris",),
    )
    assert [s.astimezone(PARIS).hour for s in starts(parse(text).items["google"])] == [14, 14]


@pytest.mark.parametrize("freq", ["SECONDLY", "MINUTELY"])
def test_a_rule_more_frequent_than_hourly_is_skipped_with_its_reason(freq):
    text = ics(
        "BEGIN:VEVENT",
        "UID:fast",
        "SUMMARY:Chaque seconde",
        "DTSTART:20250101T000000Z",
        f"RRULE:FREQ={freq}",
        "END:VEVENT",
    )
    parsed = parse(text)
    assert parsed.items == {}
    assert [str(s) for s in parsed.skipped] == [
        "« Chaque seconde » (UID fast) : répétition plus fréquente qu'une fois par heure"
    ]


def test_window_and_caps():
    text = ics(
        "BEGIN:VEVENT",
        "UID:daily",
        "SUMMARY:Chaque jour",
        "DTSTART;TZID=Europe/Paris:20250101T090000",
        "DTEND;TZID=Europe/Paris:20250101T100000",
        "RRULE:FREQ=HOURLY",
        "END:VEVENT",
    )
    item = parse(text, before=AFTER + timedelta(days=30)).items["daily"]
    assert len(item.instances) == calendars.MAX_DATES_PER_EVENT
    assert min(starts(item)) >= AFTER


def test_decoding_honours_the_charset_then_utf8_then_guesses_windows_1252():
    text = "SUMMARY:Cœur d'atelier à 5 € — été\r\n"
    assert calendars.decode(text.encode("cp1252"), "windows-1252") == text
    assert calendars.decode(text.encode("utf-8"), None) == text
    assert calendars.decode(b"\xef\xbb\xbf" + text.encode("utf-8"), "utf-8") == text
    assert calendars.decode(text.encode("cp1252"), None) == text
    assert calendars.decode(text.encode("cp1252"), "utf-8") == text  # a server that lies
    assert calendars.decode(text.encode("cp1252"), "no-such-charset") == text


@pytest.mark.parametrize(
    ("location", "url", "expected"),
    [
        ("online - https://meet.example/x", "", ("online", "https://meet.example/x")),
        ("https://visio.example/salle", "", ("online", "https://visio.example/salle")),
        ("En ligne", "https://gancio.example/e/1", ("online", "https://gancio.example/e/1")),
        ("online", "", ("online", "")),
        ("Onlineshop du coin, 3 rue Haute, Brest", "", ("outside", "")),
        ("Fablab du Port", "", ("place", "")),
    ],
)
def test_online_locations(location, url, expected):
    lines = [f"URL:{url}"] if url else []
    text = ics(
        "BEGIN:VEVENT",
        "UID:where",
        "SUMMARY:Atelier",
        "DTSTART:20260310T130000Z",
        f"LOCATION:{location}",
        *lines,
        "END:VEVENT",
    )
    (instance,) = parse(text).items["where"].instances.values()
    assert (instance.location["mode"], instance.location.get("online_url", "")) == expected


def test_a_rule_begun_too_long_ago_for_its_pace_is_skipped_not_walked_for_minutes():
    text = ics(
        "BEGIN:VEVENT",
        "UID:old",
        "SUMMARY:Chaque heure depuis 1900",
        "DTSTART:19000101T000000Z",
        "RRULE:FREQ=HOURLY",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:weekly",
        "SUMMARY:Chaque semaine depuis 1900",
        "DTSTART;TZID=Europe/Paris:19000102T140000",
        "RRULE:FREQ=WEEKLY",
        "END:VEVENT",
    )
    parsed = parse(text, before=AFTER + timedelta(days=14))
    assert list(parsed.items) == ["weekly"] and len(parsed.items["weekly"].instances) == 2
    assert [s.reason for s in parsed.skipped] == [
        "répétition trop dense, ou commencée trop loin dans le passé"
    ]


def test_exchange_rules_with_spaces_between_days_are_read():
    text = ics(
        "BEGIN:VEVENT",
        "UID:standup",
        "SUMMARY:Point du matin",
        "DTSTART;TZID=Europe/Paris:20260105T100000",
        "RRULE:FREQ=DAILY;UNTIL=20260110T080000Z;INTERVAL=1;BYDAY=MO, TU, WE, TH, FR",
        " ;WKST=SU",
        "END:VEVENT",
    )
    parsed = parse(text)
    assert parsed.skipped == []
    assert [s.day for s in starts(parsed.items["standup"])] == [5, 6, 7, 8, 9]
