"""Files joined to resources, checked by what they hold, never by their name.

A PDF starts with "%PDF-"; an OpenDocument file is a zip whose first entry, "mimetype",
names its type; an image is re-encoded by core/images.py (no metadata left). Anything else
is refused, whatever its name says. The stored name is ours: the slugified title and the
extension of the type found, so the uploader's file name never becomes a path.
"""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.text import slugify
from django.utils.translation import gettext as _

from placette.core import images

OPENDOCUMENT = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
IMAGE_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
LABELS = {
    "application/pdf": "PDF",
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
    "application/vnd.oasis.opendocument.presentation": "ODP",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/webp": "WebP",
}


@dataclass
class Checked:
    file: ContentFile
    content_type: str
    size: int


def max_bytes() -> int:
    return settings.PLACETTE_ATTACHMENT_MAX_MB * 1024 * 1024


def type_label(content_type: str) -> str:
    return LABELS.get(content_type, content_type)


def check(upload, *, title: str) -> Checked:
    """The file to store for `upload`, or ValidationError (type or size)."""
    size = getattr(upload, "size", None)
    if size is None or size > max_bytes():
        raise ValidationError(
            _("Fichier trop lourd : %(max)s Mo au plus.")
            % {"max": settings.PLACETTE_ATTACHMENT_MAX_MB}
        )
    stem = slugify(title)[:80] or "fichier"
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return _stored(upload, stem, "pdf", "application/pdf")
    if head.startswith(b"PK\x03\x04"):
        content_type = _opendocument_type(upload)
        if content_type:
            return _stored(upload, stem, OPENDOCUMENT[content_type], content_type)
    elif head.startswith((b"\xff\xd8\xff", b"\x89PNG", b"RIFF")):
        picture = images.clean_upload(upload)
        extension = picture.name.rsplit(".", 1)[-1]
        picture.name = f"{stem}.{extension}"
        return Checked(picture, IMAGE_TYPES[extension], picture.size)
    raise ValidationError(
        _(
            "Type de fichier non accepté : PDF, OpenDocument (ODT, ODS, ODP) ou image "
            "(JPEG, PNG, WebP)."
        )
    )


def _opendocument_type(upload) -> str:
    """The OpenDocument type named by the zip's first entry, or "" for any other zip."""
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if not entries or entries[0].filename != "mimetype":
                return ""
            named = archive.read(entries[0]).decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, OSError, ValueError):
        return ""
    finally:
        upload.seek(0)
    return named if named in OPENDOCUMENT else ""


def _stored(upload, stem: str, extension: str, content_type: str) -> Checked:
    data = upload.read()
    upload.seek(0)
    return Checked(ContentFile(data, name=f"{stem}.{extension}"), content_type, len(data))
