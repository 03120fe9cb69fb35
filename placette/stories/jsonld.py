"""schema.org JSON-LD of a story (a BlogPosting), as search engines read it."""

from placette.core import licences
from placette.stories.models import Story


def story(
    story: Story,
    *,
    url: str,
    image_url: str,
    authors: list[str],
    places: list[tuple[str, str]],  # (name, absolute URL)
) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": story.title[:110],
        "inLanguage": "fr",
    }
    if story.summary:
        data["description"] = story.summary
    if story.published_at:
        data["datePublished"] = story.published_at.isoformat()
    data["dateModified"] = story.updated_at.isoformat()
    if authors:
        data["author"] = [{"@type": "Person", "name": name} for name in authors]
    elif story.credit:
        data["author"] = {"@type": "Organization", "name": story.credit}
    if image_url:
        data["image"] = image_url
    licence_url = licences.url(story.licence)
    if licence_url:
        data["license"] = licence_url
    if places:
        data["about"] = [{"@type": "Place", "name": name, "url": link} for name, link in places]
    return data
