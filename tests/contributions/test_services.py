"""Contributions: lifecycle services, signed links, geocoding, the moderator's diff and
possible duplicates."""

import json
import re
import threading
import time

import pytest
from django.conf import settings
from django.core import mail, signing
from django.db import connection, connections

from placette.contributions import diff as moderation
from placette.contributions import geocode, tokens
from placette.contributions.models import Contribution, Message
from placette.contributions.services import proposals as services
from placette.places.models import Place, PlaceVersion
from tests.factories import make_moderator, make_place, make_user

pytestmark = pytest.mark.django_db
Status = Contribution.Status


def propose_new(*, email="alix@example.org", user=None, **fields):
    fields = {"name": "La Ruche de Vitré", "commune": "Vitré", "postal_code": "35500", **fields}
    tags = {"families": ["coworking"], "services": [], "publics": []}
    return services.submit(
        kind=Contribution.Kind.NEW_PLACE,
        fields=fields,
        tags=tags,
        email=email,
        user=user,
        message="Ouvert depuis mars.",
    )


def propose_change(place, *, email="alix@example.org", message="", **changes):
    fields = {"name": place.name, "phone": place.phone, "commune": place.commune, **changes}
    return services.submit(
        kind=Contribution.Kind.CHANGE,
        place=place,
        fields=fields,
        tags={"families": place.families},
        email=email,
        message=message,
    )


def link_in(message, route: str) -> str:
    match = re.search(
        rf"{re.escape(settings.PLACETTE_BASE_URL)}(/contributions/{route}/[^/\s]+/)", message.body
    )
    assert match, message.body
    return match.group(1)


def token_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[1]


def pending(**fields) -> Contribution:
    """A pending proposal from a signed-in contributor (no confirmation e-mail)."""
    contribution = propose_new(email="", user=make_user(email="alix@example.org"), **fields)
    assert contribution.status == Status.PENDING
    return contribution


# --- Proposals and confirmation -----------------------------------------------------------


def test_an_anonymous_proposal_waits_for_the_emailed_link(run_tasks):
    contribution = propose_new()
    assert contribution.status == Status.UNCONFIRMED
    assert contribution.user is None and contribution.email == "alix@example.org"
    assert contribution.data == {
        "name": "La Ruche de Vitré",
        "commune": "Vitré",
        "postal_code": "35500",
        "families": ["coworking"],
    }
    run_tasks()
    (message,) = mail.outbox
    assert message.to == ["alix@example.org"]
    assert "La Ruche de Vitré" in message.subject
    confirmed = services.confirm(token=token_of(link_in(message, "confirmer")))
    assert confirmed.pk == contribution.pk
    assert confirmed.status == Status.PENDING and confirmed.confirmed_at is not None


def test_following_the_link_again_changes_nothing(run_tasks):
    contribution = propose_new()
    run_tasks()
    token = token_of(link_in(mail.outbox[0], "confirmer"))
    first = services.confirm(token=token).confirmed_at
    services.ask(contribution=contribution, by=make_moderator(), question="Adresse ?")
    again = services.confirm(token=token)
    assert again.status == Status.QUESTION and again.confirmed_at == first


def test_a_signed_in_person_with_a_verified_address_skips_the_email():
    user = make_user(email="camille@example.org")
    contribution = propose_new(email="", user=user)
    assert contribution.status == Status.PENDING
    assert contribution.user == user and contribution.email == "camille@example.org"
    assert contribution.confirmed_at is not None


def test_an_unverified_account_confirms_by_email(run_tasks):
    from allauth.account.models import EmailAddress

    user = make_user(email="dom@example.org")
    EmailAddress.objects.filter(user=user).update(verified=False)
    contribution = propose_new(email="dom@example.org", user=user)
    assert contribution.status == Status.UNCONFIRMED and contribution.user == user
    run_tasks()
    assert mail.outbox[0].to == ["dom@example.org"]


def test_a_change_stores_only_what_differs():
    place = make_place(name="EPN du Blosne", phone="02 99 00 00 00", families=["epn"])
    contribution = propose_change(place, phone="02 99 11 11 11", message="Nouveau numéro")
    assert contribution.data == {"phone": "02 99 11 11 11"}
    assert contribution.place == place and contribution.message == "Nouveau numéro"
    tags_only = services.proposal_data(
        fields={"name": place.name}, tags={"families": ["fablab", "epn"]}, place=place
    )
    assert tags_only == {"families": ["fablab", "epn"]}


