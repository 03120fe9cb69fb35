"""Organisers' writes: placette.events.services.events (lifecycle, dates, who is told of what)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from placette.core import lifecycle
from placette.events.models import Event, Occurrence, Registration
from placette.events.services import events as services
from placette.events.services import registrations
from placette.places.models import Place
from tests.factories import make_event, make_place
from tests.lifecycle import explore


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.PLACETTE_BASE_URL = "https://lieux.example"  # e-mailed links are on it


# What the old builder stored (the SQLite FTS index and the searches rely on these bytes).
EVENT_SEARCH_TEXTS = [
    (
        {
            "title": "Atelier « Smartphone » : les bases",
            "summary": "Pour débuter",
            "description": "Apportez votre téléphone.",
            "kind": "atelier",
        },
        "atelier smartphone les bases pour debuter apportez votre telephone atelier "
        "mediatheque emile zola saint etienne",
    ),
    (
        {"title": "Café réparation", "summary": "", "description": "", "kind": "inconnu"},
        "cafe reparation inconnu mediatheque emile zola saint etienne",
    ),
]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(("fields", "expected"), EVENT_SEARCH_TEXTS)
def test_search_text_is_unchanged_in_any_language(fields, expected, language):
    place = Place(name="Médiathèque Émile-Zola", commune="Saint-Étienne")
    with translation.override(language):
        assert services.search_text(Event(place=place, **fields)) == expected


def _full(run_tasks, capacity=1, **kwargs):
    """A published event whose one date has Awa (confirmed), Bruno (phone only, waiting) and
    Chloé (waiting); their confirmations sent and forgotten."""
    event = make_event(capacity=capacity, **kwargs)
    occurrence = event.occurrences.get()
    people = [
        registrations.register(occurrence=occurrence, name="Awa", email="awa@example.org"),
        registrations.register(occurrence=occurrence, name="Bruno", phone="06 00 00 00 00"),
        registrations.register(occurrence=occurrence, name="Chloé", email="chloe@example.org"),
    ]
    run_tasks()
    mail.outbox.clear()
    return event, occurrence, people


def _told(run_tasks) -> dict[str, list]:
    run_tasks()
    told = {}
    for message in mail.outbox:
        told.setdefault(message.to[0], []).append(message)
    return told


@pytest.mark.django_db
def test_an_event_starts_as_a_draft_with_its_dates():
    place = make_place(name="EPN de Bréquigny", departement="35")
    start = timezone.now() + timedelta(days=3)
    event = services.create_event(
        place=place,
        fields={"title": "Premiers pas sur smartphone", "kind": "atelier", "capacity": 8},
        dates=[
            {"start": start, "end": start + timedelta(hours=2)},
            {
                "start": start + timedelta(days=7),
                "end": start + timedelta(days=7, hours=2),
                "mode": "outside",
                "venue": "Médiathèque",
                "address": "1 place de la Mairie",
                "postal_code": "29910",
                "commune": "Trégunc",
                "latitude": 47.85,
                "longitude": -3.85,
            },
        ],
    )
    assert event.status == "draft" and event.slug == "premiers-pas-sur-smartphone"
    first, second = event.occurrences.order_by("start")
    assert (first.mode, first.place, first.departement) == ("place", place, "35")
    assert (second.mode, second.place, second.departement, second.commune) == (
        "outside",
        None,
        "29",
        "Trégunc",
    )
    # Titles repeat: slugs do not; our own words are never taken.
    again = services.create_event(place=place, fields={"title": "Premiers pas sur smartphone"})
    assert again.slug == "premiers-pas-sur-smartphone-2"
    assert services.create_event(place=place, fields={"title": "Nouveau"}).slug == (
        "nouveau-evenement"
    )
    assert services.create_event(place=place, fields={"title": "!!!"}).slug == "evenement"
    with pytest.raises(ValueError):
        services.create_event(place=place, fields={"title": "X", "status": "published"})


@pytest.mark.django_db
def test_publishing_needs_a_date_and_happens_once():
    event = services.create_event(place=make_place(), fields={"title": "Sans date"})
    with pytest.raises(services.EventError):
        services.publish(event=event)
    event.refresh_from_db()
    assert event.status == "draft" and event.sequence == 0  # rolled back

    start = timezone.now() + timedelta(days=1)
    services.add_occurrence(event=event, start=start, end=start + timedelta(hours=1))
    services.publish(event=event)
    event.refresh_from_db()
    assert event.status == "published" and event.sequence == 1
    with pytest.raises(services.EventError):
        services.publish(event=event)


@pytest.mark.django_db
def test_a_changed_title_is_told_to_confirmed_and_waiting(run_tasks):
    event, occurrence, (awa, _bruno, chloe) = _full(run_tasks, title="Découpe laser")

    changed = services.update_event(
        event=event,
        fields={"title": "Découpe laser : initiation", "description": "Nouveau texte"},
    )

    assert sorted(changed) == ["description", "title"]
    event.refresh_from_db()
    assert event.sequence == 2  # published, then changed
    told = _told(run_tasks)
    assert sorted(told) == ["awa@example.org", "chloe@example.org"]
    body = told["awa@example.org"][0].body
    assert "Découpe laser → Découpe laser : initiation" in body
    assert f"https://lieux.example/agenda/inscription/{awa.token}/" in body
    assert f"https://lieux.example/agenda/{event.slug}/" in body
    # A description alone is not worth an e-mail, but still a new SEQUENCE.
    mail.outbox.clear()
    services.update_event(event=event, fields={"description": "Encore"})
    event.refresh_from_db()
    assert event.sequence == 3
    assert _told(run_tasks) == {}
    # Nothing changed: nothing happens.
    assert services.update_event(event=event, fields={"description": "Encore"}) == []


@pytest.mark.django_db
def test_more_seats_promote_the_waiting_list(run_tasks):
    event, occurrence, (awa, bruno, chloe) = _full(run_tasks, capacity=1)

    services.update_event(event=event, fields={"capacity": 2})

    statuses = dict(occurrence.registrations.values_list("name", "status"))
    assert statuses == {"Awa": "confirmed", "Bruno": "confirmed", "Chloé": "waiting"}
    services.update_occurrence(occurrence=occurrence, fields={"capacity": 3})
    assert occurrence.registrations.get(name="Chloé").status == "confirmed"
    told = _told(run_tasks)
    assert [m.subject for m in told["chloe@example.org"]] == [
        f"Une place s'est libérée : {event.title}"
    ]


@pytest.mark.django_db
def test_cancelling_the_event_tells_everyone_with_the_reason(run_tasks):
    event, occurrence, _people = _full(run_tasks)
    services.cancel_event(event=event, reason="L'animatrice est malade.")
    event.refresh_from_db()
    assert event.status == "cancelled" and event.sequence == 2
    told = _told(run_tasks)
    assert sorted(told) == ["awa@example.org", "chloe@example.org"]
    message = told["chloe@example.org"][0]
    assert message.subject == f"Annulé : {event.title}"
    assert "L'animatrice est malade." in message.body
    with pytest.raises(services.EventError):
        services.cancel_event(event=event)
    with pytest.raises(services.EventError):
        services.publish(event=event)


@pytest.mark.django_db
def test_postponed_then_moved_then_published_again(run_tasks):
    event, occurrence, (awa, _bruno, _chloe) = _full(run_tasks)
    services.postpone_event(event=event, reason="Travaux dans la salle")
    event.refresh_from_db()
    assert event.status == "postponed"
    with pytest.raises(registrations.RegistrationClosed):
        registrations.register(occurrence=occurrence, name="Driss")

    later = occurrence.start + timedelta(days=21)
    services.move_occurrence(occurrence=occurrence, start=later, end=later + timedelta(hours=2))
    services.publish(event=event)

    event.refresh_from_db()
    assert event.status == "published"
    occurrence.refresh_from_db()
    assert occurrence.registrations.filter(status="confirmed").get().pk == awa.pk
    subjects = [m.subject for m in _told(run_tasks)["awa@example.org"]]
    assert subjects == [
        f"Reporté : {event.title}",
        f"Changement de date : {event.title}",
        f"De nouveau au programme : {event.title}",
    ]


@pytest.mark.django_db
def test_moving_online_changes_every_coming_date(run_tasks):
    event, occurrence, _people = _full(run_tasks)
    past = services.add_occurrence(
        event=event,
        start=timezone.now() - timedelta(days=2),
        end=timezone.now() - timedelta(days=2) + timedelta(hours=1),
    )

    moved = services.move_online(event=event, url="https://visio.example/atelier")

    assert [o.pk for o in moved] == [occurrence.pk]
    occurrence.refresh_from_db()
    past.refresh_from_db()
    assert (occurrence.mode, occurrence.online_url, occurrence.place) == (
        "online",
        "https://visio.example/atelier",
        None,
    )
    assert occurrence.sequence == 1
    assert occurrence.moved_online  # schema.org says EventMovedOnline
    assert past.mode == "place" and not past.moved_online  # the past stays as it was
    told = _told(run_tasks)
    message = told["awa@example.org"][0]
    assert message.subject == f"Désormais en ligne : {event.title}"
    assert "https://visio.example/atelier" in message.body


@pytest.mark.django_db
def test_a_new_place_for_one_date_is_told_to_its_registrants_only(run_tasks):
    event, occurrence, _people = _full(run_tasks)
    start = occurrence.start + timedelta(days=7)
    other = services.add_occurrence(event=event, start=start, end=start + timedelta(hours=2))
    registrations.register(occurrence=other, name="Driss", email="driss@example.org")
    run_tasks()
    mail.outbox.clear()

    changed = services.update_occurrence(
        occurrence=occurrence,
        fields={
            "mode": "outside",
            "venue": "Salle des fêtes",
            "address": "2 rue de l'Église",
            "postal_code": "29920",
            "commune": "Névez",
            "latitude": 47.819,
            "longitude": -3.791,
        },
    )

    assert "mode" in changed and "commune" in changed
    occurrence.refresh_from_db()
    assert (occurrence.place, occurrence.departement, occurrence.from_rule) == (None, "29", False)
    told = _told(run_tasks)
    assert sorted(told) == ["awa@example.org", "chloe@example.org"]
    body = told["awa@example.org"][0].body
    assert "Salle des fêtes, 2 rue de l'Église, 29920 Névez" in body
    # Only the seats: no e-mail about the place.
    mail.outbox.clear()
    services.update_occurrence(occurrence=occurrence, fields={"capacity": 1})
    assert _told(run_tasks) == {}


@pytest.mark.django_db
def test_moving_a_date_keeps_its_first_start():
    event = make_event()
    occurrence = event.occurrences.get()
    first = occurrence.start
    for days in (1, 2):
        services.move_occurrence(
            occurrence=occurrence,
            start=first + timedelta(days=days),
            end=first + timedelta(days=days, hours=2),
        )
    occurrence.refresh_from_db()
    assert occurrence.original_start == first
    assert occurrence.start == first + timedelta(days=2)
    assert occurrence.sequence == 2
    with pytest.raises(services.EventError):
        services.move_occurrence(occurrence=occurrence, start=first, end=first)


@pytest.mark.django_db
def test_cancelling_one_date_leaves_the_others(run_tasks):
    event, occurrence, _people = _full(run_tasks)
    start = occurrence.start + timedelta(days=7)
    other = services.add_occurrence(event=event, start=start, end=start + timedelta(hours=2))

    services.cancel_occurrence(occurrence=occurrence, reason="Panne de courant")

    assert Occurrence.objects.get(pk=other.pk).status == "scheduled"
    occurrence.refresh_from_db()
    assert occurrence.status == "cancelled"
    assert Event.objects.get(pk=event.pk).status == "published"
    message = _told(run_tasks)["awa@example.org"][0]
    assert "Panne de courant" in message.body
    assert "la séance du" in message.body
    assert f"https://lieux.example/agenda/{event.slug}/" in message.body  # the other dates
    with pytest.raises(registrations.RegistrationClosed):
        registrations.register(occurrence=occurrence, name="Driss")


@pytest.mark.django_db
def test_only_an_empty_hand_made_date_can_be_deleted(run_tasks):
    event, occurrence, _people = _full(run_tasks)
    with pytest.raises(services.EventError):
        services.delete_occurrence(occurrence=occurrence)
    start = occurrence.start + timedelta(days=1)
    typo = services.add_occurrence(event=event, start=start, end=start + timedelta(hours=1))
    services.delete_occurrence(occurrence=typo)
    assert list(event.occurrences.all()) == [occurrence]
    assert Registration.objects.count() == 3


@pytest.mark.django_db
def test_the_event_and_date_lifecycles_move_only_along_their_tables():
    statuses = ["draft", "published", "postponed", "cancelled"]
    events = explore(
        Event,
        states=[lambda status=status: make_event(status=status) for status in statuses],
        moves=[
            lambda event: services.publish(event=event),
            lambda event: services.cancel_event(event=event),
            lambda event: services.postpone_event(event=event),
        ],
        refused=(services.EventError,),
    )
    assert events == lifecycle.edges(Event.TRANSITIONS)

    def cancelled():
        return services.cancel_occurrence(occurrence=make_event().occurrences.get())

    dates = explore(
        Occurrence,
        states=[lambda: make_event().occurrences.get(), cancelled],
        moves=[lambda occurrence: services.cancel_occurrence(occurrence=occurrence)],
        refused=(),
    )
    assert dates == lifecycle.edges(Occurrence.TRANSITIONS)
