"""The demo stories (placette.site.demo.stories, run by `manage.py load_demo`)."""

import pytest
from django.core.files.storage import default_storage

from placette.stories.models import Story
from tests.factories import make_place

pytestmark = pytest.mark.django_db


def test_the_demo_stories_are_published_with_drawn_photos_and_load_once(settings, tmp_path):
    from placette.events.models import Event
    from placette.places.models import Place
    from placette.site.demo import events as event_demo
    from placette.site.demo import stories as demo

    settings.MEDIA_ROOT = tmp_path
    make_place(name="EPN de démonstration")
    event_demo.load()
    events = Event.objects.filter(external_uid__startswith="demo:")
    assert demo.load(places=Place.objects.all(), events=events) == {"created": 4, "skipped": 0}
    stories = Story.objects.order_by("title")
    assert stories.count() == 4
    assert {s.status for s in stories} == {Story.Status.PUBLISHED}
    bus = Story.objects.get(slug="le-bus-numerique-hors-les-murs")
    assert list(bus.events.values_list("external_uid", flat=True)) == ["demo:bus-numerique"]
    assert bus.videos.get().provider == "peertube"
    for story in stories:
        assert story.places.exists() and 1 <= story.photos.count() <= 3
        for photo in story.photos.all():
            assert photo.consent and photo.alt
            assert [v["width"] for v in photo.variants] == [480, 960, 1440]
            assert all(default_storage.exists(v["webp"]) for v in photo.variants)
    assert demo.load(places=Place.objects.all(), events=events) == {"created": 0, "skipped": 4}
    assert Story.objects.count() == 4
