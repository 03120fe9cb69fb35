"""The freshness loop: reminders to managers every 6 months, one-click confirmation, the
"à vérifier" badge after 12 months, and the stale places query (the moderators' list is in
tests/moderation/)."""

import re
import time
from datetime import date, timedelta

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from placette.places import queries, tasks
from placette.places.models import Place, PlaceManager, PlaceVersion
from placette.places.services import freshness
from tests.factories import make_manager, make_moderator, make_place, make_user

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 1)
BASE_URL = "https://placette.test"


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.PLACETTE_BASE_URL = BASE_URL  # e-mailed links are on it


def dated(days_ago: int | None, *, today: date = TODAY, **fields) -> Place:
    """A place known true `days_ago` days before `today` (None: never dated)."""
    day = today - timedelta(days=days_ago) if days_ago is not None else None
    return make_place(source_updated_on=day, **fields)


def reminded(place: Place, days_ago: int, *, today: date = TODAY) -> None:
    Place.objects.filter(pk=place.pk).update(reminded_on=today - timedelta(days=days_ago))


# -- who is reminded ------------------------------------------------------------------------


def test_due_for_reminder_at_six_months_for_places_with_a_manager():
    due = dated(183, name="Six mois pile")
    not_yet = dated(182, name="Un jour de moins")
    never = dated(None, name="Jamais daté")
    orphan = dated(400, name="Sans gestionnaire")
    hidden = dated(400, name="Dépublié", is_published=False)
    for place in (due, not_yet, never, hidden):
        make_manager(place)

    names = set(freshness.due_for_reminder(TODAY).values_list("name", flat=True))

    assert names == {"Six mois pile", "Jamais daté"}
    assert orphan.pk and hidden.pk


def test_due_for_reminder_not_sent_again_within_six_months():
    recent = dated(300, name="Rappelé il y a 100 jours")
    again = dated(300, name="Rappelé il y a 183 jours")
    for place in (recent, again):
        make_manager(place)
    reminded(recent, 100)
    reminded(again, 183)

    names = list(freshness.due_for_reminder(TODAY).values_list("name", flat=True))

    assert names == ["Rappelé il y a 183 jours"]


def test_due_for_reminder_counts_a_place_once_and_ignores_inactive_managers():
    two = dated(300, name="Deux gestionnaires")
    make_manager(two)
    make_manager(two)
    inactive = dated(300, name="Gestionnaire désactivé")
    manager = make_manager(inactive)
    manager.is_active = False
    manager.save()

    assert list(freshness.due_for_reminder(TODAY)) == [two]


# -- reminders through the task queue -------------------------------------------------------


def reminder_links(message) -> tuple[str, str]:
    confirm = re.search(r"https://placette\.test(/lieux/[^/\s]+/confirmer/[^/\s]+/)", message.body)
    edit = re.search(r"https://placette\.test(/lieux/[^/\s]+/modifier/)", message.body)
    assert confirm and edit, message.body
    return confirm.group(1), edit.group(1)


def test_reminders_are_emailed_by_the_task_queue_once(run_tasks):
    today = timezone.localdate()
    place = dated(200, today=today, name="Fablab d'Anjou")
    first = make_manager(place, email="alix@example.org")
    second = make_manager(place, email="bo@example.org")
    fresh = dated(10, today=today)
    make_manager(fresh)

    tasks.send_freshness_reminders.enqueue()
    assert mail.outbox == []  # queued, not sent yet
    run_tasks()

    assert sorted(m.to[0] for m in mail.outbox) == [first.email, second.email]
    message = mail.outbox[0]
    assert message.subject == "Vos informations sont-elles à jour ? (Fablab d'Anjou)"
    assert "Fablab d'Anjou" in message.body  # plain text: not HTML-escaped
    confirm_path, edit_path = reminder_links(message)
    assert edit_path == f"/lieux/{place.slug}/modifier/"
    assert confirm_path.startswith(f"/lieux/{place.slug}/confirmer/")
    place.refresh_from_db()
    assert place.reminded_on == today

    mail.outbox.clear()
    tasks.send_freshness_reminders.enqueue()
    run_tasks()
    assert mail.outbox == []


