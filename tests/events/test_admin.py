"""The agenda's admin: an event's text goes through services.update_event (search text,
SEQUENCE, the registrants' notice); what other services move is read-only there."""

import pytest
from django.core import mail
from django.urls import reverse

from placette.events.models import Event
from placette.events.services import events as services
from placette.events.services import feeds, registrations
from tests.adminsite import change_url, editable, post_change
from tests.factories import make_event, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


def test_renaming_an_event_updates_its_search_text_sequence_and_registrants(
    admin_client, run_tasks
):
    event = make_event(title="Atelier soudure", description="Fer à souder")
    registrations.register(occurrence=event.occurrences.get(), name="Awa", email="a@example.org")
    run_tasks()
    mail.outbox.clear()

    response = post_change(admin_client, event, title="Repair café", description="Réparer")

    assert response.status_code == 302, response.context["adminform"].form.errors
    before, event = event, Event.objects.get(pk=event.pk)
    assert event.title == "Repair café"
    assert event.search_text.startswith("repair cafe reparer")
    assert "soudure" not in event.search_text
    assert event.sequence == before.sequence + 1
    run_tasks()
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert "Repair café" in mail.outbox[0].body


def test_only_the_event_text_is_editable(admin_client):
    event = make_event(feed=feeds.add_feed(place=make_event().place, url="https://a.example/"))
    occurrence = event.occurrences.get()
    registration = registrations.register(occurrence=occurrence, name="Awa")
    assert editable(admin_client, event) == set(services.EVENT_FIELDS)
    assert editable(admin_client, occurrence) == set()
    assert editable(admin_client, registration) == {"name", "email", "phone", "public"}
    assert editable(admin_client, event.feed) == {"active"}
    for name in ("event", "occurrence", "registration", "calendarfeed"):
        assert admin_client.get(reverse(f"admin:events_{name}_add")).status_code == 403
    for obj in (event, occurrence, registration):
        assert admin_client.get(change_url(obj, "delete")).status_code == 403


def test_removing_a_feed_cancels_the_events_people_registered_to(admin_client):
    place = make_event().place
    feed = feeds.add_feed(place=place, url="https://agenda.example/lieu.ics")
    kept = make_event(place=place, title="Café réparation", feed=feed, external_uid="a@x")
    make_event(place=place, title="Atelier vide", feed=feed, external_uid="b@x")
    registrations.register(occurrence=kept.occurrences.get(), name="Bruno")

    response = admin_client.post(change_url(feed, "delete"), {"post": "yes"})

    assert response.status_code == 302
    assert list(Event.objects.filter(external_uid__gt="").values_list("title", "status")) == [
        ("Café réparation", "cancelled")
    ]
