"""The public side of stories: the list, a story's page, sharing on Mastodon."""

from urllib.parse import urlsplit

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from placette.places import territories
from placette.places import vocab as place_vocab
from placette.stories import jsonld, pictures, queries, share
from placette.stories.feeds import author_names, byline
from placette.stories.models import Story, Video
from placette.stories.permissions import can_edit_story


def _departement_choices() -> list[tuple[str, str]]:
    return sorted(
        ((code, territories.departement_label(code)) for code in territories.DEPARTEMENTS),
        key=lambda pair: pair[1],
    )


@require_GET
def story_list(request):
    filters = queries.StoryFilters.from_query(request.GET)
    paginator = Paginator(queries.listed(filters), queries.PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    query = filters.querystring()
    context = {
        "filters": filters,
        "filter_place": queries.filter_place(filters),
        "page": page,
        "themes": place_vocab.Service.choices,
        "departements": _departement_choices(),
        "feed_query": f"?{query}" if query else "",
    }
    return render(request, "stories/list.html", context)


def _visible_story(request, slug: str) -> Story:
    story = queries.for_page(slug)
    if story is None or not queries.can_see(request.user, story):
        raise Http404
    return story


def embed_hosts(videos: list[Video]) -> list[str]:
    """The origins of the linked videos' players: the only frames the page may load."""
    hosts = set()
    for video in videos:
        parts = urlsplit(video.embed_url)
        if video.provider != Video.Provider.UPLOAD and parts.scheme == "https" and parts.hostname:
            hosts.add(f"https://{parts.netloc}")
    return sorted(hosts)


@require_GET
def story_detail(request, slug: str):
    story = _visible_story(request, slug)
    url = request.build_absolute_uri(story.get_absolute_url())
    photos = list(story.photos.all())
    videos = list(story.videos.all())
    image_url = request.build_absolute_uri(pictures.og_image_path(photos[0])) if photos else ""
    names = author_names(story)
    frames = embed_hosts(videos)
    context = {
        "story": story,
        "photos": photos,
        "videos": videos,
        "places": story.public_places,
        "events": story.public_events,
        "byline": byline(story),
        "themes": place_vocab.labels(place_vocab.Service, story.themes),
        "theme_links": [
            (code, label) for code, label in place_vocab.Service.choices if code in story.themes
        ],
        "can_edit": can_edit_story(request.user, story),
        "has_embeds": bool(frames),
        "canonical_url": url,
        "image_url": image_url,
        "image_alt": photos[0].alt if photos else "",
        "share_links": share.links(title=story.title, url=url, summary=story.summary),
        "jsonld": jsonld.story(
            story,
            url=url,
            image_url=image_url,
            authors=names,
            places=[
                (place.name, request.build_absolute_uri(place.get_absolute_url()))
                for place in story.public_places
            ],
        ),
    }
    response = render(request, "stories/detail.html", context)
    _allow_sharing_and_frames(response, frames=frames)
    return response


def _allow_sharing_and_frames(response, *, frames: list[str]) -> None:
    """This response's Content-Security-Policy additions (django-csp reads _csp_update).

    The Mastodon form lands, through our redirect, on the instance the visitor picked:
    browsers check form-action along redirects, so the pages holding that form allow
    https form targets. Video players are allowed as frames only where a video is shown."""
    update = {"form-action": ["https:"]}
    if frames:
        update["frame-src"] = frames
    response._csp_update = update


@require_GET
def share_mastodon(request, slug: str):
    """GET ?instance=…: redirect to that instance's share page; else show the form again."""
    story = _visible_story(request, slug)
    raw = request.GET.get("instance")
    error = ""
    if raw is not None:
        try:
            instance = share.clean_instance(raw)
        except share.InvalidInstance as invalid:
            error = str(invalid)
        else:
            url = request.build_absolute_uri(story.get_absolute_url())
            return redirect(share.mastodon_url(instance=instance, title=story.title, url=url))
    context = {"story": story, "instance": raw or "", "error": error}
    response = render(request, "stories/share_mastodon.html", context)
    _allow_sharing_and_frames(response, frames=[])
    return response
