"""Photos of stories: what an upload must be, and the responsive sizes made from it.

The upload is checked by its content (Pillow reads it; the name and the browser's type are not
trusted), re-encoded without metadata by core/images.py (EXIF, GPS), then the task queue
(tasks.py) writes the variants: a WebP and a JPEG per width, for <picture> and srcset.
"""

from io import BytesIO
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image

from placette.core import images
from placette.stories.models import Photo

WIDTHS = (480, 960, 1440)
QUALITY = 80


def max_photo_bytes() -> int:
    return settings.PLACETTE_PHOTO_MAX_MB * 1024 * 1024


def check_photo(upload) -> ContentFile:
    """The photo of `upload`, re-encoded without metadata; ValidationError (in French) when it
    is too big or not a JPEG, PNG or WebP picture."""
    if upload.size > max_photo_bytes():
        raise ValidationError(
            _("Ce fichier dépasse %(max)s Mo : envoyez une photo plus légère.")
            % {"max": settings.PLACETTE_PHOTO_MAX_MB},
            code="too_big",
        )
    try:
        return images.clean_upload(upload)
    except ValidationError as error:
        if error.code == "too_many_pixels":
            raise
        raise ValidationError(
            _("Ce fichier n'est pas une photo JPEG, PNG ou WebP lisible."), code="not_a_photo"
        ) from error


def _widths(original: int) -> list[int]:
    """The variant widths narrower than the original; at least one (the original's own)."""
    return [w for w in WIDTHS if w < original] or [original]


def _flat(image: Image.Image) -> Image.Image:
    """RGB for JPEG: transparency goes onto white."""
    if image.mode == "RGBA":
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image


def _save(image: Image.Image, name: str, fmt: str) -> str:
    out = BytesIO()
    # No exif= nor icc_profile=: the pixels only.
    image.save(out, format=fmt, quality=QUALITY, optimize=fmt == "JPEG")
    return default_storage.save(name, ContentFile(out.getvalue()))


def write_variants(photo: Photo) -> list[dict]:
    """Write the variants of `photo` beside its image; returns them as Photo.variants holds
    them (narrowest first). Variants written before are replaced."""
    for variant in photo.variants or []:
        for key in ("webp", "jpeg"):
            if variant.get(key):
                default_storage.delete(variant[key])
    path = PurePosixPath(photo.image.name)
    stem = str(path.with_suffix(""))
    variants = []
    with default_storage.open(photo.image.name, "rb") as stored, Image.open(stored) as source:
        source.load()
        if source.mode not in ("RGB", "RGBA"):
            transparent = "A" in source.getbands() or "transparency" in source.info
            source = source.convert("RGBA" if transparent else "RGB")
        for width in _widths(source.width):
            height = max(1, round(source.height * width / source.width))
            resized = source.resize((width, height), Image.Resampling.LANCZOS)
            variants.append(
                {
                    "width": width,
                    "height": height,
                    "webp": _save(resized, f"{stem}-{width}.webp", "WEBP"),
                    "jpeg": _save(_flat(resized), f"{stem}-{width}.jpg", "JPEG"),
                }
            )
    return variants
