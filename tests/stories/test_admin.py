"""The stories' admin: a story's text and its deletion go through stories.services; the
lifecycle, authors, photos and videos are read-only there."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from placette.stories import services
from placette.stories.models import Story
from tests.adminsite import change_url, editable, post_change
from tests.factories import make_draft, make_user
from tests.factories.stories import jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


def _story() -> Story:
    return make_draft(make_user(), title="Atelier soudure", body="Du fer")


def test_editing_a_story_updates_its_search_text(admin_client):
    story = _story()
    response = post_change(admin_client, story, title="Repair café", credit="L'équipe")
    assert response.status_code == 302, response.context["adminform"].form.errors
    story = Story.objects.get(pk=story.pk)
    assert (story.title, story.credit) == ("Repair café", "L'équipe")
    assert story.search_text == "repair cafe du fer l equipe"
    assert story.status == Story.Status.DRAFT


def test_only_the_story_text_is_editable(admin_client):
    story = _story()
    assert editable(admin_client, story) == set(services.STORY_FIELDS)
    assert admin_client.get(reverse("admin:stories_story_add")).status_code == 403


def test_deleting_a_story_removes_its_files(
    admin_client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    story = _story()
    photo = services.add_photo(
        story=story,
        image=ContentFile(jpeg((300, 200)), name="a.jpg"),
        alt="Une table",
        consent=True,
        by=None,
        queue_variants=False,
    )
    assert default_storage.exists(photo.image.name)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(change_url(story, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert not Story.objects.exists()
    assert not default_storage.exists(photo.image.name)
