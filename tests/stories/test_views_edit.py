"""Writers' pages (placette.stories.views.edit): forms that keep what was typed, choosing
places, the publication buttons and the moderation queue, and typed script that never comes
out as markup. Who may do what: tests/stories/test_permissions.py."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from placette.stories import services
from placette.stories.models import Story, Video
from tests.factories import make_event, make_manager, make_place, make_user
from tests.permissions.world import BODY, World

pytestmark = pytest.mark.django_db

XSS = '<script>alert(1)</script><a href="javascript:alert(2)">x</a><img src=x onerror=alert(3)>'
RAW = ("<script>alert(1)", 'href="javascript:', "<img src=x onerror")


@pytest.fixture
def world(settings, tmp_path) -> World:
    """The role × action world (tests/permissions/world.py): "Le repair café", a draft by
    its author about the "Fablab des Lices", which "manager" manages."""
    settings.MEDIA_ROOT = tmp_path
    return World()


def test_an_author_managing_the_place_publishes(client, world):
    world.story.authors.add(world.users["manager"])
    client.force_login(world.users["manager"])
    client.post(reverse("stories:status", args=[world.story.slug]), {"action": "publish"})
    world.story.refresh_from_db()
    assert world.story.status == Story.Status.PUBLISHED


def test_a_manager_cannot_publish_a_story_on_another_place_s_page(client, world):
    """The manager of "EPN du Blosne" writes about the "Fablab des Lices" too: review first,
    and the story stays off the fablab's page until a moderator publishes it."""
    manager = make_manager(world.other, email="blosne@example.org")
    story = services.create_story(
        by=manager, title="Chez les voisins", body=BODY, places=[world.other, world.place]
    )
    client.force_login(manager)
    html = client.get(reverse("stories:edit", args=[story.slug])).content.decode()
    assert "Publier le récit" not in html and "Envoyer en relecture" in html
    response = client.post(reverse("stories:status", args=[story.slug]), {"action": "publish"})
    assert response.status_code == 403
    client.post(reverse("stories:status", args=[story.slug]), {"action": "submit"})
    story.refresh_from_db()
    assert story.status == Story.Status.PENDING
    assert "Chez les voisins" not in client.get(world.place.get_absolute_url()).content.decode()


def test_adding_another_place_to_a_published_story_sends_it_to_review(client, world):
    manager = make_manager(world.other, email="blosne@example.org")
    story = services.create_story(
        by=manager, title="Chez les voisins", body=BODY, places=[world.other]
    )
    services.publish(story=story, by=manager)
    client.force_login(manager)
    data = {"title": "Chez les voisins", "body": BODY, "licence": "cc-by-sa-4.0"}
    data["places"] = [world.other.pk, world.place.pk]
    response = client.post(reverse("stories:edit", args=[story.slug]), data)
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == Story.Status.PENDING
    assert set(story.places.all()) == {world.other, world.place}
    html = client.get(response.url).content.decode()
    assert "il repasse en relecture" in html
    assert "Chez les voisins" not in client.get(world.place.get_absolute_url()).content.decode()


