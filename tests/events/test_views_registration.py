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


def _link(message) -> str:
    """The personal page's path in an e-mail."""
    return re.search(r"https?://[^/\s]+(/agenda/inscription/[\w-]+/)", message.body).group(1)


def test_registering_by_email_holds_the_seat_until_the_mailed_link_confirms(run_tasks):
    occurrence = _occurrence(capacity=5)
    client = Client()
    response = _post(
        client, occurrence, name="Awa Diallo", email="Awa@Example.org", public="seniors"
    )
    registration = Registration.objects.get()
    sent = reverse("events:registration_sent", kwargs={"uid": occurrence.uid})
    assert response.status_code == 302 and response["Location"] == sent
    assert (registration.email, registration.public, registration.status) == (
        "awa@example.org",
        "seniors",
        "pending",
    )
    html = client.get(sent).content.decode()
    assert "Regardez votre boîte e-mail" in html and "awa@example.org" in html
    assert registration.token not in html  # only the mailbox's owner gets the link
    assert registrations.seats_left(occurrence) == 4  # held meanwhile
    run_tasks()
    [message] = mail.outbox
    assert message.to == ["awa@example.org"]
    assert "Confirmez votre inscription" in message.subject
    personal = reverse("events:registration", kwargs={"token": registration.token})
    assert _link(message) == personal
    mail.outbox.clear()

    page = client.get(personal).content.decode()
    assert "Inscription à confirmer" in page and "Confirmer mon inscription" in page
    confirm = reverse("events:registration_confirm", kwargs={"token": registration.token})
    assert client.get(confirm).status_code == 405  # mail scanners follow links: no GET
    page = client.post(confirm, follow=True).content.decode()
    assert "Merci, votre inscription est confirmée." in page
    assert "Inscription confirmée : une place vous est réservée." in page
    assert "Confirmer mon inscription" not in page
    assert Registration.objects.get().status == "confirmed"
    run_tasks()
    [message] = mail.outbox
    assert "Inscription confirmée" in message.subject
    assert f"{settings.PLACETTE_BASE_URL}{personal}" in message.body


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
    assert "Indiquez une adresse e-mail ou un numéro de téléphone" in html
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
    _post(client, occurrence, name="B", email="b@example.org")
    b = Registration.objects.get(email="b@example.org")
    assert b.status == "waiting" and b.expires_at is not None
    confirm = reverse("events:registration_confirm", kwargs={"token": b.token})
    html = client.post(confirm, follow=True).content.decode()
    assert "vous êtes n° 1" in html
    b.refresh_from_db()
    assert b.status == "waiting" and b.expires_at is None  # confirmed, still in line


def _same_page(html: str, email: str) -> str:
    html = html.replace(email, "ADDRESS")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_registered_or_not_an_address_gets_the_same_answer(run_tasks):
    occurrence = _occurrence(capacity=5)
    first = registrations.register(occurrence=occurrence, name="A", email="a@example.org")
    run_tasks()
    mail.outbox.clear()
    answers = []
    for email in ("a@example.org", "new@example.org"):
        client = Client()
        response = _post(client, occurrence, name="Quelqu'un", email=email)
        page = client.get(response["Location"])
        answers.append((response.status_code, response["Location"], page.status_code))
        answers.append(_same_page(page.content.decode(), email))
    assert answers[0] == answers[2] and answers[0][0] == 302
    assert answers[1] == answers[3]  # the same HTML, but for the address typed
    assert first.token not in answers[1]
    run_tasks()
    mails = {m.to[0]: m for m in mail.outbox}
    # The registered address gets its own link again, and nothing changes for it.
    assert "Inscription déjà faite" in mails["a@example.org"].subject
    assert first.token in mails["a@example.org"].body
    assert "Confirmez votre inscription" in mails["new@example.org"].subject
    assert Registration.objects.filter(email="a@example.org").count() == 1