def test_each_manager_gets_a_link_of_their_own(run_tasks):
    place = dated(200, today=timezone.localdate())
    alix = make_manager(place)
    make_manager(place)
    freshness.send_reminders(today=timezone.localdate())
    run_tasks()

    paths = {m.to[0]: reminder_links(m)[0] for m in mail.outbox}
    assert len(set(paths.values())) == 2
    token = paths[alix.email].rstrip("/").rsplit("/", 1)[1]
    assert freshness.read_token(token, place=place).user == alix


# -- the one-click link ---------------------------------------------------------------------


@pytest.fixture
def stale_place():
    return dated(400, today=timezone.localdate(), name="Tiers-lieu du Port", phone="02 99 00 00 00")


def link_for(place: Place, user) -> str:
    return freshness.confirm_path(place=place, user=user)


def test_get_on_the_link_shows_the_place_and_changes_nothing(client, stale_place):
    manager = make_manager(stale_place)
    versions = stale_place.versions.count()

    response = client.get(link_for(stale_place, manager))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Oui, tout est à jour" in html
    assert "02 99 00 00 00" in html
    stale_place.refresh_from_db()
    assert stale_place.confirmed_on is None
    assert stale_place.versions.count() == versions


def test_post_on_the_link_confirms_without_being_signed_in(client, stale_place):
    manager = make_manager(stale_place)
    detail = stale_place.get_absolute_url()
    moderator = Client()
    moderator.force_login(make_moderator())
    assert "à vérifier" in moderator.get(detail).content.decode()

    response = client.post(link_for(stale_place, manager))

    assert response.status_code == 302
    assert response["Location"] == detail
    stale_place.refresh_from_db()
    today = timezone.localdate()
    assert stale_place.confirmed_on == today
    assert stale_place.checked_on == today
    version = stale_place.versions.first()
    assert version.kind == PlaceVersion.Kind.CONFIRMED
    assert version.author == manager
    assert version.changes == {"confirmed_on": [None, today.isoformat()]}
    page = client.get(detail).content.decode()
    assert "La fiche est confirmée à jour" in page
    assert "à vérifier" not in moderator.get(detail).content.decode()


def test_the_link_needs_the_csrf_token(stale_place):
    manager = make_manager(stale_place)
    response = Client(enforce_csrf_checks=True).post(link_for(stale_place, manager))
    assert response.status_code == 403
    stale_place.refresh_from_db()
    assert stale_place.confirmed_on is None


def test_bad_expired_or_foreign_links_are_refused(client, stale_place, monkeypatch):
    manager = make_manager(stale_place)
    other = dated(400, today=timezone.localdate())
    good = freshness.make_token(place=stale_place, user=manager)
    with monkeypatch.context() as patched:
        patched.setattr(time, "time", lambda: 1_000_000_000.0)
        expired = freshness.make_token(place=stale_place, user=manager)
    forged = signing.dumps({"place": stale_place.pk, "user": manager.pk}, salt="another salt")
    base = stale_place.get_absolute_url() + "confirmer/"
    refused = [
        base + good[:-2] + "xx/",  # tampered
        base + expired + "/",  # older than 30 days
        base + forged + "/",  # not signed for this purpose
        other.get_absolute_url() + "confirmer/" + good + "/",  # another place
    ]
    for url in refused:
        assert client.get(url).status_code == 400, url
        response = client.post(url)
        assert response.status_code == 400, url
        assert "Ce lien n'est plus valable" in response.content.decode()
    stale_place.refresh_from_db()
    other.refresh_from_db()
    assert stale_place.confirmed_on is None and other.confirmed_on is None


def test_the_link_stops_working_when_the_person_no_longer_manages_the_place(client, stale_place):
    manager = make_manager(stale_place)
    url = link_for(stale_place, manager)
    PlaceManager.objects.filter(user=manager).delete()
    assert client.post(url).status_code == 400
    stale_place.refresh_from_db()
    assert stale_place.confirmed_on is None


# -- confirming from the place page ---------------------------------------------------------


