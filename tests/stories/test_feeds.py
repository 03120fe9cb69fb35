"""RSS 2.0 and Atom feeds of stories, read back with feedparser."""

import feedparser
import pytest
from django.core.files.storage import default_storage

from placette.stories.models import Story
from tests.factories import make_place, make_story, make_user
from tests.factories.stories import add_photo

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'

FEEDS = ["/recits/rss.xml", "/recits/atom.xml"]


def read(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    # feedparser would clean the HTML itself: read it as a careless reader would.
    parsed = feedparser.parse(response.content, sanitize_html=False)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return response, parsed


@pytest.mark.parametrize("url", FEEDS)
def test_feed_lists_published_stories_newest_first_without_drafts(client, url):
    make_story(title="Ancien", days_ago=5)
    make_story(title="Récent", days_ago=1)
    make_story(title="Brouillon", status=Story.Status.DRAFT)
    make_story(title="À relire", status=Story.Status.PENDING)
    response, feed = read(client, url)
    assert [entry.title for entry in feed.entries] == ["Récent", "Ancien"]
    recent = Story.objects.get(title="Récent")
    assert feed.entries[0].link == "http://testserver" + recent.get_absolute_url()
    assert "Récits des tiers-lieux" in feed.feed.title
    expected = "application/rss+xml" if url.endswith("rss.xml") else "application/atom+xml"
    assert response["Content-Type"].startswith(expected)


@pytest.mark.parametrize("url", FEEDS)
def test_feed_entry_has_summary_content_author_categories_and_picture(client, url, settings):
    author = make_user(first_name="Ada", last_name="Lovelace")
    story = make_story(
        title="Atelier vélo",
        summary="On a réparé des vélos.",
        body="## Outils\n\nUne **clé** de 15.",
        themes=["loisirs", "comprendre"],
        authors=[author],
    )
    photo = add_photo(story)
    _, feed = read(client, url)
    entry = feed.entries[0]
    assert entry.summary == "On a réparé des vélos."
    content = entry.content[0].value
    assert "<h3>Outils</h3>" in content and "<strong>clé</strong>" in content
    assert entry.author == "Ada Lovelace"
    assert {tag.term for tag in entry.tags} == {
        "Loisirs et créations numériques",
        "Compréhension du monde numérique",
    }
    image = "http://testserver" + default_storage.url(photo.variants[1]["jpeg"])
    assert [(e.href, e.type) for e in entry.enclosures] == [(image, "image/jpeg")]
    assert int(entry.enclosures[0].length) == default_storage.size(photo.variants[1]["jpeg"])


@pytest.mark.parametrize("url", FEEDS)
def test_feed_content_is_sanitised(client, url):
    make_story(title="Piège", body=f"Texte {XSS} [x](javascript:alert(1))")
    response, feed = read(client, url)
    content = feed.entries[0].content[0].value
    assert content.startswith("<p>Texte &lt;script&gt;")  # shown as text, not run
    assert "<script" not in content and "<img" not in content
    assert 'href="javascript:' not in content
    assert b"<script>" not in response.content


@pytest.mark.parametrize("url", FEEDS)
def test_feed_has_the_list_filters(client, url):
    rennes = make_place(name="EPN de Rennes")
    lyon = make_place(
        name="Fablab de Lyon", commune="Lyon", postal_code="69004", insee_code="69384"
    )
    make_story(title="Rennes loisirs", places=[rennes], themes=["loisirs"])
    make_story(title="Rennes démarches", places=[rennes], themes=["demarches"])
    make_story(title="Lyon loisirs", places=[lyon], themes=["loisirs"])

    def titles(query: str) -> set[str]:
        return {entry.title for entry in read(client, url + query)[1].entries}

    assert titles(f"?lieu={lyon.slug}") == {"Lyon loisirs"}
    assert titles("?theme=loisirs") == {"Rennes loisirs", "Lyon loisirs"}
    assert titles("?departement=35") == {"Rennes loisirs", "Rennes démarches"}
    assert titles("?departement=35&theme=loisirs") == {"Rennes loisirs"}
    _, feed = read(client, url + f"?lieu={lyon.slug}")
    assert "Fablab de Lyon" in feed.feed.title
    assert feed.feed.link == f"http://testserver/recits/?lieu={lyon.slug}"


@pytest.mark.parametrize("url", FEEDS)
def test_feed_holds_the_thirty_newest(client, url, django_assert_max_num_queries):
    for i in range(32):
        story = make_story(title=f"Récit {i:02}", days_ago=i)
        story.authors.set([make_user(first_name=f"P{i}")])
        add_photo(story)
    with django_assert_max_num_queries(12):
        _, feed = read(client, url)
    assert [entry.title for entry in feed.entries] == [f"Récit {i:02}" for i in range(30)]