def test_creating_a_story_keeps_what_was_typed_on_error(client):
    place = make_place(name="EPN de Redon")
    manager = make_manager(place)
    client.force_login(manager)
    response = client.get(reverse("stories:create"))
    html = response.content.decode()
    assert "EPN de Redon" in html  # the places one manages are offered
    assert 'value="cc-by-sa-4.0"' in html and "checked" in html
    response = client.post(
        reverse("stories:create"),
        {"title": "", "summary": "Mon chapô", "body": "Mon texte", "themes": ["loisirs"]},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-describedby="id_title_error"' in html
    assert 'value="Mon chapô"' in html and "Mon texte</textarea>" in html
    assert re.search(r'<input[^>]*value="loisirs"[^>]*checked', html)
    assert not Story.objects.exists()

    response = client.post(
        reverse("stories:create"),
        {
            "title": "Nos mercredis",
            "body": BODY,
            "places": [place.pk],
            "licence": "cc-by-4.0",
            "themes": ["loisirs"],
        },
    )
    story = Story.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("stories:photos", args=[story.slug])
    assert list(story.places.all()) == [place] and story.licence == "cc-by-4.0"
    assert list(story.authors.all()) == [manager]


def test_a_place_is_found_by_name_slug_or_page_address(client):
    target = make_place(name="La Vilaine Bidouille", commune="Redon")
    make_place(name="Bidouille de Nantes", commune="Nantes")
    author = make_user()
    client.force_login(author)
    story = services.create_story(by=author, title="Récit", body=BODY)
    url = reverse("stories:edit", args=[story.slug])
    base = {"title": "Récit", "body": BODY, "licence": "cc-by-sa-4.0"}

    # Two places match "bidouille": both are offered, one must be ticked.
    response = client.post(url, {**base, "place_search": "bidouille"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Plusieurs lieux correspondent" in html
    assert "La Vilaine Bidouille (Redon)" in html and "Bidouille de Nantes (Nantes)" in html
    assert 'value="bidouille"' in html
    response = client.post(url, {**base, "place_search": "bidouille", "places": [target.pk]})
    assert response.status_code == 302
    assert list(story.places.all()) == [target]

    story.places.clear()
    response = client.post(url, {**base, "place_search": "vilaine bidouille redon"})
    assert response.status_code == 302 and list(story.places.all()) == [target]
    story.places.clear()
    page = f"https://placette.example/lieux/{target.slug}/"
    assert client.post(url, {**base, "place_search": page}).status_code == 302
    assert list(story.places.all()) == [target]

    response = client.post(url, {**base, "place_search": "zzz introuvable"})
    assert response.status_code == 400
    assert "Aucun lieu ne correspond" in response.content.decode()


def test_events_of_the_places_are_offered_and_bring_their_place(client):
    place = make_place(name="Le Biome")
    event = make_event(place=place, title="Initiation à la découpe laser")
    draft = make_event(place=place, title="Brouillon caché", status="draft")
    author = make_manager(place)
    client.force_login(author)
    html = client.get(reverse("stories:create")).content.decode()
    assert "Initiation à la découpe laser — Le Biome" in html
    assert "Brouillon caché" not in html
    response = client.post(
        reverse("stories:create"),
        {"title": "La découpe", "body": BODY, "licence": "cc0-1.0", "events": [event.pk]},
    )
    assert response.status_code == 302
    story = Story.objects.get()
    assert list(story.events.all()) == [event] and list(story.places.all()) == [place]
    assert draft not in story.events.all()


def test_mine_lists_my_stories_with_their_state_and_a_way_to_write_one(client, world):
    other = services.create_story(by=make_user(), title="Pas le mien", body=BODY)
    services.submit(story=world.story, by=world.users["author"])
    client.force_login(world.users["author"])
    html = client.get(reverse("stories:mine")).content.decode()
    assert "Le repair café" in html and "En relecture" in html
    assert other.title not in html
    assert reverse("stories:create") in html and "Écrire un récit" in html


def test_the_edit_page_offers_the_right_next_step_and_links_the_public_page(client, world):
    author = world.users["author"]
    client.force_login(author)
    url = reverse("stories:edit", args=[world.story.slug])
    html = client.get(url).content.decode()
    assert reverse("stories:detail", args=[world.story.slug]) in html
    assert 'value="submit"' in html and 'value="publish"' not in html
    world.story.authors.add(world.users["manager"])
    client.force_login(world.users["manager"])
    html = client.get(url).content.decode()
    assert 'value="publish"' in html and 'value="submit"' not in html


def test_the_moderation_queue_publishes_or_sends_back(client, world, run_tasks):
    services.submit(story=world.story, by=world.users["author"])
    client.force_login(world.users["moderator"])
    queue = reverse("moderation:queue")
    html = client.get(queue).content.decode()
    assert "Le repair café" in html
    assert reverse("stories:status", args=[world.story.slug]) in html
    response = client.post(
        reverse("stories:status", args=[world.story.slug]),
        {"action": "unpublish", "note": "Un mot sur les bénévoles ?", "next": queue},
    )
    assert response.status_code == 302 and response.url == queue
    world.story.refresh_from_db()
    assert world.story.status == Story.Status.DRAFT
    run_tasks()
    assert mail.outbox[0].to == ["autrice@example.org"]
    assert "Un mot sur les bénévoles ?" in mail.outbox[0].body
    assert "/recits/le-repair-cafe/modifier/" in mail.outbox[0].body

    services.submit(story=world.story, by=world.users["author"])
    response = client.post(
        reverse("stories:status", args=[world.story.slug]),
        {"action": "publish", "next": "https://evil.example/"},
    )
    assert response.url == reverse("stories:edit", args=[world.story.slug])  # no open redirect
    world.story.refresh_from_db()
    assert world.story.status == Story.Status.PUBLISHED
    assert "Aucun récit n'attend de relecture." in client.get(queue).content.decode()


def test_an_unknown_action_is_a_bad_request(client, world):
    client.force_login(world.users["author"])
    url = reverse("stories:status", args=[world.story.slug])
    assert client.post(url, {"action": "explode"}).status_code == 400
    assert client.get(url).status_code == 405


def test_typed_script_never_comes_out_as_markup(client, world):
    author, moderator = world.users["author"], world.users["moderator"]
    client.force_login(author)
    url = reverse("stories:edit", args=[world.story.slug])
    response = client.post(
        url,
        {"title": XSS, "summary": XSS, "body": XSS, "credit": XSS, "licence": "cc-by-sa-4.0"},
    )
    assert response.status_code == 302
    services.submit(story=world.story, by=author)
    pages = [
        url,
        reverse("stories:mine"),
        reverse("stories:photos", args=[world.story.slug]),
        reverse("stories:videos", args=[world.story.slug]),
        reverse("stories:authors", args=[world.story.slug]),
        reverse("stories:delete", args=[world.story.slug]),
    ]
    for page in pages:
        html = client.get(page).content.decode()
        assert not any(raw in html for raw in RAW), page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, page
    client.force_login(moderator)
    html = client.get(reverse("moderation:queue")).content.decode()
    assert not any(raw in html for raw in RAW)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_video_title_with_script_is_escaped(client, world):
    client.force_login(world.users["author"])
    url = reverse("stories:videos", args=[world.story.slug])
    response = client.post(url, {"title": XSS, "url": "https://vimeo.com/1", "transcript": XSS})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert not any(raw in html for raw in RAW)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    delete = reverse("stories:video_delete", args=[world.story.slug, Video.objects.get().pk])
    html = client.get(delete).content.decode()
    assert not any(raw in html for raw in RAW)


def test_deleting_asks_first_then_goes_back_to_my_stories(client, world):
    client.force_login(world.users["author"])
    url = reverse("stories:delete", args=[world.story.slug])
    assert "Supprimer définitivement" in client.get(url).content.decode()
    assert Story.objects.filter(pk=world.story.pk).exists()
    response = client.post(url)
    assert response.url == reverse("stories:mine")
    assert not Story.objects.filter(pk=world.story.pk).exists()


def test_the_co_author_form_answers_the_same_whoever_holds_the_address(client, world, run_tasks):
    """No account enumeration: an account, none, or an unverified address get the same page,
    and nobody is added before accepting."""
    make_user(email="claire@example.org")
    EmailAddress.objects.create(user=make_user(), email="pas-verifiee@example.org", verified=False)
    client.force_login(world.users["author"])
    url = reverse("stories:authors", args=[world.story.slug])
    pages = []
    for email in ("claire@example.org", "inconnue@example.org", "pas-verifiee@example.org"):
        response = client.post(url, {"email": email}, follow=True)
        assert response.status_code == 200
        html = response.content.decode().replace(email, "ADDRESS")
        pages.append(re.sub(r'(value|nonce)="[\w+/=-]{20,}"', "TOKEN", html))  # CSRF, CSP
    assert pages[0] == pages[1] == pages[2]
    assert "Invitation envoyée à ADDRESS" in pages[0]
    assert list(world.story.authors.all()) == [world.users["author"]]
    run_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "claire@example.org",
        "inconnue@example.org",
        "pas-verifiee@example.org",
    ]


def test_the_invitation_link_adds_exactly_the_invited_person(client, world, run_tasks):
    claire = make_user(email="claire@example.org")
    client.force_login(world.users["author"])
    client.post(reverse("stories:authors", args=[world.story.slug]), {"email": claire.email})
    run_tasks()
    link = re.search(r"https?://\S+/rejoindre/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    path = f"/{path}"
    client.force_login(make_user(email="bruno@example.org"))  # another address
    assert client.post(path).status_code == 403
    client.force_login(claire)
    assert client.post(path[:-3] + "xx/").status_code == 403  # tampered
    assert client.get(path).status_code == 200  # opening the link adds nobody yet
    assert list(world.story.authors.all()) == [world.users["author"]]
    response = client.post(path)
    assert response.status_code == 302 and response.url == f"/recits/{world.story.slug}/modifier/"
    assert set(world.story.authors.all()) == {world.users["author"], claire}
