"""Organisers' pages (placette.events.views.organiser): who may do what, forms that keep what was
typed, a series of stops typed one after the other, the lifecycle buttons."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from placette.events.models import CalendarFeed, Event, Occurrence
from placette.events.services import registrations
from tests.factories import make_event, make_manager, make_moderator, make_place, make_user


def _day(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


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


def _stop(days: int, commune: str, lat: str, lon: str, **extra) -> dict:
    return {
        "day": _day(days),
        "start_time": "10:00",
        "end_time": "12:30",
        "mode": "outside",
        "venue": "Place de la mairie",
        "address": "1 place de la Mairie",
        "postal_code": "29910",
        "commune": commune,
        "latitude": lat,
        "longitude": lon,
        **extra,
    }


@pytest.fixture
def team():
    place = make_place(name="Ebus", departement="29")
    return place, make_manager(place)


@pytest.mark.django_db
def test_a_manager_creates_a_draft_then_adds_its_dates(client, team):
    place, manager = team
    client.force_login(manager)
    url = reverse("events:event_create") + f"?lieu={place.slug}"
    assert client.get(url).status_code == 200

    response = client.post(url, {**EVENT, "place": place.pk})

    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("events:event_dates", args=[event.slug])
    assert (event.status, event.place, event.created_by) == ("draft", place, manager)
    assert (event.capacity, event.themes, event.publics) == (8, ["outils-quotidien"], ["seniors"])

    dates_url = reverse("events:event_dates", args=[event.slug])
    response = client.post(
        dates_url, {"day": _day(5), "start_time": "14:00", "end_time": "16:00", "mode": "place"}
    )
    assert response.status_code == 302
    occurrence = event.occurrences.get()
    assert timezone.localtime(occurrence.start).strftime("%H:%M") == "14:00"
    assert (occurrence.mode, occurrence.place) == ("place", place)

    client.post(reverse("events:event_publish", args=[event.slug]))
    event.refresh_from_db()
    assert event.status == "published"


@pytest.mark.django_db
def test_a_touring_series_is_typed_stop_after_stop(client, team):
    place, manager = team
    client.force_login(manager)
    event = make_event(place=place, status="draft", title="Le bus numérique")
    event.occurrences.all().delete()
    url = reverse("events:event_dates", args=[event.slug])

    client.post(url, _stop(3, "Trégunc", "47.8553", "-3.8522"))
    client.post(url, _stop(5, "Névez", "47,8194", "-3,7911"))  # a decimal comma is fine

    stops = list(event.occurrences.order_by("start"))
    assert [(s.commune, s.latitude, s.longitude) for s in stops] == [
        ("Trégunc", 47.8553, -3.8522),
        ("Névez", 47.8194, -3.7911),
    ]
    assert {s.departement for s in stops} == {"29"}
    # The form comes back with the last stop's values, one step (two days) later.
    page = client.get(url).content.decode()
    assert 'value="Névez"' in page
    assert 'value="Place de la mairie"' in page
    assert f'value="{_day(7)}"' in page
    assert 'value="outside" required id="id_mode_1" checked' in page
    # Each stop has its own registrations.
    client.post(reverse("events:event_publish", args=[event.slug]))
    registrations.register(occurrence=stops[0], name="Awa")
    assert stops[1].registrations.count() == 0


@pytest.mark.django_db
def test_an_outside_stop_needs_an_address_and_a_point_and_keeps_what_was_typed(client, team):
    place, manager = team
    client.force_login(manager)
    event = make_event(place=place, status="draft")
    url = reverse("events:event_dates", args=[event.slug])

    response = client.post(url, _stop(3, "Trégunc", "", "", address=""))

    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Trégunc"' in page  # kept
    assert 'id="id_latitude_error"' in page
    assert 'aria-describedby="id_latitude_helptext id_latitude_error"' in page
    assert 'href="#id_address"' in page  # the summary links to the field
    assert event.occurrences.count() == 1
    # Online needs its link; the end after the start.
    response = client.post(
        url, {"day": _day(3), "start_time": "14:00", "end_time": "13:00", "mode": "online"}
    )
    assert response.status_code == 400
    assert 'id="id_online_url_error"' in response.content.decode()
    assert 'id="id_end_time_error"' in response.content.decode()


@pytest.mark.django_db
def test_create_form_errors_keep_the_values(client, team):
    place, manager = team
    client.force_login(manager)
    response = client.post(
        reverse("events:event_create") + f"?lieu={place.slug}",
        {**EVENT, "place": place.pk, "is_free": "", "price": "", "title": "Laser"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Laser"' in page
    assert "Indiquez le tarif" in page
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_who_may_organise(client, team):
    place, manager = team
    other_place = make_place(name="Ailleurs")
    stranger = make_user()
    create = reverse("events:event_create")

    assert client.get(create).status_code == 302  # signed out: to the login page
    client.force_login(stranger)
    assert client.get(create).status_code == 403  # manages no place
    assert client.get(create + f"?lieu={place.slug}").status_code == 403
    event = make_event(place=place)
    for name in ("event_edit", "event_dates", "event_rule", "event_cancel", "event_online"):
        assert client.get(reverse(f"events:{name}", args=[event.slug])).status_code == 403
    occurrence = event.occurrences.get()
    for name in ("date_edit", "date_move", "date_cancel"):
        url = reverse(f"events:{name}", args=[event.slug, occurrence.pk])
        assert client.get(url).status_code == 403
    assert client.post(reverse("events:event_publish", args=[event.slug])).status_code == 403
    assert client.get(reverse("events:place_feeds", args=[place.slug])).status_code == 403

    # A manager may not pick a place they do not manage.
    client.force_login(manager)
    response = client.post(create, {**EVENT, "place": other_place.pk})
    assert response.status_code == 400
    assert client.get(create + f"?lieu={other_place.slug}").status_code == 403

    # A moderator organises for any place.
    client.force_login(make_moderator())
    response = client.post(create + f"?lieu={other_place.slug}", {**EVENT, "place": other_place.pk})
    assert response.status_code == 302
    assert Event.objects.get(place=other_place).status == "draft"
    assert client.get(reverse("events:event_dates", args=[event.slug])).status_code == 200


@pytest.mark.django_db
def test_writes_need_the_csrf_token(team):
    place, manager = team
    event = make_event(place=place, status="draft")
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    assert client.post(reverse("events:event_publish", args=[event.slug])).status_code == 403
    assert client.post(reverse("events:event_edit", args=[event.slug]), EVENT).status_code == 403
    event.refresh_from_db()
    assert event.status == "draft"
    assert client.get(reverse("events:event_publish", args=[event.slug])).status_code == 405


@pytest.mark.django_db
def test_editing_tells_registrants(client, team, run_tasks):
    place, manager = team
    event = make_event(place=place, title="Découpe laser", capacity=8)
    registrations.register(occurrence=event.occurrences.get(), name="Awa", email="awa@example.org")
    run_tasks()
    mail.outbox.clear()
    client.force_login(manager)

    response = client.post(
        reverse("events:event_edit", args=[event.slug]), {**EVENT, "title": "Découpe laser 2"}
    )

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Découpe laser 2"
    run_tasks()
    assert [m.subject for m in mail.outbox] == ["Changement : Découpe laser 2"]
    # The personal link points at this site's public address.
    assert f"{settings.PLACETTE_BASE_URL}/agenda/inscription/" in mail.outbox[0].body


@pytest.mark.django_db
def test_moving_and_cancelling_one_date(client, team, run_tasks):
    place, manager = team
    event = make_event(place=place)
    occurrence = event.occurrences.get()
    registrations.register(occurrence=occurrence, name="Awa", email="awa@example.org")
    first = occurrence.start
    client.force_login(manager)
    move = reverse("events:date_move", args=[event.slug, occurrence.pk])
    assert client.get(move).status_code == 200

    response = client.post(move, {"day": _day(9), "start_time": "15:00", "end_time": "17:00"})

    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.original_start == first
    assert timezone.localtime(occurrence.start).strftime("%H:%M") == "15:00"
    assert occurrence.registrations.count() == 1
    # The past is refused, with the values kept.
    response = client.post(move, {"day": _day(-3), "start_time": "15:00", "end_time": "17:00"})
    assert response.status_code == 400
    assert f'value="{_day(-3)}"' in response.content.decode()

    cancel = reverse("events:date_cancel", args=[event.slug, occurrence.pk])
    assert "1 personne inscrite" in client.get(cancel).content.decode()
    client.post(cancel, {"reason": "Salle inondée"})
    occurrence.refresh_from_db()
    assert occurrence.status == "cancelled"
    run_tasks()
    subjects = [m.subject for m in mail.outbox if "Inscription" not in m.subject]
    assert subjects == [
        f"Changement de date : {event.title}",
        f"Annulé : {event.title}",
    ]


@pytest.mark.django_db
def test_changing_the_place_of_one_date(client, team):
    place, manager = team
    event = make_event(place=place)
    occurrence = event.occurrences.get()
    client.force_login(manager)
    url = reverse("events:date_edit", args=[event.slug, occurrence.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"mode": "hybrid", "online_url": "visio.example/salle", "capacity": "4"}
    )
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert (occurrence.mode, occurrence.online_url, occurrence.capacity) == (
        "hybrid",
        "https://visio.example/salle",
        4,
    )


@pytest.mark.django_db
def test_deleting_a_date_typed_by_mistake(client, team):
    place, manager = team
    event = make_event(place=place, status="draft")
    occurrence = event.occurrences.get()
    client.force_login(manager)
    client.post(reverse("events:date_delete", args=[event.slug, occurrence.pk]))
    assert not event.occurrences.exists()


@pytest.mark.django_db
def test_lifecycle_pages(client, team, run_tasks):
    place, manager = team
    event = make_event(place=place)
    client.force_login(manager)

    online = reverse("events:event_online", args=[event.slug])
    assert client.post(online, {"url": ""}).status_code == 400
    client.post(online, {"url": "https://visio.example/a"})
    assert event.occurrences.get().mode == "online"

    client.post(reverse("events:event_postpone", args=[event.slug]), {"reason": ""})
    event.refresh_from_db()
    assert event.status == "postponed"
    assert (
        "Publier de nouveau"
        in client.get(reverse("events:event_dates", args=[event.slug])).content.decode()
    )

    client.post(reverse("events:event_cancel", args=[event.slug]), {"reason": "Plus de local"})
    event.refresh_from_db()
    assert event.status == "cancelled"
    page = client.get(reverse("events:event_dates", args=[event.slug])).content.decode()
    assert "Publier" not in page and "Annuler l'événement" not in page


@pytest.mark.django_db
def test_publishing_without_a_date_says_why(client, team):
    place, manager = team
    event = make_event(place=place, status="draft")
    event.occurrences.all().delete()
    client.force_login(manager)
    response = client.post(reverse("events:event_publish", args=[event.slug]), follow=True)
    assert "Ajoutez au moins une date avant de publier." in response.content.decode()
    event.refresh_from_db()
    assert event.status == "draft"


@pytest.mark.django_db
def test_a_regular_slot_from_the_form(client, team):
    place, manager = team
    event = make_event(place=place, status="draft", kind="permanence")
    event.occurrences.all().delete()
    client.force_login(manager)
    url = reverse("events:event_rule", args=[event.slug])
    page = client.get(url).content.decode()
    assert 'value="B" selected' in page  # Finistère: zone B, proposed

    response = client.post(
        url,
        {
            "frequency": "weekly",
            "weekdays": ["TU", "TH"],
            "interval": "1",
            "nth": "1",
            "month_weekday": "TU",
            "start_time": "14:00",
            "end_time": "17:00",
            "first_day": _day(1),
            "until": _day(28),
            "skip_school_holidays": "",
        },
    )

    assert response.status_code == 302
    event.refresh_from_db()
    assert "BYDAY=TU,TH" in event.rrule
    dates = [timezone.localtime(o.start) for o in event.occurrences.all()]
    assert len(dates) == 8
    assert {d.weekday() for d in dates} == {1, 3}
    # The form reads the rule back.
    page = client.get(url).content.decode()
    assert 'value="TU" id="id_weekdays_1" checked' in page
    assert f'value="{_day(28)}"' in page

    # Monthly with no weekday chosen for weekly: errors are tied to their field.
    response = client.post(url, {"frequency": "weekly", "start_time": "14:00", "end_time": "13:00"})
    assert response.status_code == 400
    assert 'id="id_weekdays_error"' in response.content.decode()

    client.post(url, {"stop": "1"})
    event.refresh_from_db()
    assert event.rrule == "" and not event.occurrences.exists()


@pytest.mark.django_db
def test_my_events_page(client, team):
    place, manager = team
    draft = make_event(place=place, status="draft", title="Brouillon du bus")
    coming = make_event(place=place, title="Le bus à Névez")
    elsewhere = make_event(title="Chez les autres")
    client.force_login(manager)
    page = client.get(reverse("events:my_events")).content.decode()
    assert draft.title in page and coming.title in page
    assert elsewhere.title not in page
    assert f"?lieu={place.slug}" in page
    # The account page and the place page lead there.
    assert reverse("events:my_events") in client.get(reverse("accounts:home")).content.decode()
    place_page = client.get(place.get_absolute_url()).content.decode()
    assert reverse("events:event_create") + f"?lieu={place.slug}" in place_page


@pytest.mark.django_db
def test_place_calendars_page(client, team, run_tasks):
    place, manager = team
    client.force_login(manager)
    url = reverse("events:place_feeds", args=[place.slug])

    response = client.post(url, {"url": "pas une adresse"})
    assert response.status_code == 400
    assert 'value="pas une adresse"' in response.content.decode()

    # Read by the task queue, not in the request; a private address is refused at reading:
    # the error is shown on the page.
    response = client.post(url, {"url": "webcal://127.0.0.1:9/agenda.ics"}, follow=True)
    feed = CalendarFeed.objects.get()
    assert feed.url == "https://127.0.0.1:9/agenda.ics"
    assert feed.fetched_at is None and "lu dans un instant" in response.content.decode()
    client.post(reverse("events:feed_refresh", args=[place.slug, feed.pk]))
    feed.refresh_from_db()
    assert feed.fetched_at is None
    run_tasks()
    feed.refresh_from_db()
    assert feed.fetched_at is not None
    assert "n&#x27;est pas publique" in client.get(url).content.decode()

    client.post(reverse("events:feed_remove", args=[place.slug, feed.pk]))
    assert not CalendarFeed.objects.exists()


@pytest.mark.django_db
def test_the_dates_page_lists_seats_and_links_to_registrants(client, team):
    place, manager = team
    event = make_event(place=place, capacity=1)
    occurrence = event.occurrences.get()
    registrations.register(occurrence=occurrence, name="Awa")
    registrations.register(occurrence=occurrence, name="Bruno")
    client.force_login(manager)
    page = client.get(reverse("events:event_dates", args=[event.slug])).content.decode()
    assert "1 inscrit sur 1" in page and "1 en attente" in page
    assert reverse("events:registrants", args=[occurrence.uid]) in page
    assert Occurrence.objects.count() == 1


@pytest.mark.django_db
def test_an_image_needs_its_description(client, team, settings, tmp_path):
    import base64

    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGN48eQGAAVcAqUe2cvmAAAAAElFTkSuQmCC"
    )
    place, manager = team
    event = make_event(place=place, status="draft")
    client.force_login(manager)
    url = reverse("events:event_edit", args=[event.slug])

    response = client.post(url, {**EVENT, "image": SimpleUploadedFile("a.png", png, "image/png")})
    assert response.status_code == 400
    assert 'id="id_image_alt_error"' in response.content.decode()

    image = SimpleUploadedFile("a.png", png, "image/png")
    response = client.post(url, {**EVENT, "image": image, "image_alt": "Une tablette"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.image.name.endswith(".png") and event.image_alt == "Une tablette"
    # Saved again without a new file: the image stays.
    client.post(url, {**EVENT, "image_alt": "Une tablette posée sur une table"})
    event.refresh_from_db()
    assert event.image and event.image_alt == "Une tablette posée sur une table"


@pytest.mark.django_db
def test_the_admin_shows_the_agenda(admin_client, team):
    place, _manager = team
    event = make_event(place=place)
    for url in (
        reverse("admin:events_event_changelist"),
        reverse("admin:events_event_change", args=[event.pk]),
        reverse("admin:events_occurrence_changelist"),
        reverse("admin:events_registration_changelist"),
        reverse("admin:events_calendarfeed_changelist"),
    ):
        assert admin_client.get(url).status_code == 200, url
