"""The moderation room: reports of abusive content, decided by a moderator."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from placette.contributions import queries
from placette.contributions.models import Report
from placette.contributions.services import reports
from placette.places.models import PlaceVersion
from tests.factories import make_moderator, make_place, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    return make_place(name="Fablab du Canal")


@pytest.fixture
def open_report(place):
    return reports.create_report(
        path=place.get_absolute_url(),
        reason=Report.Reason.OFFENSIVE,
        message="<script>alert('x')</script> propos injurieux",
        user=make_user(),
    )


def review_url(report: Report) -> str:
    return reverse("moderation:report", args=[report.pk])


def test_review_is_for_moderators_only(client, open_report):
    url = review_url(open_report)
    assert client.get(url).status_code == 302
    assert client.post(url, {"note": "x", "decision": "resolve"}).status_code == 302
    client.force_login(make_user())
    assert client.get(url).status_code == 403
    assert client.post(url, {"note": "x", "decision": "resolve"}).status_code == 403
    open_report.refresh_from_db()
    assert open_report.status == Report.Status.OPEN


def test_review_page_escapes_the_report(client, open_report):
    client.force_login(make_moderator())
    html = client.get(review_url(open_report)).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; propos injurieux" in html
    assert "<script>alert" not in html
    assert "Dépublier le lieu" in html


def test_moderator_resolves_and_unpublishes_the_place(client, open_report, place):
    moderator = make_moderator()
    client.force_login(moderator)

    response = client.post(
        review_url(open_report),
        {"note": "Fiche retirée : propos injurieux.", "decision": "resolve", "unpublish": "on"},
    )

    assert response.status_code == 302
    open_report.refresh_from_db()
    assert open_report.status == Report.Status.RESOLVED
    assert open_report.decided_by == moderator
    assert open_report.note == "Fiche retirée : propos injurieux."
    place.refresh_from_db()
    assert not place.is_published
    version = place.versions.first()
    assert version.author == moderator
    assert version.kind == PlaceVersion.Kind.EDITED
    assert version.changes == {"is_published": [True, False]}
    assert client.get(place.get_absolute_url()).status_code == 404


def test_moderator_dismisses_without_unpublishing(client, open_report, place):
    client.force_login(make_moderator())
    client.post(
        review_url(open_report),
        {"note": "Rien d'injurieux.", "decision": "dismiss", "unpublish": "on"},
    )
    open_report.refresh_from_db()
    assert open_report.status == Report.Status.DISMISSED
    place.refresh_from_db()
    assert place.is_published


def test_a_decision_needs_a_note_and_happens_once(client, open_report):
    client.force_login(make_moderator())
    url = review_url(open_report)
    response = client.post(url, {"note": "", "decision": "resolve"})
    assert response.status_code == 200
    assert response.context["form"].errors["note"]
    open_report.refresh_from_db()
    assert open_report.status == Report.Status.OPEN

    client.post(url, {"note": "Traité.", "decision": "resolve"})
    again = client.post(url, {"note": "Autre avis.", "decision": "dismiss"}, follow=True)
    assert "déjà été traité" in again.content.decode()
    open_report.refresh_from_db()
    assert open_report.status == Report.Status.RESOLVED and open_report.note == "Traité."


def test_review_needs_the_csrf_token(open_report):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_moderator())
    response = client.post(review_url(open_report), {"note": "x", "decision": "resolve"})
    assert response.status_code == 403


def test_queue_partial_lists_open_reports_only(open_report, place):
    reports.create_report(
        path="/lieux/",
        reason="spam",
        email="x@example.org",
    )
    html = render_to_string("moderation/_queue_reports.html", {"reports": queries.open_reports()})
    assert review_url(open_report) in html
    assert html.count("<li>") == 1
    assert "Fablab du Canal" in html
