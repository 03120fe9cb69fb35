"""The organiser's page of a date: who may see it, registering someone, cancelling,
attendance, CSV export."""

import csv
import html as html_lib
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from placette.events.models import Occurrence, Registration
from placette.events.services import registrations
from tests.factories import make_event, make_manager, make_moderator, make_place, make_user

pytestmark = pytest.mark.django_db


def _occurrence(**kwargs):
    return make_event(**kwargs).occurrences.get()


def _url(name, occurrence, **kwargs) -> str:
    return reverse(f"events:{name}", kwargs={"uid": occurrence.uid, **kwargs})


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def setup():
    place = make_place(name="EPN du Blosne")
    occurrence = _occurrence(place=place, capacity=2, title="Premiers pas sur tablette")
    manager = make_manager(place)
    return place, occurrence, manager


def test_only_the_places_team_and_moderators_see_the_registrants(setup):
    place, occurrence, manager = setup
    registrations.register(occurrence=occurrence, name="Awa", email="awa@example.org")
    url = _url("registrants", occurrence)

    visitor = Client().get(url)
    assert visitor.status_code == 302 and reverse("account_login") in visitor["Location"]
    other_manager = make_manager(make_place())  # manages place B
    assert _client(other_manager).get(url).status_code == 403
    assert _client(make_user()).get(url).status_code == 403
    page = _client(manager).get(url)
    assert page.status_code == 200 and "Awa" in page.content.decode()
    assert _client(make_moderator()).get(url).status_code == 200


def test_another_places_organiser_cannot_post_anything(setup):
    place, occurrence, manager = setup
    a = registrations.register(occurrence=occurrence, name="Awa", email="awa@example.org")
    intruder = _client(make_manager(make_place()))
    responses = [
        intruder.post(_url("registrant_add", occurrence), {"name": "Intrus"}),
        intruder.post(_url("registrant_cancel", occurrence, pk=a.pk)),
        intruder.post(_url("attendance", occurrence, pk=a.pk), {"attendance": "present"}),
        intruder.get(_url("registrants_csv", occurrence)),
    ]
    assert [r.status_code for r in responses] == [403, 403, 403, 403]
    anonymous = Client().post(_url("attendance", occurrence, pk=a.pk), {"attendance": "absent"})
    assert anonymous.status_code == 302
    a.refresh_from_db()
    assert (a.status, a.attendance) == ("confirmed", "")
    assert Registration.objects.count() == 1


def test_a_registration_of_another_date_is_not_reachable_through_this_one(setup):
    place, occurrence, manager = setup
    elsewhere = _occurrence()  # another place's date
    theirs = registrations.register(occurrence=elsewhere, name="X", phone="0600000000")
    response = _client(manager).post(
        _url("attendance", occurrence, pk=theirs.pk), {"attendance": "present"}
    )
    assert response.status_code == 404


def test_the_page_lists_registrants_waiting_list_and_counts(setup):
    place, occurrence, manager = setup
    registrations.register(occurrence=occurrence, name="Zoé", email="zoe@example.org")
    registrations.register(
        occurrence=occurrence, name="Awa", phone="06 11 22 33 44", public="seniors", by=manager
    )
    registrations.register(occurrence=occurrence, name="Chloé", email="chloe@example.org")
    html = _client(manager).get(_url("registrants", occurrence)).content.decode()
    assert "2 inscrits sur 2 places" in html
    assert "1 en liste d’attente" in html
    assert html.index("Awa") < html.index("Zoé") < html.index("Chloé")  # roll call by name
    assert 'href="tel:0611223344"' in html and "Seniors" in html
    assert "C’est complet : elle ira sur la liste d’attente." in html


