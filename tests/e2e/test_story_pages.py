"""Stories in a real browser: the list and a story's page on a phone and a desktop (axe-core,
no third-party request), the click-to-load video, and the Mastodon share form."""

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, assert_axe

pytestmark = pytest.mark.browser

VIDEO_HOST = "www.youtube-nocookie.com"
STUB_PLAYER = (
    "<!DOCTYPE html><meta charset=utf-8><title>Lecteur</title><p>Lecteur vidéo factice</p>"
)


@pytest.fixture
def stories(transactional_db, settings, tmp_path) -> dict:
    from tests.factories import make_place, make_story
    from tests.factories.stories import add_linked_video, add_photo

    settings.MEDIA_ROOT = tmp_path
    place = make_place(name="Fablab des Champs Libres")
    told = make_story(
        title="Un samedi de réparations",
        summary="Grille-pain, vélos et lampes : tout est reparti.",
        body="## Le matin\n\nOn a **démonté** des grille-pain.\n\n- des tournevis\n- du café",
        credit="L’équipe du fablab",
        places=[place],
        themes=["loisirs"],
    )
    add_photo(told, alt="Une table couverte d’outils", caption="L’atelier")
    add_photo(told, alt="Un vélo retourné", position=1, variants=False)
    add_linked_video(told, title="La journée en deux minutes", transcript="On répare.")
    other = make_story(title="Premiers pas au clavier", places=[place], days_ago=3)
    add_photo(other, alt="Des mains sur un clavier")
    return {"place": place, "story": told, "other": other}


def serve_media(tab, media_root: Path) -> None:
    """Uploads live in the test's MEDIA_ROOT: answer /media/ from there."""

    def fulfill(route) -> None:
        name = unquote(urlsplit(route.request.url).path).removeprefix("/media/")
        route.fulfill(path=str(media_root / name))

    tab.page.route(re.compile(r"/media/"), fulfill)


def stub_video_host(tab) -> list[str]:
    """The player's host answered by a local stub; returns the URLs it was asked for."""
    asked: list[str] = []

    def fulfill(route) -> None:
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body=STUB_PLAYER)

    tab.page.route(lambda url: urlsplit(url).netloc == VIDEO_HOST, fulfill)
    return asked


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_story_list_is_accessible_and_shows_cards(open_tab, stories, settings, viewport):
    tab = open_tab(bypass_csp=True, viewport=viewport)
    serve_media(tab, Path(settings.MEDIA_ROOT))
    page = tab.goto("/recits/")
    expect(page.locator("h1")).to_have_text("Récits")
    cards = page.locator(".story-card")
    expect(cards).to_have_count(2)
    expect(cards.first.locator("h3")).to_have_text("Un samedi de réparations")
    expect(cards.first.locator("img")).to_have_attribute("alt", "Une table couverte d’outils")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_axe(page)
    tab.assert_clean()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_story_page_is_accessible_and_asks_nothing_of_the_video_host(
    open_tab, stories, settings, viewport
):
    tab = open_tab(bypass_csp=True, viewport=viewport)
    serve_media(tab, Path(settings.MEDIA_ROOT))
    asked = stub_video_host(tab)
    page = tab.goto(stories["story"].get_absolute_url())
    expect(page.locator("h1")).to_have_text("Un samedi de réparations")
    first = page.locator(".story-photo-first img")
    expect(first).to_be_visible()
    assert page.evaluate("el => el.naturalWidth", first.element_handle()) > 0  # a file loaded
    expect(page.locator(".video-preview-load")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_axe(page)
    assert asked == []
    assert page.locator("iframe").count() == 0
    tab.assert_clean()


def test_clicking_the_preview_loads_the_player_only_then(open_tab, stories):
    tab = open_tab()  # the site's real CSP: frame-src must allow the player
    asked = stub_video_host(tab)
    page = tab.goto(stories["story"].get_absolute_url())
    button = page.get_by_role("button", name=re.compile("Lancer la vidéo"))
    expect(button).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert asked == [] and page.locator("iframe").count() == 0
    button.click()
    frame = page.locator("iframe.video-frame")
    expect(frame).to_have_attribute("title", "La journée en deux minutes")
    expect(frame).to_have_attribute("src", f"https://{VIDEO_HOST}/embed/abc123")
    expect(page.frame_locator("iframe.video-frame").locator("p")).to_have_text(
        "Lecteur vidéo factice"
    )
    assert asked == [f"https://{VIDEO_HOST}/embed/abc123"]
    expect(page.locator(".video-preview")).to_have_count(0)
    tab.assert_clean()


def test_without_javascript_the_preview_is_a_plain_link(open_tab, stories):
    tab = open_tab(javascript=False)
    asked = stub_video_host(tab)
    page = tab.goto(stories["story"].get_absolute_url())
    link = page.get_by_role("link", name=re.compile("Voir la vidéo sur YouTube"))
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", "https://www.youtube.com/watch?v=abc123")
    expect(page.locator(".video-preview-load")).to_be_hidden()
    assert page.locator("iframe").count() == 0 and asked == []
    tab.assert_clean()


def test_mastodon_form_leads_to_the_chosen_instance(open_tab, stories):
    tab = open_tab()
    asked: list[str] = []

    def instance(route) -> None:
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>Mastodon</title>")

    tab.page.route(lambda url: urlsplit(url).netloc == "mastodon.social", instance)
    story = stories["story"]
    page = tab.goto(story.get_absolute_url())
    field = page.get_by_label("Votre instance Mastodon")
    field.fill("exemple invalide/")
    page.get_by_role("button", name="Partager sur Mastodon").click()
    expect(page.locator("#mastodon-instance-error")).to_be_visible()
    expect(page.get_by_label("Votre instance Mastodon")).to_have_value("exemple invalide/")
    assert asked == []
    page.get_by_label("Votre instance Mastodon").fill("mastodon.social")
    page.get_by_role("button", name="Partager sur Mastodon").click()
    expect(page).to_have_title("Mastodon")
    assert len(asked) == 1 and asked[0].startswith("https://mastodon.social/share?text=")
    assert story.get_absolute_url() in unquote(asked[0])
    tab.assert_clean()


def test_place_page_with_its_stories_is_accessible(open_tab, stories, settings):
    tab = open_tab(bypass_csp=True, viewport=PHONE)
    serve_media(tab, Path(settings.MEDIA_ROOT))
    page = tab.goto(stories["place"].get_absolute_url())
    section = page.locator(".place-stories")
    expect(section.locator("h3")).to_have_count(2)
    section.get_by_role("link", name="Un samedi de réparations").click()
    expect(page.locator("h1")).to_have_text("Un samedi de réparations")
    page.go_back()
    assert_axe(page)
    tab.assert_clean()
