"""Photos of stories: checked by content and size, stored without EXIF/GPS, made into
responsive variants (WebP + JPEG) by the task queue; edited, reordered, deleted with their
files; what was typed is kept when a file is refused; nothing typed runs as script."""

from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from placette.stories import services
from placette.stories.models import Photo
from tests.factories import make_draft, make_user
from tests.factories.stories import GPS_IFD, jpeg

pytestmark = pytest.mark.django_db

XSS = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def _has_gps(data: bytes) -> bool:
    with Image.open(BytesIO(data)) as image:
        return bool(image.getexif().get_ifd(GPS_IFD))


def _assert_clean(name: str, fmt: str) -> tuple[int, int]:
    with default_storage.open(name, "rb") as stored, Image.open(stored) as image:
        assert image.format == fmt, name
        assert not image.getexif(), name
        assert "exif" not in image.info, name
        return image.size


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def story(media):
    return make_draft(make_user(), title="Le repair café", body="Texte")


def _upload(client, story, data: bytes, name="IMG_2041.jpg", **fields):
    client.force_login(story.authors.get())
    form = {"alt": "Deux tables de réparation", "caption": "Samedi", "consent": "on", **fields}
    form["image"] = SimpleUploadedFile(name, data, content_type="image/jpeg")
    return client.post(reverse("stories:photos", args=[story.slug]), form)


def test_the_stored_photo_and_every_variant_lose_exif_and_gps(
    client, story, run_tasks, django_capture_on_commit_callbacks
):
    original = jpeg()
    assert _has_gps(original)  # the test photo really carries a position
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, story, original)
    assert response.status_code == 302
    photo = Photo.objects.get(story=story)
    assert photo.variants == []  # made by the queue, not during the request
    assert _assert_clean(photo.image.name, "JPEG") == (1600, 1067)  # capped by core/images.py
    assert (photo.width, photo.height) == (1600, 1067)
    assert photo.consent and photo.alt == "Deux tables de réparation"

    run_tasks()
    photo.refresh_from_db()
    assert [v["width"] for v in photo.variants] == [480, 960, 1440]
    folder = photo.image.name.rsplit("/", 1)[0]
    for variant in photo.variants:
        height = round(1067 * variant["width"] / 1600)
        assert variant["height"] == height
        assert variant["webp"].startswith(folder + "/") and variant["webp"].endswith(".webp")
        assert variant["jpeg"].startswith(folder + "/") and variant["jpeg"].endswith(".jpg")
        assert _assert_clean(variant["webp"], "WEBP") == (variant["width"], height)
        assert _assert_clean(variant["jpeg"], "JPEG") == (variant["width"], height)


def test_a_small_photo_gets_one_variant_of_its_own_width(story):
    from django.core.files.base import ContentFile

    from placette.stories import tasks

    photo = services.add_photo(
        story=story,
        image=ContentFile(jpeg((300, 200)), name="petite.jpg"),
        alt="Une petite photo",
        consent=True,
        by=story.authors.get(),
        queue_variants=False,
    )
    assert tasks.make_photo_variants.call(photo_id=photo.pk) == 1
    photo.refresh_from_db()
    assert [(v["width"], v["height"]) for v in photo.variants] == [(300, 200)]


def test_a_png_with_transparency_gets_a_flat_jpeg_and_a_webp(story):
    from django.core.files.base import ContentFile

    from placette.stories import photos as uploads

    out = BytesIO()
    Image.new("RGBA", (1000, 500), (200, 0, 0, 0)).save(out, format="PNG")
    photo = services.add_photo(
        story=story,
        image=ContentFile(out.getvalue(), name="plan.png"),
        alt="Un plan",
        consent=True,
        by=story.authors.get(),
        queue_variants=False,
    )
    variants = uploads.write_variants(photo)
    assert [v["width"] for v in variants] == [480, 960]
    with default_storage.open(variants[0]["jpeg"], "rb") as f, Image.open(f) as image:
        assert image.mode == "RGB" and image.getpixel((0, 0)) == (255, 255, 255)


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("notes.jpg", b"Ceci est un texte, pas une photo.", "pas une photo JPEG, PNG ou WebP"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
            "pas une photo JPEG, PNG ou WebP",
        ),
        ("anim.gif", None, "pas une photo JPEG, PNG ou WebP"),
    ],
)
def test_what_is_not_a_photo_is_refused_and_the_typed_text_kept(client, story, name, data, message):
    if data is None:
        out = BytesIO()
        Image.new("RGB", (10, 10)).save(out, format="GIF")
        data = out.getvalue()
    response = _upload(client, story, data, name=name, alt="Mon texte alternatif", caption="Ma lég")
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'value="Mon texte alternatif"' in html and 'value="Ma lég"' in html
    assert 'aria-describedby="id_image_helptext id_image_error"' in html  # tied to the field
    assert not Photo.objects.exists()