def test_a_mediator_registers_someone_by_name_alone(setup, run_tasks):
    place, occurrence, manager = setup
    client = _client(manager)
    response = client.post(
        _url("registrant_add", occurrence),
        {"name": "  Monsieur   Robert ", "email": "", "phone": "", "public": "seniors"},
    )
    assert response.status_code == 302
    robert = Registration.objects.get()
    assert (robert.name, robert.registered_by, robert.public, robert.status) == (
        "Monsieur Robert",
        manager,
        "seniors",
        "confirmed",
    )
    # Errors keep what was typed.
    response = client.post(
        _url("registrant_add", occurrence), {"name": "", "phone": "pas un numéro"}
    )
    assert response.status_code == 400
    assert 'value="pas un numéro"' in response.content.decode()
    run_tasks()
    assert mail.outbox == []


def test_the_organiser_may_add_a_walk_in_after_the_start(setup):
    place, occurrence, manager = setup
    started = timezone.now() - timedelta(minutes=30)
    Occurrence.objects.filter(pk=occurrence.pk).update(
        start=started, end=started + timedelta(hours=2)
    )
    response = _client(manager).post(
        _url("registrant_add", occurrence), {"name": "Sans inscription"}
    )
    assert response.status_code == 302
    assert Registration.objects.get().name == "Sans inscription"
    # The public form is closed by then.
    public = Client().post(
        _url("register", occurrence), {"name": "Tard", "email": "tard@example.org"}
    )
    assert public.status_code == 409


def test_cancel_by_the_organiser_asks_then_promotes(setup, run_tasks):
    place, occurrence, manager = setup
    a = registrations.register(occurrence=occurrence, name="A", phone="0600000001")
    registrations.register(occurrence=occurrence, name="B", phone="0600000002")
    c = registrations.register(occurrence=occurrence, name="C", email="c@example.org")
    client = _client(manager)
    url = _url("registrant_cancel", occurrence, pk=a.pk)
    assert "Oui, annuler cette inscription" in client.get(url).content.decode()
    assert Registration.objects.get(pk=a.pk).status == "confirmed"
    page = html_lib.unescape(client.post(url, follow=True).content.decode())
    assert "L'inscription de A est annulée." in page
    assert "Passe de la liste d'attente aux inscrits : C." in page
    assert Registration.objects.get(pk=c.pk).status == "confirmed"
    run_tasks()
    assert [m.to for m in mail.outbox if "libérée" in m.subject] == [["c@example.org"]]


def test_attendance_toggles_without_and_with_javascript(setup):
    place, occurrence, manager = setup
    a = registrations.register(occurrence=occurrence, name="A", phone="0600000001")
    registrations.register(occurrence=occurrence, name="B", phone="0600000002")
    waiting = registrations.register(occurrence=occurrence, name="W", phone="0600000003")
    client = _client(manager)
    url = _url("attendance", occurrence, pk=a.pk)

    response = client.post(url, {"attendance": "present"})
    assert response.status_code == 302 and response["Location"].endswith(f"#r{a.pk}")
    a.refresh_from_db()
    assert a.attendance == "present"
    html = client.get(_url("registrants", occurrence)).content.decode()
    # Pressed "Présent" now clears it; "Absent" sets absent.
    assert 'value="" data-value="present" aria-pressed="true"' in html
    assert 'value="absent" data-value="absent" aria-pressed="false"' in html

    response = client.post(url, {"attendance": "absent"}, headers={"Accept": "application/json"})
    assert response.json() == {
        "attendance": "absent",
        "label": "absent",
        "counts": {"present": 0, "absent": 1, "not_taken": 1},
    }
    client.post(url, {"attendance": ""})
    a.refresh_from_db()
    assert a.attendance == ""
    assert client.post(url, {"attendance": "peut-être"}).status_code == 400
    no_seat = client.post(_url("attendance", occurrence, pk=waiting.pk), {"attendance": "present"})
    assert no_seat.status_code == 400


