"""Public registration pages: the form of a date, the personal page, cancellation by link."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from placette.events.models import Registration
from placette.events.services import registrations
from tests.factories import make_event, make_manager, make_place, make_user

pytestmark = pytest.mark.django_db


def _occurrence(**kwargs):
    return make_event(**kwargs).occurrences.get()


def _url(occurrence) -> str:
    return reverse("events:register", kwargs={"uid": occurrence.uid})


def _post(client, occurrence, **data):
    return client.post(_url(occurrence), {"name": "", "email": "", "phone": "", **data})


def test_the_form_page_shows_the_date_and_the_fields():
    occurrence = _occurrence(capacity=5, title="Atelier smartphone")
    html = Client().get(_url(occurrence)).content.decode()
    assert "Atelier smartphone" in html
    assert f'id="reg{occurrence.pk}-name"' in html
    assert "Il reste 5 places." in html
    assert reverse("privacy:page") in html
    assert 'name="homepage"' in html


def test_registering_leads_to_the_personal_page_with_the_link_on_screen(run_tasks):
    occurrence = _occurrence(capacity=5)
    client = Client()
    response = _post(
        client, occurrence, name="Awa Diallo", email="Awa@Example.org", public="seniors"
    )
    registration = Registration.objects.get()
    personal = reverse("events:registration", kwargs={"token": registration.token})
    assert response.status_code == 302 and response["Location"] == personal
    assert (registration.email, registration.public, registration.status) == (
        "awa@example.org",
        "seniors",
        "confirmed",
    )
    html = client.get(personal).content.decode()
    assert "Vous êtes inscrit·e" in html
    assert f"http://testserver{personal}" in html  # the link, for who has no e-mail
    assert "Annuler mon inscription" in html
    # The greeting is shown once; the page itself stays.
    again = client.get(personal).content.decode()
    assert "Vous êtes inscrit·e" not in again and "Inscription confirmée" in again
    run_tasks()
    assert mail.outbox[0].to == ["awa@example.org"]
    assert f"{settings.PLACETTE_BASE_URL}{personal}" in mail.outbox[0].body


def test_a_phone_number_is_enough_and_no_mail_is_sent(run_tasks):
    occurrence = _occurrence()
    response = _post(Client(), occurrence, name="Bruno", phone="06 12 34 56 78")
    assert response.status_code == 302
    assert Registration.objects.get().phone == "06 12 34 56 78"
    run_tasks()
    assert mail.outbox == []


def test_without_email_nor_phone_the_form_comes_back_with_what_was_typed():
    occurrence = _occurrence()
    response = _post(Client(), occurrence, name="Chloé Martin", public="familles")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Chloé Martin"' in html
    assert '<option value="familles" selected>' in html
    assert "Indiquez un courriel ou un numéro de téléphone" in html
    # The error is tied to the e-mail field and listed at the top.
    assert f'id="reg{occurrence.pk}-email_error"' in html
    assert re.search(rf'aria-describedby="[^"]*reg{occurrence.pk}-email_error"', html)
    assert 'aria-invalid="true"' in html
    assert f'href="#reg{occurrence.pk}-email"' in html
    assert Registration.objects.count() == 0


def test_a_wrong_phone_number_is_refused_and_kept():
    occurrence = _occurrence()
    response = _post(Client(), occurrence, name="D", phone="appelez-moi")
    assert response.status_code == 400
    assert 'value="appelez-moi"' in response.content.decode()
    assert Registration.objects.count() == 0


def test_a_full_date_says_waiting_list_before_and_after(run_tasks):
    occurrence = _occurrence(capacity=1)
    registrations.register(occurrence=occurrence, name="A", email="a@example.org")
    html = Client().get(_url(occurrence)).content.decode()
    assert "Complet : en vous inscrivant, vous serez sur la liste d’attente" in html
    assert "M’inscrire sur la liste d’attente" in html
    client = Client()
    response = _post(client, occurrence, name="B", email="b@example.org")
    b = Registration.objects.get(email="b@example.org")
    assert b.status == "waiting"
    html = client.get(response["Location"]).content.decode()
    assert "Vous êtes sur la liste d’attente" in html
    assert "vous êtes n° 1" in html


def test_registering_twice_offers_the_link_by_email_only(run_tasks):
    occurrence = _occurrence()
    first = registrations.register(occurrence=occurrence, name="A", email="a@example.org")
    response = _post(Client(), occurrence, name="A encore", email="a@example.org")
    assert response.status_code == 409
    html = response.content.decode()
    assert "Cette adresse est déjà inscrite à cette date." in html
    assert first.token not in html  # whoever types an address must not get its link
    assert 'value="A encore"' in html
    run_tasks()
    mail.outbox.clear()

    resend = reverse("events:resend_link", kwargs={"uid": occurrence.uid})
    response = Client().post(resend, {"email": "a@example.org"})
    assert response.status_code == 302
    unknown = Client().post(resend, {"email": "nobody@example.org"}, follow=True)
    assert "Si cette adresse est inscrite" in unknown.content.decode()  # same answer
    run_tasks()
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert first.token in mail.outbox[0].body
    assert Registration.objects.count() == 1


def test_closed_dates_refuse_registration():
    past = _occurrence(starts_in_days=-2)
    html = Client().get(_url(past)).content.decode()
    assert "Les inscriptions à cette date sont closes." in html
    assert '<form method="post" action="' + _url(past) not in html
    response = _post(Client(), past, name="X", email="x@example.org")
    assert response.status_code == 409
    assert Registration.objects.count() == 0
    draft = _occurrence(status="draft")
    assert Client().get(_url(draft)).status_code == 404


def test_the_honeypot_stores_nothing():
    occurrence = _occurrence()
    response = _post(
        Client(), occurrence, name="Bot", email="bot@example.org", homepage="http://spam"
    )
    assert response.status_code == 302
    assert Registration.objects.count() == 0


def test_registrations_are_rate_limited_per_address(settings):
    settings.PLACETTE_REGISTRATION_RATE_IP = "2/h"
    occurrence = _occurrence(capacity=None)
    client = Client()
    for n in range(2):
        assert _post(client, occurrence, name=f"P{n}", email=f"p{n}@example.org").status_code == 302
    response = _post(client, occurrence, name="Trois", email="p3@example.org")
    assert response.status_code == 429
    assert 'value="Trois"' in response.content.decode()
    assert Registration.objects.count() == 2


def test_a_signed_in_person_is_linked_and_the_organiser_sees_the_roster_link():
    place = make_place()
    occurrence = _occurrence(place=place)
    user = make_user(email="lea@example.org")
    client = Client()
    client.force_login(user)
    html = client.get(_url(occurrence)).content.decode()
    assert 'value="lea@example.org"' in html  # prefilled from the account
    assert reverse("events:registrants", kwargs={"uid": occurrence.uid}) not in html
    _post(client, occurrence, name="Léa", email="lea@example.org")
    assert Registration.objects.get().user == user
    manager = Client()
    manager.force_login(make_manager(place))
    html = manager.get(_url(occurrence)).content.decode()
    assert reverse("events:registrants", kwargs={"uid": occurrence.uid}) in html


def test_cancel_by_link_asks_first_then_promotes_and_emails_the_next(run_tasks):
    occurrence = _occurrence(capacity=1)
    a = registrations.register(occurrence=occurrence, name="A", email="a@example.org")
    b = registrations.register(occurrence=occurrence, name="B", email="b@example.org")
    run_tasks()
    mail.outbox.clear()
    personal = reverse("events:registration", kwargs={"token": a.token})
    cancel = reverse("events:registration_cancel", kwargs={"token": a.token})
    client = Client()
    assert cancel in client.get(personal).content.decode()
    confirm = client.get(cancel)
    assert "Oui, annuler mon inscription" in confirm.content.decode()
    assert Registration.objects.get(pk=a.pk).status == "confirmed"  # a GET cancels nothing

    response = client.post(cancel, follow=True)
    assert "Votre inscription est annulée" in response.content.decode()
    assert "Inscription annulée." in response.content.decode()
    assert Registration.objects.get(pk=a.pk).status == "cancelled"
    assert Registration.objects.get(pk=b.pk).status == "confirmed"
    run_tasks()
    assert [m.to for m in mail.outbox] == [["b@example.org"]]
    assert "Une place s'est libérée" in mail.outbox[0].subject
    assert f"{settings.PLACETTE_BASE_URL}/agenda/inscription/{b.token}/" in mail.outbox[0].body
    # Cancelling again changes nothing.
    client.post(cancel)
    assert Registration.objects.filter(status="confirmed").count() == 1


def test_unknown_token_is_404():
    assert Client().get("/agenda/inscription/pas-un-jeton/").status_code == 404
    assert Client().post("/agenda/inscription/pas-un-jeton/annuler/").status_code == 404


def test_a_started_date_cannot_be_cancelled_by_link():
    occurrence = _occurrence()
    registration = registrations.register(occurrence=occurrence, name="A", phone="0612345678")
    type(occurrence).objects.filter(pk=occurrence.pk).update(
        start=occurrence.start.replace(year=occurrence.start.year - 1),
        end=occurrence.end.replace(year=occurrence.end.year - 1),
    )
    cancel = reverse("events:registration_cancel", kwargs={"token": registration.token})
    Client().post(cancel)
    assert Registration.objects.get(pk=registration.pk).status == "confirmed"


def test_posts_without_csrf_token_are_refused():
    occurrence = _occurrence()
    registration = registrations.register(occurrence=occurrence, name="A", phone="0612345678")
    client = Client(enforce_csrf_checks=True)
    assert _post(client, occurrence, name="B", phone="0612345679").status_code == 403
    cancel = reverse("events:registration_cancel", kwargs={"token": registration.token})
    assert client.post(cancel).status_code == 403
    resend = reverse("events:resend_link", kwargs={"uid": occurrence.uid})
    assert client.post(resend, {"email": "a@example.org"}).status_code == 403
    assert Registration.objects.filter(status="confirmed").count() == 1


def test_the_event_page_includes_the_box_of_each_open_date():
    event = make_event(capacity=3)
    occurrence = event.occurrences.get()
    html = Client().get(event.get_absolute_url()).content.decode()
    assert f'action="{_url(occurrence)}"' in html
    assert f'id="reg{occurrence.pk}-name"' in html
    assert "Il reste 3 places." in html
