"""Videos of stories: PeerTube / YouTube / Vimeo links turned into their player's address
(anything else refused), MP4 / WebM uploads checked by their first bytes and size."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from placette.stories import videos
from placette.stories.models import Story, Video
from tests.factories import make_draft, make_user

UUID = "9c9de5e8-0a1e-484a-b099-e80766180a6d"
SHORT = "kkGMgK9ZtnKfYAgnEtQxbv"
MP4 = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + b"\x00" * 200
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + b"\x00" * 200


@pytest.mark.parametrize(
    "link, provider, embed",
    [
        (
            f"https://framatube.org/w/{SHORT}",
            "peertube",
            f"https://framatube.org/videos/embed/{SHORT}",
        ),
        (
            f"https://video.example.coop/videos/watch/{UUID}",
            "peertube",
            f"https://video.example.coop/videos/embed/{UUID}",
        ),
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
            "youtube",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        (
            "https://youtu.be/dQw4w9WgXcQ?si=abc",
            "youtube",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        (
            "youtube.com/shorts/dQw4w9WgXcQ",
            "youtube",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://vimeo.com/76979871", "vimeo", "https://player.vimeo.com/video/76979871"),
        (
            "https://vimeo.com/76979871/a1b2c3d4e5",
            "vimeo",
            "https://player.vimeo.com/video/76979871?h=a1b2c3d4e5",
        ),
    ],
)
def test_known_links_become_their_player(link, provider, embed):
    parsed = videos.parse_link(link)
    assert parsed.provider == provider and parsed.embed_url == embed
    assert parsed.url.startswith("https://")


@pytest.mark.parametrize(
    "link",
    [
        "http://www.youtube.com/watch?v=dQw4w9WgXcQ",  # https only
        "javascript:alert(1)",
        "https://www.youtube.com/watch?v=dQw4w9WgXc",  # 10 characters
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ%22onload%3D",
        "https://www.youtube.com/watch?v=<script>",
        "https://www.youtube.com/playlist?list=PL123",
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://user@www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",
        "https://vimeo.com/channels/staffpicks",
        "https://vimeo.com/123abc",
        f"https://framatube.org/w/p/{SHORT}",  # a playlist
        "https://framatube.org/w/not-an-id",
        "https://dailymotion.com/video/x7tgad0",
        "https://example.org/video.mp4",
        "https://[::1]/w/" + UUID,
        "",
    ],
)
def test_anything_else_is_refused(link):
    with pytest.raises(ValidationError):
        videos.parse_link(link)


def test_uploads_are_recognised_by_their_first_bytes():
    assert videos.sniff(MP4) == "video/mp4"
    assert videos.sniff(WEBM) == "video/webm"
    assert videos.sniff(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 20) == ""  # an iPhone photo
    assert videos.sniff(b"<html><script>alert(1)</script>") == ""
    assert videos.sniff(b"\x1a\x45\xdf\xa3" + b"\x00" * 60) == ""  # EBML but not WebM


@pytest.fixture
def story(db, settings, tmp_path) -> Story:
    settings.MEDIA_ROOT = tmp_path
    return make_draft(make_user(), title="Le bus numérique", body="Texte")


def _post(client, story, **data):
    client.force_login(story.authors.get())
    return client.post(reverse("stories:videos", args=[story.slug]), data)


def test_a_link_is_saved_with_its_player(client, story):
    response = _post(
        client,
        story,
        title="Le bus à Trégunc",
        url=f"https://tube.example.fr/w/{SHORT}",
        transcript="Une médiatrice explique…",
    )
    assert response.status_code == 302
    video = Video.objects.get()
    assert video.provider == Video.Provider.PEERTUBE
    assert video.embed_url == f"https://tube.example.fr/videos/embed/{SHORT}"
    assert video.url == f"https://tube.example.fr/w/{SHORT}"
    assert video.transcript == "Une médiatrice explique…" and not video.file


def test_a_refused_link_keeps_what_was_typed(client, story):
    response = _post(
        client, story, title="Mon titre", url="https://example.org/film", transcript="Résumé"
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "pas celle d&#x27;une vidéo PeerTube, YouTube ou Vimeo" in html
    assert 'value="Mon titre"' in html and "Résumé</textarea>" in html
    assert 'value="https://example.org/film"' in html
    assert not Video.objects.exists()


@pytest.mark.parametrize("data, kind", [(MP4, "video/mp4"), (WEBM, "video/webm")])
def test_a_file_is_stored_under_a_generated_name(client, story, data, kind):
    upload = SimpleUploadedFile('"><img src=x onerror=alert(1)>.mp4', data, "video/mp4")
    response = _post(client, story, title="Réparer un grille-pain", file=upload)
    assert response.status_code == 302
    video = Video.objects.get()
    assert video.provider == Video.Provider.UPLOAD and video.content_type == kind
    assert video.file.name.startswith("stories/videos/")
    assert "<" not in video.file.name and "onerror" not in video.file.name
    assert video.file.name.endswith(".mp4" if kind == "video/mp4" else ".webm")
    with default_storage.open(video.file.name, "rb") as stored:
        assert stored.read() == data
    html = client.get(reverse("stories:videos", args=[story.slug])).content.decode()
    assert "Réparer un grille-pain" in html and "onerror" not in html


def test_a_file_that_is_not_a_video_or_too_big_is_refused(client, story, settings):
    fake = SimpleUploadedFile("film.mp4", b"<script>alert(1)</script>" * 10, "video/mp4")
    response = _post(client, story, title="Gardé", file=fake)
    assert response.status_code == 400
    assert "pas une vidéo MP4 ou WebM" in response.content.decode()
    settings.PLACETTE_VIDEO_MAX_MB = 1
    big = SimpleUploadedFile("film.mp4", MP4 + b"\0" * (1024 * 1024), "video/mp4")
    response = _post(client, story, title="Gardé", file=big)
    assert response.status_code == 400
    html = response.content.decode()
    assert "dépasse 1 Mo" in html and 'value="Gardé"' in html
    assert not Video.objects.exists()


def test_title_and_exactly_one_source_are_required(client, story):
    response = _post(client, story, title="", url="")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Donnez un titre à la vidéo." in html
    assert "Donnez l&#x27;adresse de la vidéo, ou choisissez un fichier." in html
    both = SimpleUploadedFile("a.mp4", MP4, "video/mp4")
    response = _post(client, story, title="Deux", url="https://vimeo.com/76979871", file=both)
    assert response.status_code == 400
    assert "pas les deux" in response.content.decode()
    assert not Video.objects.exists()


def test_a_video_is_removed_with_its_file(client, story, django_capture_on_commit_callbacks):
    _post(client, story, title="Fichier", file=SimpleUploadedFile("a.webm", WEBM, "video/webm"))
    video = Video.objects.get()
    name = video.file.name
    assert default_storage.exists(name)
    url = reverse("stories:video_delete", args=[story.slug, video.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert not Video.objects.exists() and not default_storage.exists(name)