def test_registering_twice_offers_the_link_by_email_only(run_tasks):
    occurrence = _occurrence()
    first = registrations.register(occurrence=occurrence, name="A", email="a@example.org")
    resend = reverse("events:resend_link", kwargs={"uid": occurrence.uid})
    response = Client().post(resend, {"email": "a@example.org"})
    assert response.status_code == 302
    unknown = Client().post(resend, {"email": "nobody@example.org"}, follow=True)
    assert "Si cette adresse est inscrite" in unknown.content.decode()  # same answer
    run_tasks()
    mail.outbox[:] = [m for m in mail.outbox if "Inscription confirmée" not in m.subject]
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert first.token in mail.outbox[0].body
    assert Registration.objects.count() == 1


def test_mail_to_an_address_not_confirmed_carries_no_text_of_the_sender(run_tasks):
    """Nothing typed on the form reaches the address but the start of the name."""
    occurrence = _occurrence(capacity=5)
    pitch = "Bonjour ! Gagnez 1000 euros : écrivez à gains@arnaque.example, vite"
    name = "Jean Dupont " + pitch
    _post(Client(), occurrence, name=name, email="victim@example.org", phone="06 11 22 33 44")
    _post(Client(), occurrence, name=name, email="victim@example.org")  # the "already" mail
    run_tasks()
    assert [m.to for m in mail.outbox] == [["victim@example.org"]] * 2
    for message in mail.outbox:
        text = message.subject + message.body
        assert "Bonjour," in text  # not even the name: it could carry a short link
        for typed in ("Jean", "Gagnez", "arnaque", "06 11"):
            assert typed not in text


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


def test_registrations_are_rate_limited_per_client_address(settings):
    settings.PLACETTE_REGISTRATION_RATE_IP = "2/h"
    occurrence = _occurrence(capacity=None)
    client = Client()
    for n in range(2):
        assert _post(client, occurrence, name=f"P{n}", email=f"p{n}@example.org").status_code == 302
    response = _post(client, occurrence, name="Trois", email="p3@example.org")
    assert response.status_code == 429
    assert 'value="Trois"' in response.content.decode()
    assert Registration.objects.count() == 2


def test_one_date_takes_a_bounded_number_of_registrations_whoever_sends(settings):
    settings.PLACETTE_REGISTRATION_RATE_DATE = "2/h"
    occurrence, other = _occurrence(capacity=None), _occurrence(capacity=None)
    for n in range(2):
        client = Client(REMOTE_ADDR=f"192.0.2.{n}")
        assert _post(client, occurrence, name=f"P{n}", email=f"p{n}@example.org").status_code == 302
    response = _post(Client(REMOTE_ADDR="192.0.2.9"), occurrence, name="Trois", email="t@ex.org")
    assert response.status_code == 429
    assert 'value="Trois"' in response.content.decode()
    # Another date is not concerned.
    assert _post(Client(), other, name="Trois", email="t@ex.org").status_code == 302


def test_a_phone_number_alone_is_bounded_per_date_and_per_client(settings):
    """No link confirms a phone number: a script must not fill the seats with made-up ones."""
    settings.PLACETTE_REGISTRATION_RATE_PHONE_DATE = "3/d"
    settings.PLACETTE_REGISTRATION_RATE_PHONE_IP = "2/h"
    occurrence, other = _occurrence(capacity=None), _occurrence(capacity=None)
    client = Client(REMOTE_ADDR="192.0.2.1")
    for n in range(2):
        assert _post(client, occurrence, name=f"P{n}", phone=f"061234567{n}").status_code == 302
    response = _post(client, other, name="Trois", phone="0612345673")
    assert response.status_code == 429  # this client's phone-only quota, whatever the date
    assert 'value="0612345673"' in response.content.decode()
    assert _post(client, other, name="Trois", email="t@ex.org").status_code == 302  # a link
    assert _post(Client(REMOTE_ADDR="192.0.2.2"), occurrence, name="Q", phone="0612345674")[
        "Location"
    ].startswith("/agenda/inscription/")
    response = _post(Client(REMOTE_ADDR="192.0.2.3"), occurrence, name="R", phone="0612345675")
    assert response.status_code == 429  # this date's phone-only quota, whoever sends
    assert Registration.objects.filter(email="").count() == 3


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
    # The account's verified address needs no link.
    assert Registration.objects.get().status == "confirmed"
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


