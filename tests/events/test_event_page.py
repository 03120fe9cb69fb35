"""The event page /agenda/<slug>/: details, dates, schema.org JSON-LD, OpenGraph, drafts."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from placette.events.models import Event, Occurrence
from placette.events.services import events as services
from placette.events.services import registrations
from tests.factories import make_event, make_manager, make_moderator, make_place, make_user

pytestmark = pytest.mark.django_db

REQUIRED = {"name", "startDate", "location"}
RECOMMENDED = {
    "description",
    "endDate",
    "eventAttendanceMode",
    "eventStatus",
    "offers",
    "organizer",
}
OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


def blocks(html: str) -> list[dict]:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(text) for text in found]


def page(client, event: Event, **kwargs) -> str:
    response = client.get(event.get_absolute_url(), **kwargs)
    assert response.status_code == 200
    return response.content.decode()


def fablab():
    return make_place(
        name="Fablab des Lices",
        address="2 rue des Lices",
        postal_code="35000",
        commune="Rennes",
        latitude=48.11,
        longitude=-1.68,
        phone="02 99 00 00 00",
    )


def test_event_page_shows_details_and_dates(client):
    event = make_event(
        title="Réparer son ordinateur",
        place=fablab(),
        capacity=8,
        summary="On démonte, on comprend, on répare.",
        description="Apportez votre machine.",
        themes=["outils-quotidien"],
        publics=["seniors"],
        accessibility=["fauteuil", "falc"],
        is_free=False,
        price="5 € (2 € réduit)",
        starts_in_days=3,
    )
    occurrence = event.occurrences.get()
    registrations.register(occurrence=occurrence, name="Awa", phone="0600000000")

    html = page(client, event)

    assert "<h1>Réparer son ordinateur</h1>" in html
    assert "On démonte, on comprend, on répare." in html
    assert "Apportez votre machine." in html
    assert "Maîtrise des outils numériques du quotidien" in html
    assert "Seniors" in html
    assert "Accessible en fauteuil roulant, Facile à lire et à comprendre (FALC)" in html
    assert "5 € (2 € réduit)" in html
    assert "7 places restantes" in html
    assert "Fablab des Lices" in html and "2 rue des Lices" in html
    assert f'href="/agenda/{event.slug}.ics?date={occurrence.uid}"' in html
    assert "Ajouter à mon agenda" in html
    assert f'href="/agenda/{event.slug}/affiche.pdf"' in html


def test_each_date_of_a_series_has_its_place_and_calendar_link(client):
    event = make_event(title="Tournée numérique", starts_in_days=1)
    start = timezone.now() + timedelta(days=2)
    stops = [
        services.add_occurrence(
            event=event,
            start=start + timedelta(days=n),
            end=start + timedelta(days=n, hours=2),
            mode="outside",
            venue=f"Salle des fêtes {n}",
            postal_code="35470",
            commune="Bain-de-Bretagne",
            latitude=47.84,
            longitude=-1.68,
        )
        for n in range(3)
    ]
    html = page(client, event)
    for stop in stops:
        assert f'id="date-{stop.uid}"' in html
        assert f"?date={stop.uid}" in html
    for n in range(3):
        assert f"Salle des fêtes {n}" in html
    assert len(blocks(html)) == 4


def test_jsonld_has_what_google_requires_and_recommends(client):
    event = make_event(
        title="Atelier smartphone",
        place=fablab(),
        summary="Prendre en main son téléphone.",
        starts_in_days=5,
    )
    occurrence = event.occurrences.get()

    [data] = blocks(page(client, event))

    assert set(data) >= REQUIRED | RECOMMENDED
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Atelier smartphone"
    assert OFFSET.match(data["startDate"]) and OFFSET.match(data["endDate"])
    assert data["startDate"] == timezone.localtime(occurrence.start).isoformat()
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {
        "@type": "Place",
        "name": "Fablab des Lices",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "2 rue des Lices",
            "postalCode": "35000",
            "addressLocality": "Rennes",
            "addressCountry": "FR",
        },
        "geo": {"@type": "GeoCoordinates", "latitude": 48.11, "longitude": -1.68},
    }
    url = f"http://testserver/agenda/{event.slug}/"
    assert data["url"] == url
    assert data["offers"] == {
        "@type": "Offer",
        "url": url,
        "price": "0",
        "priceCurrency": "EUR",
        "availability": "https://schema.org/InStock",
    }
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "Fablab des Lices",
        "url": f"http://testserver{event.place.get_absolute_url()}",
    }
    assert data["description"] == "Prendre en main son téléphone."


def test_jsonld_online_hybrid_sold_out_and_price(client):
    event = make_event(capacity=1, is_free=False, price="Participation : 3,50 €", starts_in_days=2)
    occurrence = event.occurrences.get()
    registrations.register(occurrence=occurrence, name="Awa", phone="0600000000")
    start = occurrence.start + timedelta(days=7)
    services.add_occurrence(
        event=event,
        start=start,
        end=start + timedelta(hours=2),
        mode="online",
        online_url="https://visio.example/salle",
    )
    services.add_occurrence(
        event=event,
        start=start + timedelta(days=7),
        end=start + timedelta(days=7, hours=2),
        mode="hybrid",
        online_url="https://visio.example/salle",
    )

    full, online, hybrid = blocks(page(client, event))

    assert full["offers"]["availability"] == "https://schema.org/SoldOut"
    assert full["offers"]["price"] == "3.50"
    assert online["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    # With registration, the connection link goes to registrants: the page stands for it.
    assert online["location"] == {
        "@type": "VirtualLocation",
        "url": f"http://testserver/agenda/{event.slug}/",
    }
    assert hybrid["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [location["@type"] for location in hybrid["location"]] == ["Place", "VirtualLocation"]


def test_online_link_is_public_without_registration(client):
    event = make_event(registration=False, capacity=None, starts_in_days=2)
    services.update_occurrence(
        occurrence=event.occurrences.get(),
        fields={"mode": "online", "online_url": "https://visio.example/ouvert"},
    )
    html = page(client, event)
    [data] = blocks(html)
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://visio.example/ouvert"}
    assert 'href="https://visio.example/ouvert"' in html


@pytest.mark.parametrize(
    ("change", "status"),
    [
        (lambda e: services.cancel_event(event=e), "EventCancelled"),
        (lambda e: services.postpone_event(event=e), "EventPostponed"),
        (
            lambda e: services.move_occurrence(
                occurrence=e.occurrences.get(),
                start=e.occurrences.get().start + timedelta(days=1),
                end=e.occurrences.get().end + timedelta(days=1),
            ),
            "EventRescheduled",
        ),
        (
            lambda e: services.move_online(event=e, url="https://visio.example/atelier"),
            "EventMovedOnline",
        ),
    ],
)
def test_jsonld_event_status_follows_the_lifecycle(client, change, status):
    event = make_event(starts_in_days=4)
    before = event.occurrences.get().start
    change(event)
    event.refresh_from_db()
    [data] = blocks(page(client, event))
    assert data["eventStatus"] == f"https://schema.org/{status}"
    if status == "EventRescheduled":
        assert data["previousStartDate"] == timezone.localtime(before).isoformat()


def test_cancelled_event_stays_visible_as_cancelled(client):
    event = make_event(title="Atelier supprimé", starts_in_days=4)
    services.cancel_event(event=event)
    html = page(client, event)
    assert "Cet événement est annulé." in html
    assert "state-cancelled" in html


def test_jsonld_cannot_close_its_script(client):
    event = make_event(title="</script><script>alert(1)</script>", starts_in_days=2)
    html = page(client, event)
    assert "<script>alert(1)" not in html
    [data] = blocks(html)
    assert data["name"] == "</script><script>alert(1)</script>"


def test_opengraph_tags(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    event = make_event(title="Fête du libre", summary="Install party.", starts_in_days=2)
    html = page(client, event)
    url = f"http://testserver/agenda/{event.slug}/"
    assert '<meta property="og:title" content="Fête du libre">' in html
    assert '<meta property="og:description" content="Install party.">' in html
    assert '<meta property="og:type" content="website">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert f'<link rel="canonical" href="{url}">' in html
    assert "og:image" not in html

    Event.objects.filter(pk=event.pk).update(image="events/2025/fete.png", image_alt="Des gens")
    html = page(client, event)
    assert (
        '<meta property="og:image" content="http://testserver/media/events/2025/fete.png">' in html
    )
    [data] = blocks(html)
    assert data["image"] == ["http://testserver/media/events/2025/fete.png"]
    assert '<img class="event-image" src="/media/events/2025/fete.png" alt="Des gens">' in html


def test_draft_is_hidden_from_the_public_but_not_from_its_organisers(client):
    place = make_place()
    event = make_event(place=place, status="draft", starts_in_days=2)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get(f"/agenda/{event.slug}.ics").status_code == 404
    assert client.get(f"/agenda/{event.slug}/affiche.pdf").status_code == 404
    assert "agenda-title" not in client.get("/agenda/").content.decode()

    client.force_login(make_user())
    assert client.get(event.get_absolute_url()).status_code == 404

    client.force_login(make_manager(place))
    html = page(client, event)
    assert "Brouillon" in html
    assert '<meta name="robots" content="noindex">' in html

    client.force_login(make_moderator())
    assert client.get(event.get_absolute_url()).status_code == 200


def test_unknown_event_is_404(client):
    assert client.get("/agenda/nulle-part/").status_code == 404


def test_registration_form_is_on_each_open_date(client):
    event = make_event(starts_in_days=2)
    occurrence = event.occurrences.get()
    html = page(client, event)
    assert f'action="/agenda/dates/{occurrence.uid}/inscription/"' in html


def test_past_dates_are_listed_apart(client):
    event = make_event(starts_in_days=3)
    past = timezone.now() - timedelta(days=10)
    Occurrence.objects.create(
        event=event, start=past, end=past + timedelta(hours=2), place=event.place
    )
    html = page(client, event)
    assert "1 date passée" in html
    assert len(blocks(html)) == 1  # JSON-LD describes the coming date


def test_a_series_shows_one_form_with_a_choice_of_date(client):
    event = make_event(starts_in_days=1, capacity=1)
    start = timezone.now() + timedelta(days=2)
    later = [
        services.add_occurrence(
            event=event, start=start + timedelta(days=n), end=start + timedelta(days=n, hours=1)
        )
        for n in range(4)
    ]
    first = event.occurrences.order_by("start").first()
    registrations.register(occurrence=first, name="Awa", phone="0600000000")
    html = page(client, event)
    assert html.count('class="stack-form register-form"') == 1
    assert html.count('name="name"') == 1
    assert f'action="/agenda/{event.slug}/inscription/"' in html
    for occurrence in [first, *later]:
        assert f'type="radio" name="date" value="{occurrence.uid}"' in html
    # The full date is marked: choosing it puts one on the waiting list.
    assert html.count("complet : liste d’attente") == 1
    assert html.count("1 place restante") >= 4


def test_organisers_find_their_way_to_the_dates_page(client):
    from django.urls import reverse

    from tests.factories import make_manager, make_user

    event = make_event(starts_in_days=3)
    dates_url = reverse("events:event_dates", args=[event.slug])
    assert dates_url not in page(client, event)
    client.force_login(make_user())
    assert dates_url not in page(client, event)
    client.force_login(make_manager(event.place))
    assert dates_url in page(client, event)


def test_french_content_is_marked_in_the_english_interface(client, settings):
    event = make_event(place=make_place(name="Le Biome"), title="Atelier tablette")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("fr"):  # the request activates English: not past this test
        html = page(client, event)
        english = make_event(title="Coding club", language="en")
        english_html = page(client, english)
    assert '<html lang="en">' in html
    assert '<h1 lang="fr">Atelier tablette</h1>' in html
    assert re.search(r'<a href="/lieux/[^"]+/" lang="fr">Le Biome</a>', html)
    assert "<h1>Coding club</h1>" in english_html