def test_a_confirmation_link_is_bound_to_its_address_and_purpose():
    contribution = propose_new()
    forged = tokens.make(
        purpose=tokens.CONFIRM, contribution_id=contribution.pk, email="other@example.org"
    )
    with pytest.raises(tokens.InvalidToken) as caught:
        services.confirm(token=forged)
    assert not caught.value.expired
    follow = tokens.make(
        purpose=tokens.FOLLOW, contribution_id=contribution.pk, email=contribution.email
    )
    with pytest.raises(tokens.InvalidToken):
        services.confirm(token=follow)
    with pytest.raises(tokens.InvalidToken):
        services.confirm(token="not-a-token")
    contribution.refresh_from_db()
    assert contribution.status == Status.UNCONFIRMED


def old_token(contribution, *, days: float, purpose=tokens.CONFIRM) -> str:
    """A token signed `days` ago (signatures are dated with time.time())."""
    real = time.time
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: real() - days * 86400)
        return tokens.make(
            purpose=purpose, contribution_id=contribution.pk, email=contribution.email
        )


def test_a_confirmation_link_expires_after_seven_days():
    contribution = propose_new()
    with pytest.raises(tokens.InvalidToken) as caught:
        services.confirm(token=old_token(contribution, days=7.1))
    assert caught.value.expired
    assert services.confirm(token=old_token(contribution, days=6.9)).status == Status.PENDING


# --- Decisions --------------------------------------------------------------------------------


def test_accepting_a_new_place_publishes_it_with_its_history(run_tasks):
    contribution = pending(latitude=48.124, longitude=-1.21)
    moderator = make_moderator()
    services.accept(contribution=contribution, by=moderator)
    contribution.refresh_from_db()
    place = contribution.place
    assert contribution.status == Status.ACCEPTED and contribution.decided_by == moderator
    assert place.is_published and place.name == "La Ruche de Vitré"
    assert place.families == ["coworking"] and place.departement == "35"
    (version,) = place.versions.all()
    assert version.kind == PlaceVersion.Kind.CONTRIBUTION
    assert version.origin == f"contribution n° {contribution.pk}"
    assert version.author == moderator
    assert version.changes["name"] == [None, "La Ruche de Vitré"]
    run_tasks()
    (message,) = mail.outbox
    assert message.to == ["alix@example.org"]
    assert f"{settings.PLACETTE_BASE_URL}/lieux/{place.slug}/" in message.body


def test_accepting_a_change_applies_only_the_proposed_fields():
    place = make_place(name="EPN du Blosne", phone="02 99 00 00 00", summary="Ancien texte")
    contribution = propose_change(place, phone="02 99 11 11 11")
    services.confirm(
        token=tokens.make(
            purpose=tokens.CONFIRM, contribution_id=contribution.pk, email=contribution.email
        )
    )
    # Meanwhile the place's summary is edited: accepting the phone must not undo it.
    from placette.places.services.places import save_place

    save_place(fields={"summary": "Nouveau texte"}, tags={}, place=place)
    services.accept(contribution=contribution, by=make_moderator())
    place.refresh_from_db()
    assert place.phone == "02 99 11 11 11" and place.summary == "Nouveau texte"
    latest = place.versions.first()
    assert latest.kind == PlaceVersion.Kind.CONTRIBUTION
    assert latest.changes == {"phone": ["02 99 00 00 00", "02 99 11 11 11"]}
    assert latest.origin == f"contribution n° {contribution.pk}"


def test_rejecting_needs_a_reason_and_tells_the_contributor(run_tasks):
    contribution = pending()
    moderator = make_moderator()
    with pytest.raises(ValueError):
        services.reject(contribution=contribution, by=moderator, reason=" ")
    services.reject(
        contribution=contribution,
        by=moderator,
        reason="Ce lieu est déjà dans l'annuaire.",
    )
    contribution.refresh_from_db()
    assert contribution.status == Status.REJECTED
    assert contribution.reason == "Ce lieu est déjà dans l'annuaire."
    assert not Place.objects.filter(name="La Ruche de Vitré").exists()
    run_tasks()
    (message,) = mail.outbox
    assert "Ce lieu est déjà dans l'annuaire." in message.body
    assert link_in(message, "suivi")


