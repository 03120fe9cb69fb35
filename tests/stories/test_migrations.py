"""Migration stories/0002: stored values in English, and back to French when unapplied."""

import pytest

from tests.migrator import migrate, rewound

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE, AFTER = ("stories", "0001_initial"), ("stories", "0002_english_values")
FRENCH = {"brouillon": "draft", "a-relire": "pending", "publie": "published"}


def _rows(apps):
    Story, Video = apps.get_model("stories", "Story"), apps.get_model("stories", "Video")
    stories = sorted(Story.objects.values_list("slug", "status", "licence"))
    return stories, sorted(Video.objects.values_list("title", "provider"))


def test_values_become_english_and_come_back_french():
    with rewound():
        apps = migrate(BEFORE)
        Story, Video = apps.get_model("stories", "Story"), apps.get_model("stories", "Video")
        for n, status in enumerate(FRENCH):
            story = Story.objects.create(
                slug=f"s{n}", title=status, status=status, licence="tous-droits-reserves"
            )
            Video.objects.create(story=story, title=f"v{n}", provider="fichier")
        Story.objects.create(slug="libre", title="Libre", status="publie", licence="cc0-1.0")
        Video.objects.create(story=story, title="lien", provider="vimeo")
        french = _rows(apps)

        english = _rows(migrate(AFTER))
        assert english == (
            [
                ("libre", "published", "cc0-1.0"),
                ("s0", "draft", "all-rights-reserved"),
                ("s1", "pending", "all-rights-reserved"),
                ("s2", "published", "all-rights-reserved"),
            ],
            [("lien", "vimeo"), ("v0", "upload"), ("v1", "upload"), ("v2", "upload")],
        )

        assert _rows(migrate(BEFORE)) == french
