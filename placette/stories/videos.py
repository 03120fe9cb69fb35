"""Videos of stories: a link to PeerTube, YouTube or Vimeo turned into its player's address,
or an uploaded MP4 / WebM file checked by its first bytes.

Links are parsed with urllib.parse and every id is matched by a strict pattern: the player
address is built from the id alone, never from what was typed, so nothing else can be framed.
"""

import re
import uuid
from typing import NamedTuple
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.utils.translation import gettext as _

from placette.stories.models import Video

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com",
                 "www.youtube-nocookie.com"}  # fmt: skip
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
VIMEO_ID = re.compile(r"[0-9]{1,12}")
VIMEO_HASH = re.compile(r"[0-9a-f]{6,20}")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SHORT_UUID = re.compile(r"[1-9A-HJ-NP-Za-km-z]{20,24}")  # PeerTube's base58 short ids
HOST = re.compile(r"(?=.{4,253}\Z)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")

# First bytes of an upload: MP4 has an "ftyp" box at offset 4 with a video brand; WebM
# starts with the EBML magic number and names its DocType "webm" within the header.
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ",
              b"dash", b"mmp4", b"MSNV"}  # fmt: skip
EBML = b"\x1a\x45\xdf\xa3"


class VideoLink(NamedTuple):
    provider: str
    url: str  # the watch page, rebuilt from the id
    embed_url: str  # the player, loaded only when the visitor clicks


def _refuse() -> ValidationError:
    return ValidationError(
        _(
            "Cette adresse n'est pas celle d'une vidéo PeerTube, YouTube ou Vimeo. Copiez "
            "l'adresse de la page de la vidéo, par exemple https://www.youtube.com/watch?v=…"
        ),
        code="unknown_link",
    )


def _segments(path: str) -> list[str]:
    return [part for part in path.split("/") if part]


def _youtube(host: str, path: list[str], query: str) -> VideoLink | None:
    video_id = ""
    if host == "youtu.be" and len(path) == 1:
        video_id = path[0]
    elif host in YOUTUBE_HOSTS:
        if path == ["watch"]:
            video_id = (parse_qs(query).get("v") or [""])[0]
        elif len(path) == 2 and path[0] in ("shorts", "embed", "live"):
            video_id = path[1]
    if not YOUTUBE_ID.fullmatch(video_id):
        return None
    return VideoLink(
        Video.Provider.YOUTUBE,
        f"https://www.youtube.com/watch?v={video_id}",
        f"https://www.youtube-nocookie.com/embed/{video_id}",
    )


def _vimeo(host: str, path: list[str]) -> VideoLink | None:
    if host == "player.vimeo.com":
        path = path[1:] if path[:1] == ["video"] else []
    if not path or not VIMEO_ID.fullmatch(path[0]) or len(path) > 2:
        return None
    video_id, secret = path[0], path[1] if len(path) == 2 else ""
    if secret and not VIMEO_HASH.fullmatch(secret):
        return None
    return VideoLink(
        Video.Provider.VIMEO,
        f"https://vimeo.com/{video_id}" + (f"/{secret}" if secret else ""),
        f"https://player.vimeo.com/video/{video_id}" + (f"?h={secret}" if secret else ""),
    )


def _peertube(host: str, path: list[str]) -> VideoLink | None:
    if len(path) == 2 and path[0] == "w":
        video_id = path[1]
    elif len(path) == 3 and path[0] == "videos" and path[1] in ("watch", "embed"):
        video_id = path[2]
    else:
        return None
    if not (UUID.fullmatch(video_id) or SHORT_UUID.fullmatch(video_id)):
        return None
    return VideoLink(
        Video.Provider.PEERTUBE,
        f"https://{host}/w/{video_id}",
        f"https://{host}/videos/embed/{video_id}",
    )


def parse_link(text: str) -> VideoLink:
    """The video behind a link to its page; ValidationError (in French) for anything else."""
    text = text.strip()
    if "://" not in text:
        text = "https://" + text  # "youtu.be/…" pasted without its scheme
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise _refuse() from error
    if parts.scheme.lower() != "https":
        raise ValidationError(
            _("L'adresse de la vidéo doit commencer par https://"), code="not_https"
        )
    host = (parts.hostname or "").lower()
    if parts.username or parts.password or port is not None or not HOST.fullmatch(host):
        raise _refuse()
    path = _segments(parts.path)
    if host in YOUTUBE_HOSTS or host == "youtu.be":
        link = _youtube(host, path, parts.query)
    elif host in VIMEO_HOSTS:
        link = _vimeo(host, path)
    else:
        link = _peertube(host, path)
    if link is None:
        raise _refuse()
    return link


# --- Uploads -------------------------------------------------------------------------------


def max_video_bytes() -> int:
    return settings.PLACETTE_VIDEO_MAX_MB * 1024 * 1024


def sniff(head: bytes) -> str:
    """The content type of a video by its first bytes: video/mp4, video/webm or ""."""
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS:
        return "video/mp4"
    if head[:4] == EBML and b"webm" in head[:64]:
        return "video/webm"
    return ""


def check_upload(upload) -> tuple[File, str]:
    """The upload under a generated name, with its content type; ValidationError (in French)
    when it is too big or not an MP4 or WebM video."""
    if upload.size > max_video_bytes():
        raise ValidationError(
            _("Ce fichier dépasse %(max)s Mo : envoyez une vidéo plus légère, ou un lien.")
            % {"max": settings.PLACETTE_VIDEO_MAX_MB},
            code="too_big",
        )
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    content_type = sniff(head)
    if not content_type:
        raise ValidationError(_("Ce fichier n'est pas une vidéo MP4 ou WebM."), code="not_a_video")
    extension = "mp4" if content_type == "video/mp4" else "webm"
    return File(upload, name=f"{uuid.uuid4().hex}.{extension}"), content_type
