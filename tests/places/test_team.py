"""Claiming a place: approved at once on the place's own e-mail domain, otherwise pending
until a moderator decides (tests/moderation/); e-mails; one pending claim per person."""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.urls import reverse

from placette.places import domains
from placette.places.models import Claim, PlaceManager
from placette.places.permissions import manages
from placette.places.services import team as services
from tests.factories import make_manager, make_moderator, make_place, make_user


def review_url(claim):
    return reverse("moderation:claim", args=[claim.pk])


def claim_url(place):
    return f"/lieux/{place.slug}/gerer/"


def post_claim(client, place, role="coordinatrice", message=""):
    return client.post(claim_url(place), {"role": role, "message": message})


@pytest.mark.parametrize(
    ("email", "websites", "expected"),
    [
        ("anne@lefablab.fr", ["https://www.lefablab.fr/"], True),
        ("anne@LeFablab.fr", ["http://lefablab.fr/contact"], True),
        ("anne@contact.lefablab.fr", ["https://www.lefablab.fr"], True),  # subdomain
        ("anne@rennes.lefablab.fr", ["https://rennes.lefablab.fr"], True),  # exact host
        ("anne@lefablab.fr", ["https://rennes.lefablab.fr"], False),  # a parent: no
        ("anne@lefablab.fr", ["lefablab.fr"], True),  # typed without scheme
        ("anne@lefablab.fr", ["https://autre.fr", "https://lefablab.fr"], True),
        ("anne@pas-lefablab.fr", ["https://lefablab.fr"], False),
        ("anne@lefablab.fr.evil.com", ["https://lefablab.fr"], False),
        ("anne@fablab.fr", ["https://lefablab.fr"], False),
        ("anne@gmail.com", ["https://gmail.com"], False),  # webmail
        ("lefablab@free.fr", ["http://lefablab.free.fr"], False),  # ISP home page
        ("anne@orange.fr", ["https://orange.fr"], False),
        ("anne@facebook.com", ["https://www.facebook.com/lefablab"], False),  # platform
        ("anne@lefablab.fr", [], False),  # no website
        ("anne@10.0.0.1", ["http://10.0.0.1/"], False),
        ("anne@mairie.gouv.fr", ["https://gouv.fr"], False),  # host is a public suffix
        ("anne@lefablab.netlify.app", ["https://netlify.app"], False),  # shared platform
        ("anne@lefablab.netlify.app", ["https://lefablab.netlify.app"], True),
    ],
)
def test_same_organisation(email, websites, expected):
    assert domains.same_organisation(email, websites) is expected


# A parent organisation's address does not run the place: any student, any chamber of commerce
# employee, any city clerk would otherwise manage it (and see its registrants).
PARENT_DOMAIN_CLAIMS = [
    ("etudiant@univ-tlse3.fr", "https://fablab.univ-tlse3.fr/"),
    ("agent@cci.fr", "https://www.coworking.occitanie.cci.fr"),
    ("agent@toulouse.fr", "https://mediatheque.toulouse.fr/horaires"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("email", "website"), PARENT_DOMAIN_CLAIMS)
def test_parent_domain_goes_to_moderation(client, email, website):
    place = make_place(websites=[website])
    user = make_user(email=email)
    claim = services.request_claim(place=place, user=user, role="agent")
    assert claim.status == Claim.Status.PENDING and not claim.by_domain
    assert not manages(user, place)


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["fablab@fablab.univ-tlse3.fr", "anne@rh.fablab.univ-tlse3.fr"])
def test_address_on_or_under_the_host_approves(email):
    place = make_place(websites=["https://www.fablab.univ-tlse3.fr"])
    user = make_user(email=email)
    claim = services.request_claim(place=place, user=user, role="coordinatrice")
    assert claim.status == Claim.Status.APPROVED and claim.by_domain
    assert manages(user, place)


