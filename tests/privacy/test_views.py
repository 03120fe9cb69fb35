"""Privacy (RGPD): the privacy page, the download of one's data, and account deletion, which
keeps past contributions, anonymised."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from placette.contributions.models import Contribution, Message, Report
from placette.places.models import Claim, PlaceManager, PlaceVersion
from placette.places.services import places as services
from placette.privacy import services as privacy
from tests.factories import make_manager, make_place, make_user

pytestmark = pytest.mark.django_db

PASSWORD = "un mot de passe solide 42"  # noqa: S105 (tests/factories.py's default)
DATA = reverse("privacy:data")
DOWNLOAD = reverse("privacy:download")
DELETE = reverse("privacy:delete")


@pytest.fixture
def person():
    """Someone with a bit of everything: a managed place, claims, contributions with a
    thread, reports, and a change to a place."""
    user = make_user(email="camille@example.org")
    managed = make_place(name="Fablab de Camille")
    PlaceManager.objects.create(place=managed, user=user)
    claimed = make_place(name="Coworking demandé")
    Claim.objects.create(place=claimed, user=user, role="présidente")
    decided = make_place(name="Lieu refusé")
    Claim.objects.create(place=decided, user=user, role="bénévole", status="rejected")
    contribution = Contribution.objects.create(
        kind="new_place",
        status="question",
        user=user,
        email=user.email,
        data={"name": "Atelier de la gare"},
        message="Ouvert depuis mars.",
    )
    Message.objects.create(
        contribution=contribution, from_moderator=True, body="Quelle est l'adresse ?"
    )
    Message.objects.create(
        contribution=contribution, from_moderator=False, author=user, body="12 rue de la Gare"
    )
    # Sent without an account, with the address the person later proved is theirs.
    Contribution.objects.create(
        kind="change",
        status="pending",
        email="Camille@example.org",
        place=managed,
        data={"phone": "01 02 03 04 05"},
    )
    Contribution.objects.create(
        kind="change",
        status="unconfirmed",
        email="camille@example.org",
        place=managed,
        data={"phone": "09 09 09 09 09"},
    )
    Report.objects.create(path="/lieux/", reason="spam", status="open", user=user)
    Report.objects.create(path="/carte/", reason="other", email="camille@example.org")
    services.edit_by_manager(place=managed, fields={"phone": "02 99 99 99 99"}, tags={}, by=user)
    return user


@pytest.fixture
def someone_else():
    other = make_user(email="dominique@example.org")
    Contribution.objects.create(
        kind="new_place",
        status="pending",
        user=other,
        email=other.email,
        data={"name": "Le lieu de Dominique"},
    )
    Contribution.objects.create(
        kind="new_place",
        status="pending",
        email="inconnu@example.org",
        data={"name": "Le lieu d'un inconnu"},
    )
    Report.objects.create(path="/", reason="spam", status="open", user=other)
    return other


# -- the privacy page -----------------------------------------------------------------------


def test_privacy_page_in_plain_french(client, settings):
    response = client.get(reverse("privacy:page"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("privacy:page") == "/confidentialite/"
    assert "Vos données et votre vie privée" in html
    assert settings.SITE_NAME in html
    assert "7 jours" in html
    assert "tile.openstreetmap.org" in html  # the one third party a visitor's browser meets
    assert reverse("privacy:data") in html and reverse("privacy:delete") in html
    assert "CNIL" in html


# -- my data --------------------------------------------------------------------------------


def test_data_pages_need_an_account(client):
    for url in (DATA, DOWNLOAD, DELETE):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/comptes/login/" in response["Location"]


def test_data_page_links_the_download(client, person):
    client.force_login(person)
    response = client.get(DATA)
    assert response.status_code == 200
    assert DOWNLOAD in response.content.decode()


def test_download_holds_the_persons_data_and_nobody_elses(client, person, someone_else):
    client.force_login(person)

    response = client.get(DOWNLOAD)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="placette-mes-donnees-')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "camille@example.org"
    assert data["account"]["addresses"] == [
        {"email": "camille@example.org", "verified": True, "primary": True}
    ]
    assert data["account"]["date_joined"]
    assert [m["place"] for m in data["managed_places"]] == ["Fablab de Camille"]
    assert sorted(c["place"] for c in data["claims"]) == ["Coworking demandé", "Lieu refusé"]
    contributions = data["contributions"]
    assert [c["data"] for c in contributions] == [
        {"name": "Atelier de la gare"},
        {"phone": "01 02 03 04 05"},
        {"phone": "09 09 09 09 09"},
    ]
    assert [m["body"] for m in contributions[0]["messages"]] == [
        "Quelle est l'adresse ?",
        "12 rue de la Gare",
    ]
    assert sorted(r["page"] for r in data["reports"]) == ["/carte/", "/lieux/"]
    (version,) = data["place_versions"]
    assert version["place"] == "Fablab de Camille"
    assert version["changed_fields"] == ["phone"]
    text = response.content.decode()
    assert "Dominique" not in text and "inconnu" not in text
    assert "dominique@example.org" not in text


def test_an_unverified_address_does_not_reveal_someone_elses_proposals(person, someone_else):
    EmailAddress.objects.create(user=person, email="inconnu@example.org", verified=False)
    data = privacy.export_data(user=person)
    assert "Le lieu d'un inconnu" not in json.dumps(data, ensure_ascii=False)


# -- deleting the account -------------------------------------------------------------------


def test_delete_page_explains_and_asks_for_the_address(client, person):
    client.force_login(person)
    response = client.get(DELETE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "sans votre nom ni votre adresse" in html
    assert DATA in html


def test_wrong_address_deletes_nothing(client, person):
    client.force_login(person)
    response = client.post(DELETE, {"email": "quelquun@example.org"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    html = response.content.decode()
    assert 'value="quelquun@example.org"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert get_user_model().objects.filter(pk=person.pk).exists()


def test_deletion_anonymises_and_keeps_the_contributions(client, person, someone_else):
    client.force_login(person)
    managed = PlaceManager.objects.get(user=person).place
    contributions = Contribution.objects.exclude(status="unconfirmed").count()

    response = client.post(DELETE, {"email": " Camille@Example.org "})

    assert response.status_code == 302
    assert response["Location"] == reverse("site:home")
    assert not get_user_model().objects.filter(pk=person.pk).exists()
    assert not EmailAddress.objects.filter(email__iexact="camille@example.org").exists()
    assert not PlaceManager.objects.filter(place=managed).exists()
    assert not Claim.objects.filter(role__in=["présidente", "bénévole"]).exists()
    # Past contributions stay, without a name or an address; unconfirmed ones are gone.
    assert Contribution.objects.count() == contributions
    assert not Contribution.objects.filter(email__iexact="camille@example.org").exists()
    kept = Contribution.objects.get(data={"name": "Atelier de la gare"})
    assert kept.user is None and kept.email == ""
    assert [m.body for m in kept.thread.all()] == ["Quelle est l'adresse ?", "12 rue de la Gare"]
    assert kept.thread.get(from_moderator=False).author is None
    assert Report.objects.filter(path="/lieux/", user=None, email="").exists()
    assert not Report.objects.filter(path="/carte/").exists()  # never confirmed
    version = PlaceVersion.objects.get(place=managed, changes__has_key="phone")
    assert version.author is None
    # Someone else's rows are untouched.
    assert Contribution.objects.filter(user=someone_else, email=someone_else.email).exists()
    assert Report.objects.filter(user=someone_else).exists()
    # Signed out, and signing in again fails.
    assert client.get(reverse("accounts:home")).status_code == 302
    assert not Client().login(username=person.username, password=PASSWORD)
    signin = Client().post(
        reverse("account_login"), {"login": "camille@example.org", "password": PASSWORD}
    )
    assert signin.status_code == 200  # the form again, with its error


def test_deletion_needs_the_csrf_token(person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    assert client.post(DELETE, {"email": person.email}).status_code == 403
    assert get_user_model().objects.filter(pk=person.pk).exists()


def test_managers_are_reminded_no_more_after_deletion(person):
    place = PlaceManager.objects.get(user=person).place
    other = make_manager(place)
    privacy.delete_account(user=person)
    assert list(PlaceManager.objects.filter(place=place).values_list("user", flat=True)) == [
        other.pk
    ]


def test_account_page_links_to_my_data_and_deletion(client, person):
    client.force_login(person)
    html = client.get(reverse("accounts:home")).content.decode()
    assert f'href="{DATA}"' in html and f'href="{DELETE}"' in html


def test_registrations_are_in_the_download_and_forgotten_with_the_account(run_tasks):
    from datetime import timedelta

    from django.utils import timezone

    from placette.events.models import Registration
    from placette.events.services import registrations
    from tests.factories import make_event

    user = make_user(email="ines@example.org")
    upcoming = make_event(capacity=1).occurrences.get()
    mine = registrations.register(occurrence=upcoming, name="Inès", email="ines@example.org")
    waiting = registrations.register(occurrence=upcoming, name="Yann", email="yann@example.org")
    past = make_event(capacity=5).occurrences.get()
    old = registrations.register(occurrence=past, name="Inès", phone="0601020304", user=user)
    Registration.objects.filter(pk=old.pk).update(attendance="present", public="seniors")
    month_ago = timezone.now() - timedelta(days=30)
    type(past).objects.filter(pk=past.pk).update(start=month_ago, end=month_ago)

    data = privacy.export_data(user=user)
    assert {r["name"] for r in data["registrations"]} == {"Inès"}
    assert len(data["registrations"]) == 2

    privacy.delete_account(user=user)

    mine.refresh_from_db()
    waiting.refresh_from_db()
    old.refresh_from_db()
    assert mine.status == "cancelled" and waiting.status == "confirmed"  # the seat moved on
    assert (old.name, old.email, old.phone, old.user) == (f"anonyme {old.pk}", "", "", None)
    assert (old.attendance, old.public) == ("present", "seniors")  # the statistics keep counting
    assert not Registration.objects.filter(name="Inès").exists()


def test_stories_revisions_and_collections_are_in_the_download_and_handled_on_deletion(person):
    from placette.commons.services import collections as collection_services
    from placette.commons.services import resources as commons_services
    from placette.stories import services as story_services
    from placette.stories.models import Story

    other = make_user(email="coautrice@example.org")
    alone = story_services.create_story(by=person, title="Brouillon personnel")
    shared = story_services.create_story(by=person, title="Brouillon à deux")
    shared.authors.add(other)
    published = story_services.create_story(by=person, title="Récit publié")
    Story.objects.filter(pk=published.pk).update(status=Story.Status.PUBLISHED)
    resource = commons_services.create_resource(
        by=person, fields={"title": "Fiche mémo", "kind": "fiche-pratique", "body": "Texte"}
    )
    collection = collection_services.create_collection(owner=person, title="Mon kit")

    data = privacy.export_data(user=person)
    assert sorted(s["title"] for s in data["stories"]) == sorted(
        ["Brouillon personnel", "Brouillon à deux", "Récit publié"]
    )
    assert [r["resource"] for r in data["resource_revisions"]] == ["Fiche mémo"]
    assert [c["title"] for c in data["collections"]] == ["Mon kit"]

    privacy.delete_account(user=person)
    assert not Story.objects.filter(pk=alone.pk).exists()  # only served them
    assert set(Story.objects.get(pk=shared.pk).authors.all()) == {other}  # the co-author keeps it
    assert Story.objects.filter(pk=published.pk).exists()  # given to the commons
    revision = resource.revisions.get()
    assert revision.author is None and revision.body == "Texte"  # kept, anonymised
    assert not type(collection).objects.filter(pk=collection.pk).exists()
