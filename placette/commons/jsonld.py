"""schema.org JSON-LD of a resource: a HowTo for tutorials, an Article for articles and
interviews, a CreativeWork otherwise, with its licence and its contributors by public name."""

from collections.abc import Callable

from placette.commons.models import Kind, Resource, Revision
from placette.commons.people import public_name
from placette.core import licences

TYPES = {Kind.TUTORIAL: "HowTo", Kind.ARTICLE: "Article", Kind.INTERVIEW: "Article"}


def resource(
    resource: Resource, *, url: str, revisions: list[Revision], absolute: Callable[[str], str]
) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": TYPES.get(resource.kind, "CreativeWork"),
        "name": resource.title,
        "url": url,
        "inLanguage": "fr",
        "dateCreated": resource.created_at.isoformat(),
        "dateModified": resource.updated_at.isoformat(),
        "genre": str(Kind(resource.kind).label),
    }
    if resource.kind in (Kind.ARTICLE, Kind.INTERVIEW):
        data["headline"] = resource.title[:110]
    if resource.summary:
        data["description"] = resource.summary
    licence = licences.url(resource.licence)
    if licence:
        data["license"] = licence
    else:
        data["copyrightNotice"] = licences.short(resource.licence)
    names = list(dict.fromkeys(public_name(r.author) for r in revisions if r.author_id))
    if names:
        data["author"] = [{"@type": "Person", "name": name} for name in names]
    places = [
        {"@type": "Organization", "name": p.name, "url": absolute(p.get_absolute_url())}
        for p in resource.places.all()
        if p.is_published
    ]
    if places:
        data["sourceOrganization"] = places
    return data