def test_a_question_and_its_answer(run_tasks):
    contribution = pending()
    moderator = make_moderator(email="modo@example.org")
    services.ask(
        contribution=contribution,
        by=moderator,
        question="Quel est le numéro de la rue ?",
    )
    contribution.refresh_from_db()
    assert contribution.status == Status.QUESTION
    run_tasks()
    (question,) = mail.outbox
    assert question.to == ["alix@example.org"]
    assert "Quel est le numéro de la rue ?" in question.body
    token = token_of(link_in(question, "suivi"))
    assert tokens.read(token, purpose=tokens.FOLLOW).contribution_id == contribution.pk

    services.answer(contribution=contribution, body="Le 12.")
    contribution.refresh_from_db()
    assert contribution.status == Status.PENDING
    assert [(m.from_moderator, m.body) for m in contribution.thread.all()] == [
        (True, "Quel est le numéro de la rue ?"),
        (False, "Le 12."),
    ]
    run_tasks()
    answered = mail.outbox[1]
    assert answered.to == ["modo@example.org"]
    assert (
        f"{settings.PLACETTE_BASE_URL}/moderation/contributions/{contribution.pk}/" in answered.body
    )
    with pytest.raises(services.NotAllowed):  # no question waits any more
        services.answer(contribution=contribution, body="Encore")


def test_a_decided_contribution_refuses_further_decisions():
    contribution = pending()
    first, second = make_moderator(), make_moderator()
    services.accept(contribution=contribution, by=first)
    stale = Contribution.objects.get(pk=contribution.pk)
    stale.status = Status.PENDING  # what the second moderator's page still shows
    for decide in (
        lambda: services.accept(contribution=stale, by=second),
        lambda: services.reject(contribution=stale, by=second, reason="Non"),
        lambda: services.ask(contribution=stale, by=second, question="Sûr ?"),
    ):
        with pytest.raises(services.NotAllowed) as caught:
            decide()
        assert "déjà traitée" in str(caught.value)
    assert Place.objects.filter(name="La Ruche de Vitré").count() == 1
    assert PlaceVersion.objects.filter(kind=PlaceVersion.Kind.CONTRIBUTION).count() == 1
    assert not Message.objects.exists()
    contribution.refresh_from_db()
    assert contribution.decided_by == first


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_decisions_apply_once():
    """Six moderators press accept or reject on the same proposal at the same moment."""
    contribution = pending(latitude=48.124, longitude=-1.21)
    deciders = [make_user() for _ in range(6)]  # services trust the view's role check
    barrier = threading.Barrier(len(deciders))
    outcomes: list[str] = []

    def decide(n: int, user) -> None:
        try:
            barrier.wait()
            if n % 2:
                services.reject(contribution=contribution, by=user, reason="Non")
            else:
                services.accept(contribution=contribution, by=user)
            outcomes.append("done")
        except services.NotAllowed:
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

    assert sorted(outcomes) == ["done"] + ["refused"] * 5
    contribution.refresh_from_db()
    created = Place.objects.filter(name="La Ruche de Vitré").count()
    assert created == (1 if contribution.status == Status.ACCEPTED else 0)
    assert PlaceVersion.objects.filter(kind=PlaceVersion.Kind.CONTRIBUTION).count() == created


def test_an_unconfirmed_proposal_cannot_be_decided():
    contribution = propose_new()
    with pytest.raises(services.NotAllowed):
        services.accept(contribution=contribution, by=make_moderator())
    assert not Place.objects.exists()


def test_a_change_to_a_deleted_place_cannot_be_accepted():
    place = make_place()
    contribution = propose_change(place, phone="01 02 03 04 05")
    Contribution.objects.filter(pk=contribution.pk).update(status=Status.PENDING)
    place.delete()
    contribution.refresh_from_db()
    with pytest.raises(services.NotAllowed, match="n'existe plus"):
        services.accept(contribution=contribution, by=make_moderator())


# --- Geocoding --------------------------------------------------------------------------------

BAN_ANSWER = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [-1.207, 48.1249]},
            "properties": {"label": "12 Rue Notre-Dame 35500 Vitré", "score": 0.93},
        }
    ],
}


def test_ban_answers_are_parsed():
    assert geocode.parse_ban(json.dumps(BAN_ANSWER).encode()) == (
        48.1249,
        -1.207,
        "12 Rue Notre-Dame 35500 Vitré",
    )
    unsure = json.loads(json.dumps(BAN_ANSWER))
    unsure["features"][0]["properties"]["score"] = 0.3
    assert geocode.parse_ban(json.dumps(unsure).encode()) is None
    assert geocode.parse_ban(b'{"features": []}') is None


