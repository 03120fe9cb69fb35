"""Uploaded pictures, made safe to publish: re-encoded by Pillow, without their metadata.

A phone photo carries EXIF data (GPS position, device, date): publishing it as uploaded could
tell where someone lives. Re-encoding keeps only the pixels, turned the right way up, and caps
the size so that a 4G phone does not download a 12-megapixel file.
"""

from io import BytesIO
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_SIDE = 1600
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def clean_upload(upload) -> ContentFile:
    """The picture of `upload` without metadata, at most MAX_SIDE pixels wide or high, in its
    own format (JPEG, PNG or WebP). ValidationError for anything else."""
    try:
        with Image.open(upload) as image:
            kind = image.format
            if kind not in FORMATS:
                raise ValidationError(_("Format d'image non pris en charge (JPEG, PNG ou WebP)."))
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            if kind == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = BytesIO()
            # No exif=, no pnginfo=: Pillow writes the pixels only.
            image.save(out, format=kind, quality=85, optimize=True)
    except (UnidentifiedImageError, OSError) as error:
        raise ValidationError(_("Ce fichier n'est pas une image lisible.")) from error
    stem = slugify(Path(getattr(upload, "name", "") or "image").stem)[:60] or "image"
    return ContentFile(out.getvalue(), name=f"{stem}.{FORMATS[kind]}")
