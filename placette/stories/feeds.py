"""RSS 2.0 and Atom feeds of published stories, with the list's filters (/recits/rss.xml?lieu=…)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import gettext as _

from placette.core.markdown import render as render_markdown
from placette.places import territories
from placette.places import vocab as place_vocab
from placette.stories import pictures, queries
from placette.stories.models import Story

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"


class _RssWithContent(Rss201rev2Feed):
    """RSS 2.0 with the full text in <content:encoded>, as feed readers expect."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


class _AtomWithContent(Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


def author_names(story: Story) -> list[str]:
    """Full names of the authors who gave one (never an e-mail address)."""
    return [name for name in (a.get_full_name().strip() for a in story.authors.all()) if name]


def byline(story: Story) -> str:
    return story.credit or ", ".join(author_names(story))


@dataclass(frozen=True)
class FeedQuery:
    filters: queries.StoryFilters
    absolute: Callable[[str], str]


def _enclosures(story: Story, absolute: Callable[[str], str]) -> list[Enclosure]:
    """The first photo (its 960 px JPEG), as feed readers show it."""
    photos = list(story.photos.all())
    if not photos:
        return []
    name, mime_type = pictures.og_image_file(photos[0])
    try:
        length = str(default_storage.size(name))
    except OSError:
        length = "0"  # RSS requires a length; 0 says "unknown"
    return [Enclosure(absolute(pictures.og_image_path(photos[0])), length, mime_type)]


class StoriesRss(Feed):
    feed_type = _RssWithContent

    def get_object(self, request, *args, **kwargs) -> "FeedQuery":
        # The feed object is shared by every request: what an item needs from this one
        # (the absolute URL of its picture) is computed in items(), not kept on self.
        filters = queries.StoryFilters.from_query(request.GET)
        return FeedQuery(filters=filters, absolute=request.build_absolute_uri)

    def title(self, query: FeedQuery) -> str:
        parts = [_("Récits des tiers-lieux")]
        filters = query.filters
        place = queries.filter_place(filters)
        if place:
            parts.append(place.name)
        if filters.theme:
            parts.append(str(dict(place_vocab.Service.choices)[filters.theme]))
        if filters.departement:
            parts.append(territories.departement_label(filters.departement))
        return " – ".join([*parts, settings.SITE_NAME])

    def link(self, query: FeedQuery) -> str:
        text = query.filters.querystring()
        return reverse("stories:list") + (f"?{text}" if text else "")

    def description(self, query: FeedQuery) -> str:
        return _("Ce qui se vit dans les tiers-lieux, raconté par celles et ceux qui y sont.")

    def items(self, query: "FeedQuery") -> list[Story]:
        stories = list(
            queries.listed(query.filters).prefetch_related("authors")[: queries.FEED_LIMIT]
        )
        for story in stories:
            story.feed_enclosures = _enclosures(story, query.absolute)
        return stories

    def item_title(self, story: Story) -> str:
        return story.title

    def item_description(self, story: Story) -> str:
        return story.summary

    def item_link(self, story: Story) -> str:
        return story.get_absolute_url()

    def item_pubdate(self, story: Story):
        return story.published_at

    def item_updateddate(self, story: Story):
        return story.updated_at

    def item_author_name(self, story: Story) -> str:
        return byline(story) or None

    def item_categories(self, story: Story) -> list[str]:
        return place_vocab.labels(place_vocab.Service, story.themes)

    def item_enclosures(self, story: Story) -> list[Enclosure]:
        return story.feed_enclosures

    def item_extra_kwargs(self, story: Story) -> dict:
        return {"content": str(render_markdown(story.body))}


class StoriesAtom(StoriesRss):
    feed_type = _AtomWithContent

    def subtitle(self, query: FeedQuery) -> str:
        return self.description(query)