def test_geocoding_asks_ban_only_when_set_and_never_blocks(settings, monkeypatch):
    asked = []

    def fetch(url):
        asked.append(url)
        return json.dumps(BAN_ANSWER).encode()

    monkeypatch.setattr(geocode, "_fetch", fetch)
    settings.PLACETTE_GEOCODER = ""
    assert geocode.locate(address="12 rue Notre-Dame", commune="Vitré") is None
    assert asked == []

    settings.PLACETTE_GEOCODER = "ban"
    settings.PLACETTE_BAN_URL = "https://ban.test/search/"
    found = geocode.locate(address="12 rue Notre-Dame", postal_code="35500", commune="Vitré")
    assert found == (48.1249, -1.207, "12 Rue Notre-Dame 35500 Vitré")
    assert asked[0].startswith("https://ban.test/search/?q=12+rue+Notre-Dame+Vitr")
    assert "postcode=35500" in asked[0]

    def down(url):
        raise TimeoutError("timed out")

    monkeypatch.setattr(geocode, "_fetch", down)
    assert geocode.locate(address="12 rue Notre-Dame", commune="Vitré") is None


def test_a_proposal_without_coordinates_is_geocoded(settings, monkeypatch):
    settings.PLACETTE_GEOCODER = "ban"
    monkeypatch.setattr(geocode, "_fetch", lambda url: json.dumps(BAN_ANSWER).encode())
    contribution = propose_new(address="12 rue Notre-Dame")
    assert contribution.data["latitude"] == 48.1249 and contribution.data["longitude"] == -1.207
    assert contribution.geocoded_label == "12 Rue Notre-Dame 35500 Vitré"
    # Coordinates given by the person are kept as they are.
    placed = propose_new(address="12 rue Notre-Dame", latitude=48.1, longitude=-1.2)
    assert placed.data["latitude"] == 48.1 and placed.geocoded_label == ""

    def down(url):
        raise OSError("network unreachable")

    monkeypatch.setattr(geocode, "_fetch", down)
    without = propose_new(address="12 rue Notre-Dame")
    assert "latitude" not in without.data and without.status == Status.UNCONFIRMED


# --- What the moderator reads -----------------------------------------------------------------


def test_the_diff_shows_labels_current_and_proposed_values():
    place = make_place(
        name="EPN du Blosne", phone="02 99 00 00 00", families=["epn"], websites=["https://a.fr"]
    )
    contribution = propose_change(place, phone="02 99 11 11 11", commune="Rennes")
    contribution.data.update({"families": ["epn", "fablab"], "websites": []})
    rows = {row.name: row for row in moderation.diff(contribution)}
    assert set(rows) == {"phone", "families", "websites"}
    assert rows["phone"].label == "Téléphone"
    assert (rows["phone"].current, rows["phone"].proposed) == (
        ["02 99 00 00 00"],
        ["02 99 11 11 11"],
    )
    assert rows["families"].current == ["Espace public numérique (EPN)"]
    assert rows["families"].proposed == [
        "Espace public numérique (EPN)",
        "Fablab / makerspace / hackerspace",
    ]
    assert rows["websites"].proposed == []


def test_the_diff_of_a_new_place_lists_every_filled_field_in_form_order():
    contribution = propose_new(summary="Un coworking rural", itinerant=True)
    rows = moderation.diff(contribution)
    assert [row.name for row in rows] == [
        "name",
        "summary",
        "families",
        "postal_code",
        "commune",
        "itinerant",
    ]
    assert rows[-1].proposed == ["oui"] and all(row.current == [] for row in rows)


def test_possible_duplicates_by_name_and_distance_or_siret():
    near = make_place(name="La Ruche", commune="Vitré", latitude=48.1240, longitude=-1.2080)
    make_place(name="Médiathèque", commune="Vitré", latitude=48.1241, longitude=-1.2081)
    make_place(name="La Ruche", commune="Fougères", latitude=48.35, longitude=-1.20)
    same_siret = make_place(name="Autre nom", siret="12345678900011", latitude=43.0, longitude=5.0)
    contribution = propose_new(latitude=48.1245, longitude=-1.2085, siret="12345678900011")
    found = moderation.possible_duplicates(contribution)
    assert [c.place for c in found] == [near, same_siret]
    assert found[0].distance_m < 100 and "100 m" in found[0].reason
    assert found[1].reason == "même SIRET"


def test_possible_duplicates_without_coordinates_look_in_the_commune():
    same = make_place(name="La Ruche", commune="Vitré", latitude=None, longitude=None)
    contribution = propose_new()
    assert [c.place for c in moderation.possible_duplicates(contribution)] == [same]


def test_a_change_of_phone_looks_for_no_duplicate_but_a_move_does():
    place = make_place(name="La Ruche", latitude=48.0, longitude=-1.0)
    other = make_place(name="La Ruche", latitude=48.1240, longitude=-1.2080)
    phone = propose_change(place, phone="01 02 03 04 05")
    assert moderation.possible_duplicates(phone) == []
    moved = propose_change(place, latitude=48.1241, longitude=-1.2081)
    assert [c.place for c in moderation.possible_duplicates(moved)] == [other]
