"""The moderation room: requests to manage a place, decided by a moderator."""

import threading

import pytest
from django.core import mail
from django.db import connection, connections
from django.template.loader import render_to_string
from django.urls import reverse

from placette.places import queries
from placette.places.models import Claim, PlaceManager
from placette.places.permissions import manages
from placette.places.services import team as services
from tests.factories import make_manager, make_moderator, make_place, make_user


def review_url(claim):
    return reverse("moderation:claim", args=[claim.pk])


@pytest.mark.django_db
def test_moderator_approves_and_the_person_is_emailed(client, run_tasks):
    place = make_place(name="EPN des Lices")
    user = make_user(email="anne@example.org")
    claim = services.request_claim(place=place, user=user, role="médiatrice")
    moderator = make_moderator()
    client.force_login(moderator)
    url = review_url(claim)
    html = client.get(url).content.decode()
    assert "anne@example.org" in html and "médiatrice" in html
    response = client.post(url, {"decision": "approve"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED and claim.decided_by == moderator
    assert manages(user, place)
    mail.outbox.clear()
    run_tasks()
    person = [m for m in mail.outbox if m.to == ["anne@example.org"]]
    assert len(person) == 1 and "EPN des Lices" in person[0].subject
    # A second decision is refused and changes nothing.
    client.post(url, {"decision": "reject", "reason": "trop tard"})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED and claim.reason == ""
    with pytest.raises(services.AlreadyDecided):
        services.reject_claim(claim=claim, by=moderator, reason="non")


@pytest.mark.django_db
def test_moderator_rejects_with_a_reason(client, run_tasks):
    place = make_place(name="EPN des Lices")
    user = make_user(email="anne@example.org")
    claim = services.request_claim(place=place, user=user, role="médiatrice")
    client.force_login(make_moderator())
    url = review_url(claim)
    response = client.post(url, {"decision": "reject", "reason": ""})
    assert response.status_code == 400
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING
    client.post(url, {"decision": "reject", "reason": "Nous n'avons pas pu vérifier."})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.REJECTED
    assert not manages(user, place)
    mail.outbox.clear()
    run_tasks()
    person = [m for m in mail.outbox if m.to == ["anne@example.org"]]
    assert len(person) == 1 and "Nous n'avons pas pu vérifier." in person[0].body
    # Rejected: the person may ask again.
    services.request_claim(place=place, user=user, role="médiatrice")
    assert Claim.objects.filter(user=user, status=Claim.Status.PENDING).count() == 1


@pytest.mark.django_db
def test_claim_review_is_for_moderators_only(client):
    place = make_place()
    claim = services.request_claim(place=place, user=make_user(), role="x")
    url = review_url(claim)
    client.force_login(make_manager(place))
    assert client.get(url).status_code == 403
    assert client.post(url, {"decision": "approve"}).status_code == 403
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING


@pytest.mark.django_db
def test_pending_claims_and_queue_partial():
    place = make_place(name="Atelier du Coin")
    first = services.request_claim(place=place, user=make_user(email="a@example.org"), role="x")
    decided = services.request_claim(place=place, user=make_user(), role="y")
    services.reject_claim(claim=decided, by=make_moderator(), reason="non")
    assert list(queries.pending_claims()) == [first]
    html = render_to_string("moderation/_queue_claims.html", {"claims": queries.pending_claims()})
    assert review_url(first) in html
    assert "a@example.org" in html and "Atelier du Coin" in html
    assert review_url(decided) not in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_decisions_apply_once():
    """Four moderators approve or reject the same claim at the same moment."""
    place = make_place()
    person = make_user()
    claim = services.request_claim(place=place, user=person, role="x")
    deciders = [make_user() for _ in range(4)]  # services trust the view's role check
    barrier = threading.Barrier(len(deciders))
    outcomes: list[str] = []

    def decide(n: int, user) -> None:
        try:
            barrier.wait()
            if n % 2:
                services.reject_claim(claim=claim, by=user, reason="non")
            else:
                services.approve_claim(claim=claim, by=user)
            outcomes.append("done")
        except services.AlreadyDecided:
            outcomes.append("refused")
        except BaseException as exc:  # noqa: BLE001 — reported below
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=pair) for pair in enumerate(deciders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["done"] + ["refused"] * 3
    claim.refresh_from_db()
    managers = PlaceManager.objects.filter(place=place, user=person).count()
    assert managers == (1 if claim.status == Claim.Status.APPROVED else 0)


@pytest.mark.django_db
def test_the_old_claim_address_redirects_for_good(client):
    claim = services.request_claim(place=make_place(), user=make_user(), role="x")
    response = client.get(f"/compte/moderation/demandes/{claim.pk}/")
    assert response.status_code == 301
    assert response["Location"] == f"/moderation/demandes/{claim.pk}/" == review_url(claim)
