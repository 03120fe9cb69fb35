"""Reports of abusive content: the form behind "Signaler un contenu", the e-mailed
confirmation, anti-spam (honeypot, rate limits). The moderators' decision: tests/moderation/."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from placette.contributions import queries
from placette.contributions.models import Report
from placette.contributions.services import reports
from placette.core import lifecycle
from tests.factories import make_moderator, make_place, make_user
from tests.lifecycle import explore

pytestmark = pytest.mark.django_db
BASE = re.escape(settings.PLACETTE_BASE_URL)  # e-mailed links are on the public address

REPORT = reverse("contributions:report")


@pytest.fixture
def place():
    return make_place(name="Fablab du Canal")


def form(page: str, **data) -> dict:
    return {
        "page": page,
        "reason": "spam",
        "message": "Des liens publicitaires dans la présentation.",
        "email": "lea@example.org",
        **data,
    }


def confirm_link(message) -> str:
    found = re.search(rf"{BASE}(/signaler/confirmer/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


# -- the form -------------------------------------------------------------------------------


def test_footer_links_to_the_report_form_for_the_page(client, place):
    html = client.get(place.get_absolute_url()).content.decode()
    assert f'href="{REPORT}?page=/lieux/{place.slug}/"' in html
    assert f'href="{reverse("privacy:page")}"' in html
    page = client.get(REPORT, {"page": place.get_absolute_url()})
    assert page.status_code == 200
    assert "la fiche de « Fablab du Canal »" in page.content.decode()
    assert page.context["form"]["page"].value() == place.get_absolute_url()


def test_emailed_links_are_on_the_public_address_whatever_the_request_host(
    settings, place, run_tasks
):
    settings.PLACETTE_BASE_URL = "https://placette.example"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "backend.internal"]
    client = Client(HTTP_HOST="backend.internal")  # e.g. a proxy that does not pass the host
    assert client.post(REPORT, form(place.get_absolute_url())).status_code == 302
    run_tasks()
    (message,) = mail.outbox
    urls = re.findall(r"https?://\S+", message.body)
    assert len(urls) == 2  # the page reported and the confirmation link
    assert all(url.startswith("https://placette.example/") for url in urls), urls
    assert "backend.internal" not in message.body


def test_anonymous_report_waits_for_the_emailed_link(client, place, run_tasks):
    response = client.post(REPORT, form(place.get_absolute_url()))

    assert response.status_code == 302
    assert response["Location"] == place.get_absolute_url()
    report = Report.objects.get()
    assert report.status == Report.Status.UNCONFIRMED
    assert report.place == place
    assert report.path == place.get_absolute_url()
    assert report.email == "lea@example.org" and report.user is None
    assert queries.open_reports().count() == 0

    run_tasks()
    (message,) = mail.outbox
    assert message.to == ["lea@example.org"]
    assert message.subject == "Confirmez votre signalement"
    link = confirm_link(message)

    shown = client.get(link)  # mail scanners follow links: a GET changes nothing
    assert shown.status_code == 200
    assert "Confirmer et transmettre" in shown.content.decode()
    report.refresh_from_db()
    assert report.status == Report.Status.UNCONFIRMED

    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert confirmed["Location"] == place.get_absolute_url()
    report.refresh_from_db()
    assert report.status == Report.Status.OPEN
    assert report.confirmed_at is not None
    assert list(queries.open_reports()) == [report]
    assert client.post(link).status_code == 302  # again: nothing more
    report.refresh_from_db()
    assert report.status == Report.Status.OPEN


def test_anonymous_report_needs_an_email(client, place):
    response = client.post(REPORT, form(place.get_absolute_url(), email=""))
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    html = response.content.decode()
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert "Des liens publicitaires dans la présentation." in html  # what was typed is kept
    assert not Report.objects.exists()


def test_signed_in_report_is_open_at_once(client, place, run_tasks):
    user = make_user()
    client.force_login(user)
    page = client.get(REPORT, {"page": place.get_absolute_url()})
    assert "email" not in page.context["form"].fields

    response = client.post(REPORT, form(place.get_absolute_url(), email=""))

    assert response.status_code == 302
    report = Report.objects.get()
    assert report.status == Report.Status.OPEN
    assert report.user == user
    assert report.email == ""  # the account is enough: no copy of the address
    run_tasks()
    assert mail.outbox == []


def test_a_report_of_any_local_page_and_no_other(client, place):
    assert client.post(REPORT, form("/lieux/")).status_code == 302
    report = Report.objects.get()
    assert report.path == "/lieux/" and report.place is None
    refused = [
        "https://evil.example/lieux/",
        "//evil.example/lieux/",
        "/\\evil.example",
        "javascript:alert(1)",
        "lieux/",
        "/cette-page-n-existe-pas/",
        "",
    ]
    for page in refused:
        response = client.post(REPORT, form(page))
        assert response.status_code == 200, page
        assert response.context["form"].errors["page"], page
    assert Report.objects.count() == 1


def test_bad_confirmation_links_are_refused(client, place):
    client.post(REPORT, form(place.get_absolute_url()))
    report = Report.objects.get()
    assert client.get(reverse("contributions:report_confirm", args=["abc:def"])).status_code == 400
    assert client.post(reverse("contributions:report_confirm", args=["abc:def"])).status_code == 400
    report.refresh_from_db()
    assert report.status == Report.Status.UNCONFIRMED


# -- anti-spam ------------------------------------------------------------------------------


def test_honeypot_pretends_and_stores_nothing(client, place, run_tasks):
    response = client.post(REPORT, form(place.get_absolute_url(), homepage="http://spam.example"))
    assert response.status_code == 302
    assert not Report.objects.exists()
    run_tasks()
    assert mail.outbox == []


def test_rate_limit_per_ip_keeps_the_form(client, place, settings):
    settings.PLACETTE_CONTRIBUTION_RATE_IP = "2/h"
    for n in range(2):
        response = client.post(REPORT, form(place.get_absolute_url(), email=f"p{n}@example.org"))
        assert response.status_code == 302

    response = client.post(
        REPORT, form(place.get_absolute_url(), email="p3@example.org", message="Mon texte")
    )

    assert response.status_code == 429
    html = response.content.decode()
    assert "Trop de signalements" in html
    assert "Mon texte" in html and 'value="p3@example.org"' in html
    assert Report.objects.count() == 2
    other = Client(REMOTE_ADDR="192.0.2.9")  # another address is not limited
    assert (
        other.post(REPORT, form(place.get_absolute_url(), email="p4@example.org")).status_code
        == 302
    )


def test_rate_limit_per_email(place, settings):
    settings.PLACETTE_CONTRIBUTION_RATE_EMAIL = "2/h"
    for n in range(2):
        client = Client(REMOTE_ADDR=f"192.0.2.{n + 1}")
        assert client.post(REPORT, form(place.get_absolute_url())).status_code == 302
    client = Client(REMOTE_ADDR="192.0.2.50")
    response = client.post(REPORT, form(place.get_absolute_url(), email="LEA@example.org"))
    assert response.status_code == 429
    assert Report.objects.count() == 2


def test_csrf_token_is_required(place):
    response = Client(enforce_csrf_checks=True).post(REPORT, form(place.get_absolute_url()))
    assert response.status_code == 403
    assert not Report.objects.exists()


# -- moderation -----------------------------------------------------------------------------


@pytest.fixture
def open_report(place):
    return reports.create_report(
        path=place.get_absolute_url(),
        reason=Report.Reason.OFFENSIVE,
        message="<script>alert('x')</script> propos injurieux",
        user=make_user(),
    )


def test_purge_unconfirmed_keeps_confirmed_reports(open_report):
    from datetime import timedelta

    from django.utils import timezone

    stale = Report.objects.create(path="/", reason="spam", email="a@example.org")
    Report.objects.filter(pk__in=[stale.pk, open_report.pk]).update(
        created_at=timezone.now() - timedelta(days=10)
    )
    assert reports.purge_unconfirmed(before=timezone.now() - timedelta(days=7)) == 1
    assert list(Report.objects.all()) == [open_report]


def test_the_lifecycle_moves_only_along_its_table():
    moderator = make_moderator()

    def unconfirmed():
        return Report.objects.create(path="/", reason="spam", email="a@example.org")

    def decided(dismissed):
        report = reports.confirm_report(report=unconfirmed())
        return reports.resolve_report(report=report, by=moderator, note="Vu", dismissed=dismissed)

    def decide(dismissed):
        return lambda report: reports.resolve_report(
            report=report, by=moderator, note="Vu", dismissed=dismissed
        )

    seen = explore(
        Report,
        states=[
            unconfirmed,
            lambda: reports.confirm_report(report=unconfirmed()),
            lambda: decided(False),
            lambda: decided(True),
        ],
        moves=[lambda report: reports.confirm_report(report=report), decide(False), decide(True)],
        refused=(reports.NotAllowed,),
    )
    assert seen == lifecycle.edges(Report.TRANSITIONS)