def test_a_signed_in_manager_confirms_from_the_place_page(client, stale_place):
    manager = make_manager(stale_place)
    client.force_login(manager)
    detail = stale_place.get_absolute_url()
    assert "Confirmer que tout est à jour" in client.get(detail).content.decode()

    url = reverse("places:confirm", args=[stale_place.slug])
    response = client.post(url, {"next": reverse("accounts:home")})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")
    stale_place.refresh_from_db()
    assert stale_place.checked_on == timezone.localdate()
    assert stale_place.versions.first().kind == PlaceVersion.Kind.CONFIRMED


def test_managers_and_moderators_confirm_from_the_place_page(client, stale_place):
    url = reverse("places:confirm", args=[stale_place.slug])
    detail = stale_place.get_absolute_url()
    assert client.post(url).status_code == 302  # to the login page
    assert "/comptes/login/" in client.post(url)["Location"]
    client.force_login(make_user())
    assert "Confirmer que tout est à jour" not in client.get(detail).content.decode()
    assert client.post(url).status_code == 403
    client.force_login(make_manager(stale_place))
    assert client.get(url).status_code == 405
    stale_place.refresh_from_db()
    assert stale_place.confirmed_on is None
    # A moderator who checked with the place (by phone, say) confirms too, under their name.
    moderator = make_moderator()
    client.force_login(moderator)
    assert client.post(url).status_code == 302
    stale_place.refresh_from_db()
    assert stale_place.confirmed_on == timezone.localdate()
    assert stale_place.versions.first().author == moderator


def test_next_cannot_send_elsewhere(client, stale_place):
    client.force_login(make_manager(stale_place))
    url = reverse("places:confirm", args=[stale_place.slug])
    response = client.post(url, {"next": "https://evil.example/"})
    assert response["Location"] == stale_place.get_absolute_url()


# -- stale places: badge and moderators' list -----------------------------------------------


def test_stale_places_at_twelve_months_oldest_first():
    today = timezone.localdate()
    year = dated(365, today=today, name="Un an pile")
    dated(364, today=today, name="Un jour de moins")
    older = dated(800, today=today, name="Très ancien")
    never = dated(None, name="Jamais daté")
    dated(900, today=today, name="Dépublié", is_published=False)

    assert list(queries.stale_places()) == [never, older, year]
    assert freshness.is_stale(year) and freshness.is_stale(never)
    assert not freshness.is_stale(Place.objects.get(name="Un jour de moins"))


def test_badge_on_the_place_page_and_in_the_list(client):
    today = timezone.localdate()
    old = dated(365, today=today, name="Ancien")
    new = dated(364, today=today, name="Récent")
    # Visitors see no badge: it is for the place's team and the moderators.
    assert "à vérifier" not in client.get(old.get_absolute_url()).content.decode()
    assert "badge-stale" not in client.get(reverse("places:list")).content.decode()
    client.force_login(make_manager(old))
    assert "à vérifier" in client.get(old.get_absolute_url()).content.decode()
    client.force_login(make_moderator())

    assert "à vérifier" in client.get(old.get_absolute_url()).content.decode()
    assert "à vérifier" not in client.get(new.get_absolute_url()).content.decode()
    html = client.get(reverse("places:list")).content.decode()
    assert html.count("informations non confirmées depuis plus d'un an") == 1
    cards = html.split('class="card"')
    card = next(c for c in cards if "Ancien" in c)
    assert "badge-stale" in card
    assert "badge-stale" not in next(c for c in cards if "Récent" in c)


# -- housekeeping ---------------------------------------------------------------------------


def test_a_manager_confirms_from_the_account_page(client, stale_place):
    client.force_login(make_manager(stale_place))
    home = reverse("accounts:home")
    html = client.get(home).content.decode()
    assert reverse("places:confirm", args=[stale_place.slug]) in html
    assert f'name="next" value="{home}"' in html

    response = client.post(reverse("places:confirm", args=[stale_place.slug]), {"next": home})

    assert response["Location"] == home
    stale_place.refresh_from_db()
    assert stale_place.confirmed_on == timezone.localdate()
