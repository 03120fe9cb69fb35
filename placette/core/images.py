"""Uploaded pictures, made safe to publish: re-encoded by Pillow, without their metadata.

A phone photo carries EXIF data (GPS position, device, date), a JPEG comment or PNG text may
carry a name or a phone number: publishing it as uploaded could tell where someone lives.
Re-encoding keeps only the pixels, turned the right way up, and caps the size so that a 4G
phone does not download a 12-megapixel file. The pixel count is read from the header before
anything is decoded: a tiny file can declare enough pixels to fill the server's memory.
"""

import warnings
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_SIDE = 1600
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# What Pillow may write from image.info: transparency is pixels, not metadata.
KEPT_INFO = ("transparency",)


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("Cette image est trop grande (plus de %(max)s millions de pixels) : réduisez-la.")
        % {"max": settings.PLACETTE_IMAGE_MAX_MEGAPIXELS},
        code="too_many_pixels",
    )


def _upright(image: Image.Image) -> Image.Image:
    """Turned as its EXIF orientation says; as it is when that EXIF cannot be read."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Corrupt EXIF data": handled just below
            return ImageOps.exif_transpose(image)
    except Exception:  # any malformed EXIF (SyntaxError, struct.error…): keep them unturned
        return image


def _srgb(image: Image.Image) -> Image.Image:
    """Pixels converted to sRGB when a colour profile came with them: the profile itself is
    dropped (it can name a device), and browsers show untagged pictures as sRGB."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(BytesIO(icc))
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"))
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def _pixels_only(image: Image.Image) -> Image.Image:
    """`image` without EXIF, XMP, ICC, JPEG comment or PNG text: Pillow writes some of
    image.info back when saving (the JPEG comment, a PNG's profile)."""
    image.info = {key: value for key, value in image.info.items() if key in KEPT_INFO}
    return image


def clean_upload(upload) -> ContentFile:
    """The picture of `upload` without metadata, at most MAX_SIDE pixels wide or high, in its
    own format (JPEG, PNG or WebP). ValidationError for anything else, and for a picture of
    more than PLACETTE_IMAGE_MAX_MEGAPIXELS."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # checked below
            opened = Image.open(upload)
        with opened as image:
            kind = image.format
            if kind not in FORMATS:
                raise ValidationError(_("Format d'image non pris en charge (JPEG, PNG ou WebP)."))
            width, height = image.size  # from the header: nothing is decoded yet
            if width * height > settings.PLACETTE_IMAGE_MAX_MEGAPIXELS * 1_000_000:
                raise _too_many_pixels()
            image = _upright(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            if kind == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            image = _pixels_only(_srgb(image))
            out = BytesIO()
            image.save(out, format=kind, quality=85, optimize=True)
    except Image.DecompressionBombError as error:
        raise _too_many_pixels() from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(_("Ce fichier n'est pas une image lisible.")) from error
    stem = slugify(Path(getattr(upload, "name", "") or "image").stem)[:60] or "image"
    return ContentFile(out.getvalue(), name=f"{stem}.{FORMATS[kind]}")
