"""A contributor on a phone (375×812) writes a story, adds a photo with its description and the
consent box, publishes it (as the team of its place), and the story page shows the photo;
axe-core on every writing page, errors shown included."""

import mimetypes
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.e2e.conftest import assert_axe, sign_in

pytestmark = pytest.mark.browser

PHONE_TALL = {"width": 375, "height": 812}


def serve_media(tab, live_server, root: Path) -> None:
    """Uploads go to a temporary MEDIA_ROOT; the site's /media/ route was bound to the real
    one at start-up, so the browser gets them from the temporary folder."""

    def answer(route) -> None:
        name = route.request.url.split("/media/", 1)[1].split("?", 1)[0]
        path = (root / name).resolve()
        if root.resolve() not in path.parents or not path.is_file():
            route.fulfill(status=404, body="")
            return
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        route.fulfill(status=200, content_type=kind, body=path.read_bytes())

    tab.page.context.route(f"{live_server.url}/media/**", answer)


def photo_bytes() -> bytes:
    image = Image.new("RGB", (1200, 800), "#a8dadc")
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 500, 1100, 560), fill="#6f4518")
    draw.ellipse((500, 200, 700, 400), fill="#e9c46a")
    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "N", 2: (48.0, 6.0, 30.0), 3: "W", 4: (1.0, 40.0, 5.0)})
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def writer(transactional_db, settings, tmp_path):
    from tests.factories import make_manager, make_place

    settings.MEDIA_ROOT = tmp_path
    place = make_place(name="Fablab des Lices")
    return place, make_manager(place, email="equipe@lices.example")


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_TALL["width"], f"{page.url}: {width}px wide on a 375px screen"


def test_a_contributor_writes_a_story_with_a_photo_and_publishes_it_on_a_phone(
    open_tab, writer, live_server, tmp_path
):
    from placette.stories.models import Photo, Story

    place, manager = writer
    tab = open_tab(viewport=PHONE_TALL)
    sign_in(tab, manager, live_server)
    serve_media(tab, live_server, tmp_path)

    page = tab.goto("/recits/mes-recits/")
    page.get_by_role("link", name="Écrire un récit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Écrire un récit")
    _no_sideways_scroll(page)
    page.get_by_label("Titre").fill("Un samedi de Repair Café")
    page.get_by_label("Chapô").fill("23 objets apportés, 15 réparés.")
    page.get_by_label("Texte du récit").fill("Le principe : **réparer ensemble**.")
    page.get_by_role("checkbox", name="Fablab des Lices (Rennes)").check()
    page.get_by_role("checkbox", name="Loisirs et créations numériques").check()
    page.get_by_role("button", name="Créer le brouillon").click()

    expect(page.get_by_role("status")).to_contain_text("Brouillon enregistré")
    expect(page.get_by_role("heading", level=1)).to_have_text("Photos")
    _no_sideways_scroll(page)
    page.locator("#id_image").set_input_files(
        files=[{"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}]
    )
    page.get_by_label("Description de la photo").fill("Un établi avec une lampe jaune.")
    page.get_by_label("Légende").fill("L'établi des petits appareils.")
    page.get_by_role("checkbox", name="droit à l'image").check()
    page.get_by_role("button", name="Envoyer la photo").click()
    expect(page.get_by_role("status")).to_contain_text("Photo ajoutée")
    expect(page.get_by_role("img", name="Un établi avec une lampe jaune.")).to_be_visible()

    page.get_by_role("button", name="Publier le récit").click()
    expect(page.get_by_role("status")).to_contain_text("Le récit est publié")
    story = Story.objects.get()
    assert story.status == Story.Status.PUBLISHED and list(story.places.all()) == [place]
    photo = Photo.objects.get()
    with Image.open(Path(settings.MEDIA_ROOT) / photo.image.name) as stored:
        assert not stored.getexif()  # the GPS position did not survive the upload

    page.get_by_role("link", name="Page publique").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Un samedi de Repair Café")
    shown = page.get_by_role("img", name="Un établi avec une lampe jaune.")
    expect(shown).to_be_visible()
    assert shown.evaluate("img => img.complete && img.naturalWidth > 0")
    _no_sideways_scroll(page)
    tab.assert_clean()


def test_writing_pages_pass_axe_on_a_phone(open_tab, writer, live_server, tmp_path):
    from django.core.files.base import ContentFile

    from placette.stories import services

    place, manager = writer
    story = services.create_story(by=manager, title="Nos mercredis", body="Texte", places=[place])
    services.add_photo(
        story=story,
        image=ContentFile(photo_bytes(), name="p.jpg"),
        alt="Un établi",
        consent=True,
        by=manager,
        queue_variants=False,
    )
    tab = open_tab(bypass_csp=True, viewport=PHONE_TALL)
    sign_in(tab, manager, live_server)
    serve_media(tab, live_server, tmp_path)

    page = tab.goto("/recits/ecrire/")
    assert_axe(page)
    page.get_by_role("button", name="Créer le brouillon").click()
    expect(page.get_by_role("alert")).to_be_visible()  # no title: errors shown
    assert_axe(page)
    for path in ("modifier", "photos", "videos", "auteurs", "supprimer"):
        page = tab.goto(f"/recits/{story.slug}/{path}/")
        assert_axe(page)
        _no_sideways_scroll(page)
    page = tab.goto(f"/recits/{story.slug}/photos/")
    page.get_by_role("button", name="Envoyer la photo").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_axe(page)
    page = tab.goto(f"/recits/{story.slug}/videos/")
    page.get_by_label("Adresse de la vidéo").fill("https://example.org/film")
    page.get_by_role("button", name="Ajouter la vidéo").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_axe(page)
    page = tab.goto("/recits/mes-recits/")
    assert_axe(page)