def _phone_registration(occurrence, phone="06 12 34 56 78"):
    _post(Client(), occurrence, name="Bruno", phone=phone)
    return Registration.objects.get(phone=phone)


def test_a_phone_registrant_gets_a_short_code_and_the_place_phone_not_a_long_link():
    place = make_place(name="Le Biome", phone="02 99 00 11 22")
    occurrence = _occurrence(place=place)
    client = Client()
    response = _post(client, occurrence, name="Bruno", phone="06 12 34 56 78")
    registration = Registration.objects.get()
    assert re.fullmatch(f"[{registrations.CODE_ALPHABET}]{{6}}", registration.code)
    page = client.get(response["Location"]).content.decode()
    assert registration.code in page
    assert "02 99 00 11 22" in page
    assert reverse("events:registration_code") in page
    assert 'class="personal-url"' not in page  # no long link to note


def test_an_email_registrant_gets_no_code():
    occurrence = _occurrence()
    _post(Client(), occurrence, name="Awa", email="awa@example.org")
    assert Registration.objects.get().code == ""


def test_the_code_and_the_phone_number_lead_to_cancellation():
    occurrence = _occurrence(capacity=5)
    registration = _phone_registration(occurrence)
    url = reverse("events:registration_code")
    assert Client().get(url).status_code == 200
    # Typed as said over the phone: lower case, spaces; the number in its +33 form.
    code = " ".join(registration.code.lower())
    response = Client().post(url, {"code": code, "phone": "+33 6 12 34 56 78"})
    cancel = reverse("events:registration_cancel", kwargs={"token": registration.token})
    assert response.status_code == 302 and response["Location"] == cancel
    Client().post(cancel)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_a_wrong_code_and_a_wrong_number_get_the_same_answer():
    occurrence = _occurrence(capacity=5)
    registration = _phone_registration(occurrence)
    url = reverse("events:registration_code")
    wrong_number = Client().post(url, {"code": registration.code, "phone": "07 00 00 00 00"})
    wrong_code = Client().post(url, {"code": "AAAAAA", "phone": "06 12 34 56 78"})
    assert wrong_number.status_code == wrong_code.status_code == 400

    def answer(response):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())

    assert "Aucune inscription en cours ne correspond" in answer(wrong_code)
    assert answer(wrong_number).replace("07 00 00 00 00", "") == answer(wrong_code).replace(
        "06 12 34 56 78", ""
    ).replace("AAAAAA", registration.code)


def test_code_lookups_are_rate_limited(settings):
    settings.PLACETTE_REGISTRATION_CODE_RATE_IP = "3/h"
    occurrence = _occurrence(capacity=5)
    registration = _phone_registration(occurrence)
    url = reverse("events:registration_code")
    for _ in range(3):
        Client().post(url, {"code": "AAAAAA", "phone": "06 12 34 56 78"})
    # The right pair, past the rate: refused all the same.
    response = Client().post(url, {"code": registration.code, "phone": "06 12 34 56 78"})
    assert response.status_code == 429
    registration.refresh_from_db()
    assert registration.status != Registration.Status.CANCELLED


def test_the_code_goes_by_sms_where_a_gateway_is_configured(settings, run_tasks, caplog):
    settings.PLACETTE_SMS_BACKEND = "console"
    occurrence = _occurrence(capacity=5, title="Atelier smartphone")
    registration = _phone_registration(occurrence)
    with caplog.at_level("WARNING", logger="placette.core.sms"):
        run_tasks()
    [line] = [r.getMessage() for r in caplog.records if r.name == "placette.core.sms"]
    assert "06 12 34 56 78" in line and registration.code in line
    assert "Atelier smartphone" in line and reverse("events:registration_code") in line
    assert " h " in line  # "14 h 30"