def test_csv_export(setup):
    place, occurrence, manager = setup
    a = registrations.register(
        occurrence=occurrence, name="Awa, dite « la fée »", email="awa@example.org", public="femmes"
    )
    registrations.register(
        occurrence=occurrence, name="=HYPERLINK(1)", phone="+33 6 12", by=manager
    )
    registrations.register(occurrence=occurrence, name="Chloé", email="chloe@example.org")
    registrations.set_attendance(registration=a, attendance="present")
    response = _client(manager).get(_url("registrants_csv", occurrence))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    raw = response.content.decode("utf-8")
    assert raw.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(raw[1:])))
    assert rows[0] == [
        "nom",
        "courriel",
        "téléphone",
        "public",
        "statut",
        "présence",
        "inscrit le",
        "inscrit par",
    ]
    assert rows[1][:6] == ["'=HYPERLINK(1)", "", "+33 6 12", "", "inscrit", "non pointé"]
    assert rows[1][7] == manager.email
    assert rows[2][:6] == [
        "Awa, dite « la fée »",
        "awa@example.org",
        "",
        "Femmes",
        "inscrit",
        "présent",
    ]
    assert rows[3][:6] == ["Chloé", "chloe@example.org", "", "", "en liste d'attente", ""]
    assert len(rows) == 4


def test_posts_without_csrf_are_refused(setup):
    place, occurrence, manager = setup
    a = registrations.register(occurrence=occurrence, name="A", phone="0600000001")
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    assert (
        client.post(_url("attendance", occurrence, pk=a.pk), {"attendance": "present"}).status_code
        == 403
    )
    assert client.post(_url("registrant_add", occurrence), {"name": "B"}).status_code == 403
    assert client.post(_url("registrant_cancel", occurrence, pk=a.pk)).status_code == 403
    a.refresh_from_db()
    assert (a.status, a.attendance, Registration.objects.count()) == ("confirmed", "", 1)


def test_holds_not_confirmed_are_a_count_not_names(setup):
    """Seats held for addresses not confirmed: counted (they are taken for now), but nobody's
    on the roll, the waiting list, the cancelled list or the CSV."""
    place, occurrence, manager = setup
    registrations.register(occurrence=occurrence, name="Zoé", email="zoe@example.org")
    registrations.register(
        occurrence=occurrence, name="Squatteur", email="x@nowhere.invalid", hold=True
    )
    registrations.register(
        occurrence=occurrence, name="Attente", email="y@nowhere.invalid", hold=True
    )
    client = _client(manager)
    html = client.get(_url("registrants", occurrence)).content.decode()
    assert "1 inscrits sur 2 places" in html and "0 en liste d’attente" in html
    assert "1 place gardée le temps qu’une adresse soit confirmée" in html
    assert "C’est complet : elle ira sur la liste d’attente." in html
    export = client.get(_url("registrants_csv", occurrence)).content.decode()
    for text in (html, export):
        assert "Squatteur" not in text and "Attente" not in text
    # Their time passed: the seat is free again, and they left no trace in the lists.
    Registration.objects.filter(email__endswith="nowhere.invalid").update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    html = client.get(_url("registrants", occurrence)).content.decode()
    assert "gardée" not in html and "C’est complet" not in html
    registrations.register(occurrence=occurrence, name="Awa", phone="0611223344", by=manager)
    html = client.get(_url("registrants", occurrence)).content.decode()
    assert "2 inscrits sur 2 places" in html and "Squatteur" not in html


def test_a_mediator_registering_by_phone_is_told_the_code_to_pass_on(setup):
    place, occurrence, manager = setup
    client = _client(manager)
    response = client.post(
        _url("registrant_add", occurrence),
        {"name": "Bruno", "email": "", "phone": "06 12 34 56 78", "public": ""},
        follow=True,
    )
    code = Registration.objects.get().code
    html = response.content.decode()
    assert len(code) == 6
    assert f"Son code pour annuler : {code}." in html
    assert f"code {code}" in html  # beside the person on the list
    assert "·e" not in html