def test_a_too_large_file_is_refused_with_the_limit(client, story, settings):
    settings.PLACETTE_PHOTO_MAX_MB = 1
    big = jpeg((400, 300)) + b"\0" * (1024 * 1024)
    response = _upload(client, story, big, alt="Gardé")
    assert response.status_code == 400
    html = response.content.decode()
    assert "dépasse 1 Mo" in html and 'value="Gardé"' in html
    assert not Photo.objects.exists()


def test_alt_text_and_consent_are_required_with_explicit_messages(client, story):
    response = _upload(client, story, jpeg((400, 300)), alt="", consent="")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Décrivez ce que montre la photo" in html
    assert "droit à l&#x27;image" in html  # the consent checkbox's label
    assert "Cochez cette case pour confirmer l&#x27;accord" in html
    assert not Photo.objects.exists()


def test_typed_text_and_file_names_never_come_out_as_markup(client, story):
    response = _upload(
        client, story, jpeg((400, 300)), name=f"{XSS}.jpg", alt=XSS, caption=XSS, credit=XSS
    )
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert "<" not in photo.image.name and '"' not in photo.image.name
    for url in (
        reverse("stories:photos", args=[story.slug]),
        reverse("stories:photo_edit", args=[story.slug, photo.pk]),
        reverse("stories:photo_delete", args=[story.slug, photo.pk]),
    ):
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html and "<img src=x onerror" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url


def test_edit_reorder_and_delete_photos(client, story, django_capture_on_commit_callbacks):
    author = story.authors.get()
    client.force_login(author)
    from django.core.files.base import ContentFile

    from placette.stories import photos as uploads

    made = []
    for n in range(3):
        photo = services.add_photo(
            story=story,
            image=ContentFile(jpeg((600, 400)), name=f"p{n}.jpg"),
            alt=f"Photo {n}",
            consent=True,
            by=author,
            queue_variants=False,
        )
        photo.variants = uploads.write_variants(photo)
        photo.save()
        made.append(photo)
    first, second, third = made

    url = reverse("stories:photo_edit", args=[story.slug, second.pk])
    response = client.post(url, {"alt": "", "caption": "Gardée"})
    assert response.status_code == 400 and 'value="Gardée"' in response.content.decode()
    response = client.post(url, {"alt": "Le fer à souder", "caption": "Atelier"})
    assert response.status_code == 302
    second.refresh_from_db()
    assert (second.alt, second.caption) == ("Le fer à souder", "Atelier")

    move = reverse("stories:photo_move", args=[story.slug, third.pk])
    assert client.post(move, {"direction": "up"}).status_code == 302
    assert list(story.photos.values_list("pk", flat=True)) == [first.pk, third.pk, second.pk]
    assert client.post(move, {"direction": "sideways"}).status_code == 400

    files = [first.image.name] + [v[k] for v in first.variants for k in ("webp", "jpeg")]
    assert len(files) == 3 and all(default_storage.exists(name) for name in files)
    delete = reverse("stories:photo_delete", args=[story.slug, first.pk])
    assert client.get(delete).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(delete).status_code == 302
    assert not Photo.objects.filter(pk=first.pk).exists()
    assert not any(default_storage.exists(name) for name in files)
    assert list(story.photos.values_list("pk", flat=True)) == [third.pk, second.pk]


def test_a_photo_of_another_story_is_not_reachable_through_mine(client, story):
    other = services.create_story(by=make_user(), title="Autre", body="x")
    from django.core.files.base import ContentFile

    photo = services.add_photo(
        story=other,
        image=ContentFile(jpeg((300, 200)), name="x.jpg"),
        alt="Autre photo",
        consent=True,
        by=other.authors.get(),
        queue_variants=False,
    )
    client.force_login(story.authors.get())
    url = reverse("stories:photo_edit", args=[story.slug, photo.pk])
    assert client.post(url, {"alt": "Volée"}).status_code == 404
    photo.refresh_from_db()
    assert photo.alt == "Autre photo"


def test_housekeeping_makes_the_variants_a_lost_task_never_made(story, run_tasks):
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    photo = services.add_photo(
        story=story,
        image=ContentFile(jpeg((1200, 800)), name="oubliee.jpg"),
        alt="Une photo dont la tâche s'est perdue",
        consent=True,
        by=story.authors.get(),
        queue_variants=False,  # as if the worker had died before its turn
    )
    call_command("housekeeping", verbosity=0)
    run_tasks()
    photo.refresh_from_db()
    assert [v["width"] for v in photo.variants] == [480, 960]
    assert all(default_storage.exists(v["webp"]) for v in photo.variants)