@pytest.mark.django_db
def test_claim_approved_at_once_by_verified_domain(client, run_tasks):
    place = make_place(name="Le Fablab", websites=["https://www.lefablab.fr"])
    user = make_user(email="anne@lefablab.fr")
    client.force_login(user)
    response = post_claim(client, place)
    assert response.status_code == 302 and response["Location"] == f"/lieux/{place.slug}/modifier/"
    claim = Claim.objects.get(place=place, user=user)
    assert claim.status == Claim.Status.APPROVED and claim.by_domain
    assert PlaceManager.objects.get(place=place, user=user).claim == claim
    assert manages(user, place)
    run_tasks()
    assert [m.to for m in mail.outbox] == [["anne@lefablab.fr"]]
    assert "Le Fablab" in mail.outbox[0].subject
    assert f"{settings.PLACETTE_BASE_URL}/lieux/{place.slug}/modifier/" in mail.outbox[0].body


@pytest.mark.django_db
def test_unverified_address_on_the_domain_does_not_count(client):
    place = make_place(websites=["https://lefablab.fr"])
    user = make_user(email="anne@example.org")
    EmailAddress.objects.create(user=user, email="anne@lefablab.fr", verified=False)
    client.force_login(user)
    post_claim(client, place)
    assert Claim.objects.get(user=user).status == Claim.Status.PENDING
    assert not manages(user, place)


@pytest.mark.django_db
def test_webmail_address_goes_to_moderation(client, run_tasks):
    moderator = make_moderator(email="modo@placette.example")
    place = make_place(name="Lieu perso", websites=["http://monlieu.free.fr"])
    user = make_user(email="monlieu@free.fr")
    client.force_login(user)
    response = post_claim(client, place, message="Je suis la fondatrice.")
    assert response.status_code == 302 and response["Location"] == place.get_absolute_url()
    claim = Claim.objects.get(user=user)
    assert claim.status == Claim.Status.PENDING and not claim.by_domain
    assert not manages(user, place)
    run_tasks()
    assert [m.to for m in mail.outbox] == [[moderator.email]]
    assert "Lieu perso" in mail.outbox[0].subject
    assert f"{settings.PLACETTE_BASE_URL}{review_url(claim)}" in mail.outbox[0].body
    assert "Je suis la fondatrice." in mail.outbox[0].body


@pytest.mark.django_db
def test_place_without_website_goes_to_moderation(client):
    place = make_place(websites=[])
    user = make_user(email="anne@lefablab.fr")
    client.force_login(user)
    post_claim(client, place)
    assert Claim.objects.get(user=user).status == Claim.Status.PENDING


@pytest.mark.django_db
def test_one_pending_claim_per_person_and_place(client):
    place = make_place()
    user = make_user()
    client.force_login(user)
    post_claim(client, place)
    html = client.get(claim_url(place)).content.decode()
    assert "attend la modération" in html and '<form method="post" class="stack-form"' not in html
    response = post_claim(client, place, role="autre")
    assert Claim.objects.filter(user=user).count() == 1
    assert "attend la modération" in response.content.decode()
    with pytest.raises(services.AlreadyPending):
        services.request_claim(place=place, user=user, role="x")


@pytest.mark.django_db
def test_manager_is_told_they_already_manage(client):
    place = make_place()
    user = make_manager(place)
    client.force_login(user)
    html = client.get(claim_url(place)).content.decode()
    assert "Vous gérez déjà ce lieu." in html
    post_claim(client, place)
    assert not Claim.objects.exists()


@pytest.mark.django_db
def test_claim_needs_login_and_a_role(client):
    place = make_place()
    response = client.get(claim_url(place))
    assert response.status_code == 302 and response["Location"].startswith("/comptes/login/")
    client.force_login(make_user())
    response = post_claim(client, place, role="  ", message="mon message")
    assert response.status_code == 400
    assert not Claim.objects.exists()
    html = response.content.decode()
    assert 'aria-invalid="true"' in html and "mon message" in html
