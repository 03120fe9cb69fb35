"""Stories, their photos and videos, built through stories.services (by nobody, as the demo
loader writes, unless an author is given)."""

import itertools
from collections.abc import Sequence
from datetime import timedelta
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from placette.stories import services
from placette.stories.models import Story, Video
from placette.stories.videos import VideoLink

_counter = itertools.count(1)
GPS_IFD = 0x8825


def jpeg(size=(3000, 2000), *, gps: bool = True, exif: bool = True, fmt: str = "JPEG") -> bytes:
    """A picture as a phone makes it: EXIF with the maker and a GPS position (`exif=False`:
    a bare picture, as stored once cleaned)."""
    image = Image.new("RGB", size, (30, 120, 200))
    metadata = Image.Exif()
    if exif:
        metadata[0x010F] = "PhoneMaker"  # Make
        metadata[0x0132] = "2024:05:04 10:00:00"  # DateTime
        if gps:
            gps_data = {1: "N", 2: (48.0, 6.0, 30.0), 3: "W", 4: (1.0, 40.0, 5.0)}
            metadata.get_ifd(GPS_IFD).update(gps_data)
    out = BytesIO()
    image.save(out, format=fmt, exif=metadata)
    return out.getvalue()


def make_draft(author=None, *, title: str | None = None, **fields) -> Story:
    """A draft as its author (or the demo loader, for None) writes it."""
    title = title or f"Récit {next(_counter)}"
    return services.create_story(by=author, title=title, **fields)


def make_story(
    title: str | None = None,
    *,
    body: str = "Le récit de la journée.",
    status: str = Story.Status.PUBLISHED,
    authors: Sequence = (),
    days_ago: int = 0,
    **fields,
) -> Story:
    """A story moved to `status` by the services. Published stories are dated `days_ago`,
    and among stories of the same day the later made is the older."""
    n = next(_counter)
    author = authors[0] if authors else None
    story = make_draft(author, title=title or f"Récit {n}", body=body, **fields)
    for other in authors[1:]:
        services.add_author(story=story, user=other)
    if status == Story.Status.PENDING:
        services.submit(story=story, by=None)
    elif status == Story.Status.PUBLISHED:
        services.publish(story=story, by=None)
        published_at = timezone.now() - timedelta(days=days_ago, minutes=n)
        Story.objects.filter(pk=story.pk).update(published_at=published_at)
    story.refresh_from_db()
    return story


def add_photo(story: Story, *, alt: str = "Des enfants à l’atelier", variants: bool = True, **kw):
    """A photo, as uploaded and cleaned; with `variants`, its 480 and 960 px files as the task
    queue names them. `position` puts it there."""
    position = kw.pop("position", None)
    photo = services.add_photo(
        story=story,
        image=ContentFile(jpeg((1200, 800), exif=False), name=f"photo-{next(_counter)}.jpg"),
        alt=alt,
        consent=True,
        by=None,
        queue_variants=False,
        **kw,
    )
    if position is not None:
        photo.position = position
    if variants:
        base = photo.image.name.rsplit(".", 1)[0]
        photo.variants = []
        for width in (480, 960):
            names = {}
            for ext in ("webp", "jpg"):
                small = ContentFile(jpeg((64, 48), exif=False))
                names[ext] = default_storage.save(f"{base}-{width}.{ext}", small)
            photo.variants.append(
                {
                    "width": width,
                    "height": width * 2 // 3,
                    "webp": names["webp"],
                    "jpeg": names["jpg"],
                }
            )
    photo.save()
    return photo


def add_linked_video(story: Story, *, title: str = "Visite du lieu", transcript: str = "", **link):
    """A linked video; `link` overrides the provider, url or embed_url of a YouTube one."""
    data = {
        "provider": Video.Provider.YOUTUBE,
        "url": "https://www.youtube.com/watch?v=abc123",
        "embed_url": "https://www.youtube-nocookie.com/embed/abc123",
        **link,
    }
    return services.add_video(
        story=story, title=title, transcript=transcript, link=VideoLink(**data), by=None
    )
