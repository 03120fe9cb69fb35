"""Which file of a photo to show where: responsive variants (Photo.variants) once the task
queue made them, the uploaded image until then."""

import mimetypes
from dataclasses import dataclass

from django.core.files.storage import default_storage

from placette.stories.models import Photo

OG_WIDTH = 960  # what social networks show: the 960 px JPEG


@dataclass(frozen=True)
class Picture:
    src: str
    width: int
    height: int
    alt: str
    webp_srcset: str = ""
    jpeg_srcset: str = ""


def _variants(photo: Photo) -> list[dict]:
    variants = [v for v in photo.variants or [] if v.get("jpeg") and v.get("width")]
    return sorted(variants, key=lambda v: v["width"])


def picture(photo: Photo, *, small: bool = False) -> Picture:
    """The <picture> of a photo; `small` picks the narrowest JPEG as the plain src (cards)."""
    variants = _variants(photo)
    if not variants:
        return Picture(src=photo.image.url, width=photo.width, height=photo.height, alt=photo.alt)
    chosen = variants[0] if small else _closest(variants, OG_WIDTH)
    return Picture(
        src=default_storage.url(chosen["jpeg"]),
        width=chosen["width"],
        height=chosen.get("height") or 0,
        alt=photo.alt,
        webp_srcset=", ".join(
            f"{default_storage.url(v['webp'])} {v['width']}w" for v in variants if v.get("webp")
        ),
        jpeg_srcset=", ".join(f"{default_storage.url(v['jpeg'])} {v['width']}w" for v in variants),
    )


def _closest(variants: list[dict], width: int) -> dict:
    """The variant of that width, or the widest one narrower, or the narrowest."""
    narrower = [v for v in variants if v["width"] <= width]
    return narrower[-1] if narrower else variants[0]


def og_image_path(photo: Photo) -> str:
    """The URL path of the photo shared on social networks (made absolute by the caller)."""
    variants = _variants(photo)
    if variants:
        return default_storage.url(_closest(variants, OG_WIDTH)["jpeg"])
    return photo.image.url


def og_image_file(photo: Photo) -> tuple[str, str]:
    """(storage name, MIME type) of that same file: feeds give its size as an enclosure."""
    variants = _variants(photo)
    if variants:
        return _closest(variants, OG_WIDTH)["jpeg"], "image/jpeg"
    name = photo.image.name
    return name, mimetypes.guess_type(name)[0] or "image/jpeg"