def test_every_error_is_told_at_once_in_a_focused_summary():
    occurrence = _occurrence()
    response = _post(Client(), occurrence)  # no name, no e-mail, no phone
    assert response.status_code == 400
    html = response.content.decode()
    summary = re.search(r'<div class="form-errors"[^>]*>(.*?)</div>', html, re.S)
    assert summary is not None
    assert 'tabindex="-1"' in summary.group(0) and "autofocus" in summary.group(0)
    assert f'href="#reg{occurrence.pk}-name"' in summary.group(1)
    assert f'href="#reg{occurrence.pk}-email"' in summary.group(1)
    assert "/static/js/form-errors" in html


def _series(n=3, capacity=5):
    from datetime import timedelta

    from django.utils import timezone

    from placette.events.services import events as event_services

    event = make_event(starts_in_days=1, capacity=capacity)
    start = timezone.now() + timedelta(days=2)
    for day in range(n - 1):
        event_services.add_occurrence(
            event=event, start=start + timedelta(days=day), end=start + timedelta(days=day, hours=1)
        )
    return event, list(event.occurrences.order_by("start"))


def test_a_series_form_registers_to_the_date_chosen():
    event, dates = _series()
    url = reverse("events:register_event", kwargs={"slug": event.slug})
    page = Client().get(f"{url}?date={dates[1].uid}").content.decode()
    assert re.search(f'value="{dates[1].uid}"[^>]* checked>', page)
    assert not re.search(f'value="{dates[0].uid}"[^>]* checked>', page)
    response = Client().post(
        url, {"date": str(dates[2].uid), "name": "Bruno", "email": "", "phone": "0612345678"}
    )
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("events:registration", args=[registration.token])
    assert registration.occurrence == dates[2]


def test_a_series_form_without_a_date_says_so_with_the_other_errors():
    event, dates = _series()
    url = reverse("events:register_event", kwargs={"slug": event.slug})
    response = Client().post(url, {"name": "", "email": "", "phone": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choisissez une date." in html
    assert f'href="#event{event.pk}-date_0"' in html
    assert f'href="#event{event.pk}-name"' in html
    assert Registration.objects.count() == 0


def test_a_series_form_refuses_a_closed_date():
    event, dates = _series()
    registrations_closed = dates[0]
    registrations_closed.status = "cancelled"
    registrations_closed.save(update_fields=["status"])
    url = reverse("events:register_event", kwargs={"slug": event.slug})
    data = {"date": str(dates[0].uid), "name": "B", "email": "", "phone": "0612345678"}
    response = Client().post(url, data)
    assert response.status_code == 400
    assert "plus ouverte aux inscriptions" in response.content.decode()
    assert Registration.objects.count() == 0


def test_plain_words_in_the_registration_pages_and_messages(run_tasks):
    """ "adresse e-mail", "14 h 30", no point médian (screen readers spell it out)."""
    from datetime import datetime, timedelta

    from django.utils import timezone

    occurrence = _occurrence(capacity=1)
    day = timezone.localdate() + timedelta(days=3)
    occurrence.start = timezone.make_aware(datetime.combine(day, datetime.min.time())).replace(
        hour=14, minute=30
    )
    occurrence.end = occurrence.start + timedelta(hours=2)
    occurrence.save(update_fields=["start", "end"])
    client = Client()
    form = client.get(_url(occurrence)).content.decode()
    assert "Adresse e-mail" in form and "Courriel" not in form
    assert "14 h 30" in form
    _post(client, occurrence, name="Bruno", phone="0612345678")
    personal = client.get(reverse("events:registration", args=[Registration.objects.get().token]))
    waiting = client.get(_url(occurrence)).content.decode()
    _post(client, occurrence, name="Awa", email="awa@example.org")
    sent = client.get(reverse("events:registration_sent", args=[occurrence.uid]))
    pages = [form, personal.content.decode(), waiting, sent.content.decode()]
    run_tasks()
    texts = pages + [message.body for message in mail.outbox]
    for text in texts:
        words = re.sub(r'(href|action|value)="[^"]*"', "", text)  # not in addresses
        assert "·" not in words and "courriel" not in words.lower()
    assert "Votre inscription est enregistrée" in pages[1]
    assert "14 h 30 – 16 h 30" in mail.outbox[0].body
