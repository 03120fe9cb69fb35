"""Who may organise events and see their registrants: the place's team and moderation (the
role × action check: tests/permissions/harness.py). Registering is open to all:
public_writes.py."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from placette.events.models import CalendarFeed, Event, Occurrence, Registration
from tests.permissions.harness import TEAM, Action

EVENT = {
    "title": "Premiers pas sur smartphone",
    "kind": "atelier",
    "level": "debutant",
    "language": "fr",
    "is_free": "on",
    "registration": "on",
    "capacity": "8",
    "themes": ["outils-quotidien"],
    "publics": ["seniors"],
}


def _day(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def _date_url(name: str):
    return lambda w: reverse(f"events:{name}", args=[w.event.slug, w.date.pk])


def _registrant_url(name: str):
    return lambda w: reverse(f"events:{name}", args=[w.date.uid, w.registration.pk])


def _date(w) -> Occurrence:
    return w.refreshed(w.date)


ACTIONS = [
    Action(
        "create an event",
        lambda w: reverse("events:event_create") + f"?lieu={w.place.slug}",
        TEAM,
        data=lambda w: {**EVENT, "title": "Découpe laser", "place": w.place.pk},
        done=lambda w: Event.objects.filter(title="Découpe laser").exists(),
    ),
    Action(
        "edit an event",
        lambda w: reverse("events:event_edit", args=[w.event.slug]),
        TEAM,
        data=lambda w: {**EVENT, "title": "Premiers pas (revu)"},
        done=lambda w: w.refreshed(w.event).title == "Premiers pas (revu)",
    ),
    Action(
        "publish an event",
        lambda w: reverse("events:event_publish", args=[w.draft.slug]),
        TEAM,
        done=lambda w: w.refreshed(w.draft).status == Event.Status.PUBLISHED,
    ),
    Action(
        "cancel an event",
        lambda w: reverse("events:event_cancel", args=[w.event.slug]),
        TEAM,
        data=lambda w: {"reason": "Intervenante malade."},
        done=lambda w: w.refreshed(w.event).status == Event.Status.CANCELLED,
    ),
    Action(
        "postpone an event",
        lambda w: reverse("events:event_postpone", args=[w.event.slug]),
        TEAM,
        data=lambda w: {"reason": ""},
        done=lambda w: w.refreshed(w.event).status == Event.Status.POSTPONED,
    ),
    Action(
        "move an event online",
        lambda w: reverse("events:event_online", args=[w.event.slug]),
        TEAM,
        data=lambda w: {"url": "https://visio.example/a"},
        done=lambda w: _date(w).mode == Occurrence.Mode.ONLINE,
    ),
    Action(
        "give an event regular slots",
        lambda w: reverse("events:event_rule", args=[w.draft.slug]),
        TEAM,
        data=lambda w: {
            "frequency": "weekly",
            "weekdays": ["TU"],
            "interval": "1",
            "nth": "1",
            "month_weekday": "TU",
            "start_time": "14:00",
            "end_time": "17:00",
            "first_day": _day(1),
            "until": _day(28),
            "skip_school_holidays": "",
        },
        done=lambda w: w.refreshed(w.draft).rrule != "",
    ),
    Action(
        "add a date",
        lambda w: reverse("events:event_dates", args=[w.event.slug]),
        TEAM,
        data=lambda w: {
            "day": _day(5),
            "start_time": "14:00",
            "end_time": "16:00",
            "mode": "place",
        },
        done=lambda w: w.event.occurrences.count() == 2,
    ),
    Action(
        "change a date",
        _date_url("date_edit"),
        TEAM,
        data=lambda w: {"mode": "hybrid", "online_url": "visio.example/salle", "capacity": "4"},
        done=lambda w: _date(w).capacity == 4,
    ),
    Action(
        "move a date",
        _date_url("date_move"),
        TEAM,
        data=lambda w: {"day": _day(9), "start_time": "15:00", "end_time": "17:00"},
        done=lambda w: _date(w).original_start is not None,
    ),
    Action(
        "cancel a date",
        _date_url("date_cancel"),
        TEAM,
        data=lambda w: {"reason": "Salle inondée"},
        done=lambda w: _date(w).status == Occurrence.Status.CANCELLED,
    ),
    Action(
        "delete a date",
        _date_url("date_delete"),
        TEAM,
        done=lambda w: not Occurrence.objects.filter(pk=w.date.pk).exists(),
    ),
    Action(
        "see who registered",
        lambda w: reverse("events:registrants", args=[w.date.uid]),
        TEAM,
        method="get",
    ),
    Action(
        "download the registrants",
        lambda w: reverse("events:registrants_csv", args=[w.date.uid]),
        TEAM,
        method="get",
    ),
    Action(
        "register someone at the desk",
        lambda w: reverse("events:registrant_add", args=[w.date.uid]),
        TEAM,
        data=lambda w: {"name": "Paul, au guichet"},
        done=lambda w: Registration.objects.filter(name="Paul, au guichet").exists(),
    ),
    Action(
        "cancel someone's registration",
        _registrant_url("registrant_cancel"),
        TEAM,
        done=lambda w: w.refreshed(w.registration).status == Registration.Status.CANCELLED,
    ),
    Action(
        "take the roll call",
        _registrant_url("attendance"),
        TEAM,
        data=lambda w: {"attendance": "present"},
        done=lambda w: w.refreshed(w.registration).attendance == "present",
    ),
    Action(
        "read a place's statistics",
        lambda w: reverse("events:place_stats", args=[w.place.slug]),
        TEAM,
        method="get",
    ),
    Action(
        "download a place's statistics",
        lambda w: reverse("events:place_stats_csv", args=[w.place.slug]),
        TEAM,
        method="get",
    ),
    Action(
        "subscribe a place to a calendar",
        lambda w: reverse("events:place_feeds", args=[w.place.slug]),
        TEAM,
        data=lambda w: {"url": "https://agenda.example/lices.ics"},
        done=lambda w: CalendarFeed.objects.filter(place=w.place).exists(),
    ),
    Action(
        "read a calendar again",
        lambda w: reverse("events:feed_refresh", args=[w.place.slug, w.feed.pk]),
        TEAM,
        done=lambda w: DBTaskResult.objects.filter(task_path__endswith=".refresh_feed").exists(),
    ),
    Action(
        "remove a calendar",
        lambda w: reverse("events:feed_remove", args=[w.place.slug, w.feed.pk]),
        TEAM,
        done=lambda w: not CalendarFeed.objects.filter(pk=w.feed.pk).exists(),
    ),
]
