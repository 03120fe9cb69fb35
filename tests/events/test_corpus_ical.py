"""Real calendars (tests/corpus/ical/, see SOURCES.md): what Placette would store over a
180-day window equals what recurring-ical-events gives over the same window, and no file makes
the reader raise anything but its own CalendarError.

Deliberate differences (docs too: events/calendars.py):
- an event with a malformed date (no or two DTSTART, DTEND with DURATION, a broken RDATE,
  DATE mixed with DATE-TIME) is left out and named, where the library guesses;
- rules repeating more often than hourly, or that would take minutes to walk, are left out;
- at most MAX_DATES_PER_EVENT dates per event and MAX_DATES_PER_FEED per file;
- Exchange's "BYDAY=MO, TU, WE" (spaces) is read, where the library stops: the reference
  gets the same repair.
"""

import collections
import warnings
from datetime import datetime, time, timedelta
from pathlib import Path
from types import SimpleNamespace

import icalendar
import pytest
import recurring_ical_events
import x_wr_timezone

from placette.events import calendars

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "ical"
FILES = sorted(CORPUS.glob("*.ics"))
PLACE = SimpleNamespace(name="Fablab du Port", slug="fablab-du-port")


def _window(text: str) -> tuple[datetime, datetime]:
    """180 days from the day before the file's first event."""
    starts = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for calendar in icalendar.Calendar.from_ical(text, multiple=True):
            for component in calendar.walk("VEVENT"):
                try:
                    starts.append(calendars._aware(component.start))
                except Exception:  # noqa: BLE001, S112 - a broken start: not a window
                    continue
    first = min(starts, default=datetime(2026, 1, 1, tzinfo=calendars.recurrence.TZ))
    after = datetime.combine(first.date() - timedelta(days=1), time(0), calendars.recurrence.TZ)
    return after, after + timedelta(days=180)


def _reference(text: str, after, before, left_out: set[str]) -> collections.Counter:
    """The library's dates, on the file less the events we leave out (and name)."""
    found = collections.Counter()
    for calendar in icalendar.Calendar.from_ical(text, multiple=True):
        calendar.subcomponents = [
            c
            for c in calendar.subcomponents
            if c.name != "VEVENT" or calendars.identity(c) not in left_out
        ]
        for component in calendar.walk("VEVENT"):
            calendars._repair(component)  # Exchange's "BYDAY=MO, TU": ours reads it
        standard = x_wr_timezone.to_standard(calendar)
        for occurrence in recurring_ical_events.of(standard).between(after, before):
            found[calendars._span(occurrence)[0]] += 1
    return found


def _readable(text: str) -> bool:
    try:
        return bool(icalendar.Calendar.from_ical(text, multiple=True))  # [] when cut short
    except Exception:  # noqa: BLE001 - the library raises several kinds
        return False


def test_the_corpus_is_dozens_of_calendars():
    assert len(FILES) >= 60
    assert {p.name for p in FILES} >= {"rie-fablab_cottbus.ics", "rie-issue_223_thunderbird.ics"}


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_each_calendar_gives_the_dates_of_the_reference(path):
    data = path.read_bytes()
    text = calendars.decode(data)
    if not _readable(text):  # not even the library reads it: refused with a reason
        with pytest.raises(calendars.CalendarError, match="pas un calendrier iCal lisible"):
            now = datetime.now(calendars.recurrence.TZ)
            calendars.parse(data, place=PLACE, after=now, before=now + timedelta(days=1))
        return
    after, before = _window(text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = calendars.parse(data, place=PLACE, after=after, before=before)
        left_out = {s.uid for s in parsed.skipped}
        expected = _reference(text, after, before, left_out)
    ours = collections.Counter(
        instance.start for item in parsed.items.values() for instance in item.instances.values()
    )
    capped = any(len(i.instances) == calendars.MAX_DATES_PER_EVENT for i in parsed.items.values())
    if capped:  # our cap: what we keep is the reference's, less its later dates
        assert not ours - expected
    else:
        assert ours == expected
    for skipped in parsed.skipped:
        assert skipped.reason and skipped.label


STORED = [  # Google, Exchange, Nextcloud (SabreDAV), Thunderbird, a fablab's and a bar's agenda
    "rie-fablab_cottbus.ics",
    "rie-machbar_16_feb_2019.ics",
    "rie-daylight_saving_time.ics",
    "icalendar-issue_165_missing_event.ics",
    "rie-issue_27_t1.ics",
    "rie-each_week_but_two_deleted.ics",
    "rie-issue_223_thunderbird.ics",
    "rie-recurring_events_moved.ics",
    "rie-issue_75_range_parameter.ics",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", STORED)
def test_real_calendars_are_stored_once_and_read_again_without_change(name):
    from placette.events.models import Occurrence
    from placette.events.services import feeds
    from tests.factories import make_place

    data = (CORPUS / name).read_bytes()
    after, before = _window(calendars.decode(data))
    feed = feeds.add_feed(place=make_place(name="Fablab du Port"), url="https://agenda.example/")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = calendars.parse(data, place=PLACE, after=after, before=before)
        first = feeds.import_data(feed, data, now=after)
        again = feeds.import_data(feed, data, now=after)

    expected = sorted(
        i.start
        for item in parsed.items.values()
        for i in item.instances.values()
        if not i.cancelled
    )
    stored = sorted(Occurrence.objects.filter(event__feed=feed).values_list("start", flat=True))
    assert stored == expected and first.created > 0
    assert (again.created, again.updated, again.cancelled) == (0, 0, 0)
