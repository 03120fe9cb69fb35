"""Writes of stories (placette.stories.services): slugs, search text, who may edit and
publish, the lifecycle draft → pending → published and its e-mails, co-authors."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from placette.core.licences import Licence
from placette.places.models import PlaceManager
from placette.stories import invitations, permissions, queries, services
from placette.stories.models import Story
from tests.factories import (
    make_draft,
    make_event,
    make_manager,
    make_moderator,
    make_place,
    make_user,
)
from tests.factories.stories import jpeg

pytestmark = pytest.mark.django_db

BODY = "Ce mercredi, six personnes ont appris à **envoyer une photo** par courriel."


def test_a_new_story_is_a_draft_by_its_creator_with_a_unique_slug():
    author = make_user()
    place = make_place(name="EPN de Redon")
    event = make_event(place=place)
    first = services.create_story(
        by=author,
        title="Médiation numérique : l'été",
        summary="Trois ateliers",
        body=BODY,
        themes=["loisirs", "demarches", "loisirs"],
        credit="L'équipe de l'EPN",
        places=[place],
        events=[event],
    )
    second = make_draft(author, title="Médiation numérique : l'été")
    assert first.slug == "mediation-numerique-lete"
    assert second.slug == "mediation-numerique-lete-2"
    assert first.status == Story.Status.DRAFT and first.published_at is None
    assert list(first.authors.all()) == [author] and first.created_by == author
    assert first.licence == Licence.CC_BY_SA
    assert first.themes == ["demarches", "loisirs"]
    assert list(first.places.all()) == [place] and list(first.events.all()) == [event]
    assert "mediation numerique" in first.search_text
    assert "envoyer une photo" in first.search_text and "equipe de l epn" in first.search_text


def test_route_words_are_not_taken_as_slugs():
    story = make_draft(make_user(), title="Écrire")
    assert story.slug == "ecrire-recit"
    assert make_draft(make_user(), title="Écrire").slug == "ecrire-recit-2"
    assert make_draft(make_user(), title="« ! »").slug == "recit"  # no word to make a slug of


@pytest.mark.parametrize(
    ("fields", "expected"),
    [  # what the old builder stored (the SQLite FTS index and the searches rely on it)
        (
            {
                "title": "L'été des ateliers",
                "summary": "Trois semaines",
                "body": "**Gras** et _italique_ : ça marche.",
                "credit": "L'équipe",
            },
            "l ete des ateliers trois semaines gras et italique ca marche l equipe",
        ),
        (
            {"title": "Sans crédit", "summary": "", "body": "Texte", "credit": ""},
            "sans credit texte",
        ),
    ],
)
def test_search_text_is_unchanged(fields, expected):
    assert services.search_text_of(Story(**fields)) == expected


def test_update_keeps_search_text_places_and_events_in_step():
    author = make_user()
    story = make_draft(author, title="Avant")
    place = make_place()
    event = make_event(place=place)
    changed = services.update_story(
        story=story,
        fields={"title": "Réparer ensemble", "body": "Un café réparation"},
        places=[place],
        events=[event],
        by=author,
    )
    story.refresh_from_db()
    assert changed
    assert story.slug == "avant"  # shared links keep working
    assert "reparer ensemble" in story.search_text and "cafe reparation" in story.search_text
    assert "avant" not in story.search_text
    assert list(story.events.all()) == [event]
    assert not services.update_story(
        story=story, fields={"title": "Réparer ensemble"}, places=[place], by=author
    )
    with pytest.raises(ValueError):
        services.update_story(story=story, fields={"status": "published"}, by=author)


def test_only_authors_and_moderators_edit():
    author, stranger, moderator = make_user(), make_user(), make_moderator()
    place = make_place()
    manager = make_manager(place)
    story = make_draft(author, title="Un atelier", places=[place])
    assert permissions.can_edit_story(author, story)
    assert permissions.can_edit_story(moderator, story)
    assert not permissions.can_edit_story(stranger, story)
    assert not permissions.can_edit_story(manager, story)  # manages the place, not an author
    with pytest.raises(services.StoryError):
        services.update_story(story=story, fields={"title": "Pris"}, by=stranger)
    story.refresh_from_db()
    assert story.title == "Un atelier"


def test_an_author_who_manages_a_place_of_the_story_publishes_directly():
    place = make_place()
    author = make_manager(place)
    story = make_draft(author, title="Un atelier", body=BODY)
    assert not permissions.can_publish(author, story)  # not linked to the place yet
    story.places.add(place)
    assert permissions.can_publish(author, story)
    story = services.publish(story=story, by=author)
    assert story.status == Story.Status.PUBLISHED and story.published_at is not None


def test_a_story_also_about_a_place_one_does_not_manage_goes_to_review():
    mine, theirs = make_place(name="EPN de Redon"), make_place(name="Fablab des Lices")
    author = make_manager(mine)
    story = make_draft(author, title="Un atelier", body=BODY, places=[mine, theirs])
    assert not permissions.can_publish(author, story)
    with pytest.raises(services.StoryError):
        services.publish(story=story, by=author)
    story = services.submit(story=story, by=author)
    assert list(queries.pending_stories()) == [story]
    PlaceManager.objects.create(place=theirs, user=author)  # on both teams now
    assert permissions.can_publish(author, story)
    assert services.publish(story=story, by=author).status == Story.Status.PUBLISHED


def test_attaching_a_published_story_to_another_place_sends_it_back_to_review():
    mine, theirs = make_place(name="EPN de Redon"), make_place(name="Fablab des Lices")
    author = make_manager(mine)
    story = services.publish(
        story=make_draft(author, title="Un atelier", body=BODY, places=[mine]), by=author
    )
    services.update_story(story=story, fields={}, places=[mine, theirs], by=author)
    story.refresh_from_db()
    assert story.status == Story.Status.PENDING
    assert list(queries.pending_stories()) == [story]


def test_a_moderator_attaching_a_published_story_keeps_it_published():
    place, other = make_place(), make_place()
    story = make_draft(None, title="Un atelier", body=BODY, places=[place])
    story = services.publish(story=story, by=None)
    services.update_story(story=story, fields={}, places=[place, other], by=make_moderator())
    story.refresh_from_db()
    assert story.status == Story.Status.PUBLISHED


def test_others_send_for_review_and_a_moderator_publishes_and_tells_them(settings, run_tasks):
    settings.PLACETTE_BASE_URL = "https://placette.example"
    author = make_user(email="aicha@example.org")
    moderator = make_moderator()
    story = make_draft(author, title="Un atelier", body=BODY, places=[make_place()])
    with pytest.raises(services.StoryError):
        services.publish(story=story, by=author)
    story = services.submit(story=story, by=author)
    assert story.status == Story.Status.PENDING
    with pytest.raises(services.StoryError):
        services.submit(story=story, by=author)
    story = services.publish(story=story, by=moderator)
    assert story.status == Story.Status.PUBLISHED
    run_tasks()
    assert [m.to for m in mail.outbox] == [["aicha@example.org"]]
    assert "publié" in mail.outbox[0].subject
    assert " : https://placette.example/recits/un-atelier/\n" in mail.outbox[0].body
    assert " : https://placette.example/recits/un-atelier/modifier/" in mail.outbox[0].body


def test_a_moderator_sends_back_with_a_note(settings, run_tasks):
    settings.PLACETTE_BASE_URL = "https://placette.example"
    author = make_user(email="bruno@example.org")
    story = services.submit(story=make_draft(author, title="Un atelier", body=BODY), by=author)
    services.unpublish(
        story=story,
        by=make_moderator(),
        note="Ajoutez le prénom des animatrices.",
    )
    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT
    run_tasks()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bruno@example.org"] and "à revoir" in message.subject
    assert "Ajoutez le prénom des animatrices." in message.body
    assert "https://placette.example/recits/un-atelier/modifier/" in message.body


def test_withdrawing_or_publishing_ones_own_story_sends_no_mail(run_tasks):
    place = make_place()
    author = make_manager(place)
    story = services.submit(
        story=make_draft(author, title="Un atelier", body=BODY, places=[place]), by=author
    )
    services.unpublish(story=story, by=author)
    services.publish(story=story, by=author)
    run_tasks()
    assert mail.outbox == []


def test_first_publication_date_stays_when_republished():
    moderator = make_moderator()
    story = services.publish(
        story=make_draft(make_user(), title="Un atelier", body=BODY), by=moderator
    )
    first = story.published_at
    services.unpublish(story=story, by=moderator)
    story = services.publish(story=story, by=moderator)
    assert story.published_at == first
    with pytest.raises(services.StoryError):
        services.publish(story=story, by=moderator)


def test_a_story_without_text_is_not_published():
    author = make_user()
    story = make_draft(author, title="Un atelier", body="   ")
    with pytest.raises(services.StoryError, match="texte"):
        services.submit(story=story, by=author)
    with pytest.raises(services.StoryError, match="texte"):
        services.publish(story=story, by=make_moderator())
    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT


def _invitation_link(message) -> str:
    return re.search(r"https?://\S+/rejoindre/\S+/", message.body).group(0)


def _token(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[1]


def test_co_authors_are_invited_and_added_once_they_accept(run_tasks):
    author = make_user()
    claire = make_user(email="Claire@Example.org")
    story = make_draft(author, title="Un atelier")
    services.invite_author(story=story, email=" claire@example.org ", by=author)
    assert list(story.authors.all()) == [author]  # nobody added before accepting
    run_tasks()
    assert mail.outbox[0].to == ["claire@example.org"] and "Un atelier" in mail.outbox[0].subject
    token = _token(_invitation_link(mail.outbox[0]))
    with pytest.raises(services.StoryError):
        services.accept_invitation(token=token, user=make_user())  # another address
    services.accept_invitation(token=token, user=claire)
    assert set(story.authors.all()) == {author, claire}
    assert permissions.can_edit_story(claire, story)
    with pytest.raises(services.StoryError):
        services.invite_author(story=story, email="x@example.org", by=make_user())


def test_an_invitation_needs_the_address_verified_and_an_untampered_link():
    author = make_user()
    story = make_draft(author, title="Un atelier")
    unverified = make_user(email="autre@example.org")
    EmailAddress.objects.create(user=unverified, email="invitee@example.org", verified=False)
    token = invitations.make(story_id=story.pk, email="invitee@example.org")
    with pytest.raises(services.StoryError):
        services.accept_invitation(token=token, user=unverified)
    forged = invitations.make(story_id=story.pk, email="autre@example.org")[:-2] + "xx"
    with pytest.raises(services.StoryError):
        services.accept_invitation(token=forged, user=unverified)
    assert list(story.authors.all()) == [author]


def test_deleting_a_story_removes_its_files(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    author = make_user()
    story = make_draft(author, title="Un atelier")
    photo = services.add_photo(
        story=story,
        image=ContentFile(jpeg((800, 600)), name="a.jpg"),
        alt="Une table",
        consent=True,
        by=author,
        queue_variants=False,
    )
    from placette.stories import photos as uploads

    photo.variants = uploads.write_variants(photo)
    photo.save()
    names = [photo.image.name] + [v[k] for v in photo.variants for k in ("webp", "jpeg")]
    assert all(default_storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_story(story=story, by=author)
    assert not Story.objects.filter(pk=story.pk).exists()
    assert not any(default_storage.exists(name) for name in names)


def test_the_demo_loader_attaches_a_published_story_to_any_place():
    place, other = make_place(), make_place()
    story = services.publish(
        story=make_draft(None, title="Démo", body=BODY, places=[place]), by=None
    )
    services.update_story(story=story, fields={}, places=[place, other], by=None)
    story.refresh_from_db()
    assert story.status == Story.Status.PUBLISHED
