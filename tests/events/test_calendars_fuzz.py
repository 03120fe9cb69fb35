"""The calendar reader (events/calendars.py) on broken input: corpus files cut short or
mangled, and events with random property values. Whatever comes in, it returns what it could
read (the rest named, in French) or raises its own CalendarError; nothing else."""

from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from placette.events import calendars

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "ical"
SMALL = sorted(p.read_bytes() for p in CORPUS.glob("*.ics") if p.stat().st_size < 3000)
PLACE = SimpleNamespace(name="Fablab du Port", slug="fablab-du-port")
AFTER = datetime(2019, 1, 1, tzinfo=calendars.recurrence.TZ)
BEFORE = AFTER + timedelta(days=180)
FUZZ = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,  # the same cases on every run: CI stays stable
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
NAMES = ["DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"]
NAMES += ["LOCATION", "GEO", "SUMMARY", "UID", "STATUS", "CATEGORIES", "URL"]
PARAMS = ["", ";VALUE=DATE", ";TZID=Europe/Paris", ";TZID=Nowhere/Else", ";RANGE=THISANDFUTURE"]
VALUES = [
    "20190110T100000",
    "20190110T100000Z",
    "20190110",
    "2019XX10",
    "PT1H",
    "-P1D",
    "FREQ=WEEKLY;COUNT=3",
    "FREQ=DAILY;UNTIL=20190110",
    "FREQ=MONTHLY;BYDAY=-1FR;BYSETPOS=2",
    "FREQ=SECONDLY",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
    "20190110T100000/PT1H",
    "online - https://meet.example/x",
    "999;-999",
    "CANCELLED",
    "",
]


def check(data: bytes | str) -> None:
    try:
        parsed = calendars.parse(data, place=PLACE, after=AFTER, before=BEFORE)
    except calendars.CalendarError as exc:
        assert str(exc)
        return
    for skipped in parsed.skipped:
        assert skipped.label and skipped.reason
    for item in parsed.items.values():
        assert len(item.instances) <= calendars.MAX_DATES_PER_EVENT
        for instance in item.instances.values():
            assert instance.end > instance.start


@FUZZ
@given(st.sampled_from(SMALL), st.data())
def test_mangled_corpus_files(original, data):
    cut = data.draw(st.integers(0, len(original)))
    kind = data.draw(st.sampled_from(["cut", "replace", "insert", "drop line", "double line"]))
    if kind == "cut":
        mangled = original[:cut]
    elif kind == "replace":
        noise = data.draw(st.binary(min_size=1, max_size=12))
        mangled = original[:cut] + noise + original[cut + len(noise) :]
    elif kind == "insert":
        mangled = original[:cut] + data.draw(st.binary(max_size=40)) + original[cut:]
    else:
        lines = original.split(b"\n")
        index = data.draw(st.integers(0, len(lines) - 1))
        if kind == "drop line":
            del lines[index]
        else:
            lines.insert(index, lines[index])
        mangled = b"\n".join(lines)
    check(mangled)


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.sampled_from(NAMES),
            st.sampled_from(PARAMS),
            st.one_of(st.sampled_from(VALUES), st.text(max_size=30)),
        ),
        max_size=8,
    )
)
def test_events_with_random_property_values(properties):
    lines = [
        f"{name}{param}:{value}".replace("\r", " ").replace("\n", " ")
        for name, param, value in properties
    ]
    text = "\r\n".join(
        ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:fuzz", "DTSTART:20190110T100000Z"]
        + lines
        + ["END:VEVENT", "END:VCALENDAR", ""]
    )
    check(text)
