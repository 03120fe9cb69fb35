"""The public pages of stories: /recits/ (filters, cards, constant queries) and /recits/<slug>/
(pictures, videos, Content-Security-Policy, OpenGraph, JSON-LD, drafts, escaping)."""

import json
import re
from datetime import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from placette.stories.models import Story, Video
from tests.factories import make_moderator, make_place, make_story, make_user
from tests.factories.stories import add_linked_video, add_photo
from tests.pages import html_of

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def titles(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/recits/[^"]+/">([^<]+)</a></h3>', html)


# --- The list ---------------------------------------------------------------------------------


def test_list_shows_published_stories_newest_first(client):
    make_story(title="Ancien", days_ago=10)
    make_story(title="Récent", days_ago=1)
    make_story(title="Brouillon caché", status=Story.Status.DRAFT)
    make_story(title="En relecture cachée", status=Story.Status.PENDING)
    html = html_of(client, reverse("stories:list"))
    assert titles(html) == ["Récent", "Ancien"]
    assert "2 récits" in html


def test_list_is_paginated_by_twelve_and_keeps_filters(client):
    place = make_place(name="Fablab du port")
    for i in range(14):
        make_story(title=f"Histoire {i:02}", places=[place], days_ago=i)
    html = html_of(client, f"/recits/?lieu={place.slug}")
    assert len(titles(html)) == 12
    assert f'href="?lieu={place.slug}&amp;page=2"' in html
    second = html_of(client, f"/recits/?lieu={place.slug}&page=2")
    assert titles(second) == ["Histoire 12", "Histoire 13"]


def test_list_filters_by_place_theme_and_departement_combined(client):
    rennes = make_place(name="EPN de Rennes")  # Ille-et-Vilaine (35)
    lyon = make_place(
        name="Fablab de Lyon", commune="Lyon", postal_code="69004", insee_code="69384"
    )
    make_story(title="Rennes loisirs", places=[rennes], themes=["loisirs"])
    make_story(title="Rennes démarches", places=[rennes], themes=["demarches"])
    make_story(title="Lyon loisirs", places=[lyon], themes=["loisirs"])
    make_story(title="Deux lieux", places=[rennes, lyon], themes=["loisirs"])
    assert rennes.departement == "35" and lyon.departement == "69"

    assert set(titles(html_of(client, f"/recits/?lieu={lyon.slug}"))) == {
        "Lyon loisirs",
        "Deux lieux",
    }
    assert set(titles(html_of(client, "/recits/?theme=demarches"))) == {"Rennes démarches"}
    by_dep = titles(html_of(client, "/recits/?departement=35"))
    assert sorted(by_dep) == ["Deux lieux", "Rennes démarches", "Rennes loisirs"]  # listed once
    combined = titles(html_of(client, "/recits/?departement=35&theme=loisirs"))
    assert sorted(combined) == ["Deux lieux", "Rennes loisirs"]
    # Unknown values are ignored, not errors.
    assert len(titles(html_of(client, "/recits/?theme=nope&departement=999&lieu=%3Cx%3E"))) == 4


def test_list_words_ignore_accents_and_plurals_and_combine_with_filters(client):

    make_story("Une année de médiation numérique", themes=["loisirs"])
    make_story("Atelier de réparation", themes=["loisirs"])
    make_story("Médiations en bibliothèque", themes=["demarches"])
    assert sorted(titles(html_of(client, "/recits/?q=MEDIATION"))) == [
        "Médiations en bibliothèque",
        "Une année de médiation numérique",
    ]
    assert titles(html_of(client, "/recits/?q=mediations&theme=loisirs")) == [
        "Une année de médiation numérique"
    ]
    assert titles(html_of(client, "/recits/?q=ateliers+reparation")) == ["Atelier de réparation"]
    html = html_of(client, "/recits/?q=ateliers")
    assert 'value="ateliers"' in html  # the typed words stay in the form
    assert "q=ateliers" in html  # and in the feed links


def test_list_filter_form_and_feed_links_keep_the_filters(client):
    place = make_place(name="Tiers-lieu des Halles")
    make_story(places=[place], themes=["loisirs"])
    html = html_of(client, f"/recits/?lieu={place.slug}&theme=loisirs")
    assert f'<input type="hidden" name="lieu" value="{place.slug}">' in html
    assert '<option value="loisirs" selected>' in html
    query = f"?lieu={place.slug}&amp;theme=loisirs"
    assert f'<link rel="alternate" type="application/rss+xml" href="/recits/rss.xml{query}"' in html
    assert (
        f'<link rel="alternate" type="application/atom+xml" href="/recits/atom.xml{query}"' in html
    )


def test_list_links_to_writing_a_story_once_the_route_exists(client):
    html = html_of(client, reverse("stories:list"))
    try:
        create_url = reverse("stories:create")
    except NoReverseMatch:
        assert "Écrire un récit" not in html
    else:
        assert f'href="{create_url}">Écrire un récit</a>' in html


def test_card_shows_small_photo_summary_places_and_date(client):
    place = make_place(name="La Fabrique")
    hidden = make_place(name="Lieu dépublié", is_published=False)
    story = make_story(title="Atelier soudure", summary="On a soudé.", places=[place, hidden])
    photo = add_photo(story)
    html = html_of(client, reverse("stories:list"))
    card = html[html.index('<li class="card story-card">') :]
    small = default_storage.url(photo.variants[0]["jpeg"])
    assert f'<img src="{small}"' in card
    assert 'loading="lazy"' in card
    assert "On a soudé." in card
    assert f'<a href="{place.get_absolute_url()}">La Fabrique</a>' in card
    assert "Lieu dépublié" not in card
    assert story.published_at.strftime("%Y-%m-%d") in card


def test_list_queries_do_not_grow_with_the_number_of_stories(client, django_assert_max_num_queries):
    place = make_place()
    first = make_story(places=[place])
    add_photo(first)
    with django_assert_max_num_queries(50) as one:
        html_of(client, reverse("stories:list"))
    for _ in range(11):
        story = make_story(places=[place, make_place()])
        add_photo(story)
        add_photo(story, variants=False)
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = html_of(client, reverse("stories:list"))
    assert len(titles(html)) == 12


# --- The story page ---------------------------------------------------------------------------


def test_detail_shows_text_licence_authors_places_and_events(client):
    from tests.factories import make_event

    place = make_place(name="Fablab des Champs")
    event = make_event(place=place, title="Atelier réparation")
    author = make_user(first_name="Ada", last_name="Lovelace")
    story = make_story(
        title="Réparer ensemble",
        summary="Un samedi de réparations.",
        body="## Le matin\n\nOn a *démonté* des grille-pain.",
        licence="cc-by-4.0",
        places=[place],
        events=[event],
        authors=[author],
    )
    html = html_of(client, story.get_absolute_url())
    assert '<h1 id="story-title">Réparer ensemble</h1>' in html
    assert "<h3>Le matin</h3>" in html  # headings shifted below the page's h2 sections
    assert "<em>démonté</em>" in html
    assert "par Ada Lovelace" in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/deed.fr">CC BY 4.0</a>' in html
    assert f'<a href="{place.get_absolute_url()}">Fablab des Champs</a>' in html
    assert f'<a href="{event.get_absolute_url()}">Atelier réparation</a>' in html


def test_detail_credit_is_the_signature_and_emails_never_show(client):
    author = make_user(email="secret@example.org")
    story = make_story(credit="L’équipe du Fablab", authors=[author])
    html = html_of(client, story.get_absolute_url())
    assert "par L’équipe du Fablab" in html
    assert "secret@example.org" not in html


def test_detail_photos_use_picture_with_webp_and_jpeg_variants(client):
    story = make_story()
    first = add_photo(story, alt="Premier plan", caption="Au fablab", credit="Camille")
    second = add_photo(story, alt="Second plan", position=1)
    html = html_of(client, story.get_absolute_url())
    url = default_storage.url
    v = first.variants
    webp = f"{url(v[0]['webp'])} 480w, {url(v[1]['webp'])} 960w"
    jpegs = f"{url(v[0]['jpeg'])} 480w, {url(v[1]['jpeg'])} 960w"
    assert f'<source type="image/webp" srcset="{webp}" sizes="' in html
    assert (
        f'<img src="{url(v[1]["jpeg"])}" srcset="{jpegs}" sizes="(min-width: 72rem) 46rem, 100vw"'
        ' width="960" height="640" alt="Premier plan"' in html
    )
    assert "Au fablab" in html and "© Camille" in html
    second_img = re.search(r'<img src="[^"]+"[^>]*alt="Second plan"[^>]*>', html).group(0)
    assert 'loading="lazy"' in second_img
    assert url(second.variants[1]["jpeg"]) in second_img


def test_detail_photo_falls_back_to_the_upload_while_variants_are_missing(client):
    story = make_story()
    photo = add_photo(story, alt="Pas encore de variantes", variants=False)
    html = html_of(client, story.get_absolute_url())
    assert (
        f'<img src="{photo.image.url}" width="1200" height="800" alt="Pas encore de variantes"'
        in html
    )
    assert "<picture>" not in html and "srcset" not in html


@pytest.mark.parametrize("status", [Story.Status.DRAFT, Story.Status.PENDING])
def test_unpublished_story_is_404_for_visitors_and_other_contributors(client, status):
    story = make_story(status=status, authors=[make_user()])
    assert client.get(story.get_absolute_url()).status_code == 404
    client.force_login(make_user())
    assert client.get(story.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("status", "banner"),
    [(Story.Status.DRAFT, "Brouillon :"), (Story.Status.PENDING, "En relecture :")],
)
def test_unpublished_story_is_shown_with_a_banner_to_authors_and_moderators(client, status, banner):
    author = make_user()
    story = make_story(status=status, authors=[author], title="Pas encore")
    for user in (author, make_moderator()):
        client.force_login(user)
        html = html_of(client, story.get_absolute_url())
        assert f'<p class="notice story-banner">{banner}' in html
        assert '<meta name="robots" content="noindex">' in html
        assert "Partager ce récit" not in html  # nothing to share before publication
    published = make_story()
    assert "story-banner" not in html_of(client, published.get_absolute_url())


def test_uploaded_video_is_a_video_element_loading_nothing_before_play(client):
    story = make_story()
    video = Video(story=story, title="Le fablab en 2 minutes", provider=Video.Provider.UPLOAD)
    video.content_type = "video/webm"
    video.file.save("film.webm", ContentFile(b"\x1aE\xdf\xa3 fake"), save=True)
    html = html_of(client, story.get_absolute_url())
    assert '<video class="story-video-player" controls preload="none">' in html
    assert f'<source src="{video.file.url}" type="video/webm">' in html
    assert "Le fablab en 2 minutes" in html


def test_linked_video_is_a_click_to_load_preview_without_any_request_to_its_host(client):
    story = make_story()
    add_linked_video(story, transcript="On visite l’atelier.")
    html = html_of(client, story.get_absolute_url())
    preview = html[
        html.index('<div class="video-preview"') : html.index(
            "</figure>", html.index('<div class="video-preview"')
        )
    ]
    assert 'data-embed="https://www.youtube-nocookie.com/embed/abc123"' in preview
    assert "Visite du lieu" in preview and "YouTube" in preview
    assert "adresse IP" in preview  # the privacy sentence
    assert '<button type="button" class="button video-preview-load" hidden>' in preview
    assert '<a href="https://www.youtube.com/watch?v=abc123" rel="noopener noreferrer">' in preview
    # Nothing on the page makes the browser fetch from the host: no iframe, image or script.
    assert "<iframe" not in html
    assert not re.search(
        r'(src|srcset|href)="https://[^"]*(youtube|ytimg)',
        html.replace('href="https://www.youtube.com/watch?v=abc123"', ""),
    )
    assert re.search(r'<script src="/static/stories/js/video\.[0-9a-f]+\.js" defer></script>', html)
    assert "On visite l’atelier." in html


def test_csp_allows_the_video_host_as_a_frame_only_on_pages_with_such_a_video(client):
    with_video = make_story()
    add_linked_video(with_video)
    add_linked_video(
        with_video,
        provider=Video.Provider.PEERTUBE,
        url="https://video.exemple.fr/w/xyz",
        embed_url="https://video.exemple.fr/videos/embed/xyz",
    )
    without = make_story()
    csp = client.get(with_video.get_absolute_url())["Content-Security-Policy"]
    frame_src = re.search(r"frame-src ([^;]+)", csp).group(1).split()
    assert frame_src == ["https://video.exemple.fr", "https://www.youtube-nocookie.com"]
    assert "script-src 'self';" in csp + ";"  # the rest of the policy is unchanged
    for url in (without.get_absolute_url(), reverse("stories:list"), "/"):
        policy = client.get(url)["Content-Security-Policy"]
        assert "youtube" not in policy and "exemple.fr" not in policy
        assert "frame-src" not in policy
    assert 'script src="/static/stories/js/video' not in html_of(client, without.get_absolute_url())


def test_csp_ignores_embed_urls_that_are_not_https(client):
    story = make_story()
    add_linked_video(story, embed_url="http://insecure.example/embed/1")
    response = client.get(story.get_absolute_url())
    assert "insecure.example" not in response["Content-Security-Policy"]
    assert "data-embed" not in response.content.decode()


def test_opengraph_and_twitter_card_point_to_the_960_jpeg(client):
    story = make_story(title="Fête du fablab", summary="Une journée portes ouvertes.")
    photo = add_photo(story, alt="La foule devant le fablab")
    html = html_of(client, story.get_absolute_url())
    image = "http://testserver" + default_storage.url(photo.variants[1]["jpeg"])
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Fête du fablab">' in html
    assert '<meta property="og:description" content="Une journée portes ouvertes.">' in html
    assert f'<meta property="og:image" content="{image}">' in html
    assert '<meta property="og:image:alt" content="La foule devant le fablab">' in html
    published = re.search(r'<meta property="article:published_time" content="([^"]+)">', html)
    assert datetime.fromisoformat(published.group(1)) == story.published_at
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert f'<meta name="twitter:image" content="{image}">' in html


def test_json_ld_describes_the_story_as_a_blog_posting(client):
    place = make_place(name="EPN des Lilas")
    author = make_user(first_name="Louise", last_name="Michel")
    story = make_story(
        title="Premiers pas", summary="Un atelier.", places=[place], authors=[author]
    )
    photo = add_photo(story, variants=False)
    html = html_of(client, story.get_absolute_url())
    text = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(text)
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Premiers pas"
    assert data["datePublished"].startswith(story.published_at.date().isoformat()[:4])
    assert data["author"] == [{"@type": "Person", "name": "Louise Michel"}]
    assert data["image"] == "http://testserver" + photo.image.url
    assert data["license"] == "https://creativecommons.org/licenses/by-sa/4.0/deed.fr"
    assert data["about"] == [
        {
            "@type": "Place",
            "name": "EPN des Lilas",
            "url": "http://testserver" + place.get_absolute_url(),
        }
    ]


def test_json_ld_cannot_close_its_script_element(client):
    story = make_story(title="</script><script>alert(1)</script>")
    html = html_of(client, story.get_absolute_url())
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(block)["headline"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in html


def test_script_typed_anywhere_comes_out_escaped_or_removed(client):
    place = make_place(name="Lieu")
    story = make_story(
        title=f"Titre {XSS}",
        summary=f"Chapô {XSS}",
        body=f"Texte {XSS}\n\n[clic](javascript:alert(1)) [data](data:text/html,x)",
        credit=f"Signé {XSS}",
        places=[place],
    )
    add_photo(story, alt=f"Alt {XSS}", caption=f"Légende {XSS}", credit=f"Crédit {XSS}")
    add_linked_video(
        story, title=f"Vidéo {XSS}", transcript=f"Transcription {XSS}", url="javascript:alert(1)"
    )
    for url in (story.get_absolute_url(), reverse("stories:list"), place.get_absolute_url()):
        html = html_of(client, url)
        assert '<script>alert("x")</script>' not in html
        assert "<img src=x onerror" not in html
        # Links markdown-it refuses stay as text; none becomes an attribute.
        assert not re.search(r'(href|src)="\s*(javascript|data):', html)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html_of(
        client, story.get_absolute_url()
    )


def test_a_story_is_marked_french_in_the_english_interface(client, settings):
    story = make_story("La journée du repair café", body="Nous avons réparé dix grille-pain.")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("fr"):  # the request activates English: not past this test
        html = client.get(story.get_absolute_url()).content.decode()
        listing = client.get("/recits/").content.decode()
    assert '<h1 id="story-title" lang="fr">La journée du repair café</h1>' in html
    assert '<div class="story-body" lang="fr">' in html
    assert 'lang="fr">La journée du repair café</a>' in listing
