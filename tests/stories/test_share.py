"""Sharing a story: plain links (e-mail, Facebook, LinkedIn, WhatsApp) and Mastodon, where the
visitor names their instance (a bare domain name) before being redirected to it."""

import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.urls import reverse

from placette.stories import share
from placette.stories.models import Story
from tests.factories import make_story, make_user
from tests.pages import html_of

pytestmark = pytest.mark.django_db

PAGE = "http://testserver/recits/{slug}/"


def share_url(story: Story) -> str:
    return reverse("stories:share_mastodon", kwargs={"slug": story.slug})


def test_share_links_are_plain_links_with_the_absolute_address(client):
    story = make_story(title="Café & réparation", summary="Un samedi.")
    html = html_of(client, story.get_absolute_url())
    page = PAGE.format(slug=story.slug)
    encoded = quote(page, safe="")
    mailto = re.search(r'href="(mailto:[^"]+)"', html).group(1).replace("&amp;", "&")
    fields = parse_qs(urlsplit(mailto).query)
    assert fields["subject"] == ["Café & réparation"]
    assert fields["body"] == [f"Un samedi.\n\n{page}"]
    for href in (
        f"https://www.facebook.com/sharer/sharer.php?u={encoded}",
        f"https://www.linkedin.com/sharing/share-offsite/?url={encoded}",
        "https://wa.me/?text=" + quote(f"Café & réparation {page}", safe=""),
    ):
        assert f'<a href="{href}" rel="noopener noreferrer"' in html
    # No third-party script or widget: the only scripts are ours.
    for src in re.findall(r"<script[^>]* src=\"([^\"]+)\"", html):
        assert src.startswith("/static/")


def test_mastodon_form_is_labelled_and_targets_the_share_route(client):
    story = make_story()
    html = html_of(client, story.get_absolute_url())
    assert f'<form class="share-mastodon" method="get" action="{share_url(story)}">' in html
    assert '<label for="mastodon-instance">Votre instance Mastodon</label>' in html
    assert 'name="instance"' in html


def test_valid_instance_redirects_to_its_share_page(client):
    story = make_story(title="Le repair café")
    response = client.get(share_url(story), {"instance": "  Mastodon.Social "})
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert (location.scheme, location.netloc, location.path) == (
        "https",
        "mastodon.social",
        "/share",
    )
    assert parse_qs(location.query)["text"] == [f"Le repair café {PAGE.format(slug=story.slug)}"]


def test_international_instance_names_are_sent_in_ascii():
    assert share.clean_instance("réseau.exemple.fr") == "xn--rseau-bsa.exemple.fr"


@pytest.mark.parametrize(
    "typed",
    [
        "https://mastodon.social",
        "mastodon.social/@someone",
        "mastodon.social:8443",
        "user@mastodon.social",
        "user:pass@mastodon.social",
        "192.168.1.10",
        "[::1]",
        "localhost",
        "-bad.example",
        "bad-.example",
        "mastodon social",
        "evil.example?next=x",
        "evil.example#x",
        "javascript:alert(1)",
        "a." * 130 + "fr",
    ],
)
def test_invalid_instance_shows_the_form_again_with_the_error_and_the_typed_value(client, typed):
    story = make_story()
    response = client.get(share_url(story), {"instance": typed})
    assert response.status_code == 200
    assert "Location" not in response
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="mastodon-instance-hint mastodon-instance-error"' in html
    assert '<p class="errorlist" id="mastodon-instance-error">' in html
    value = re.search(
        r'<input id="mastodon-instance" name="instance" type="text" value="([^"]*)"', html
    )
    from html import unescape

    assert unescape(value.group(1)) == typed


def test_empty_instance_is_an_error_and_no_instance_just_shows_the_form(client):
    story = make_story()
    assert 'aria-invalid="true"' in html_of(client, share_url(story) + "?instance=")
    html = html_of(client, share_url(story))
    assert "aria-invalid" not in html
    assert "Votre instance Mastodon" in html


def test_typed_instance_is_escaped_when_shown_again(client):
    story = make_story()
    html = html_of(client, share_url(story) + '?instance="><script>alert(1)</script>')
    assert "<script>alert(1)</script>" not in html
    assert "&quot;&gt;&lt;script&gt;" in html


def test_unpublished_story_cannot_be_shared(client):
    author = make_user()
    story = make_story(status=Story.Status.DRAFT, authors=[author])
    assert client.get(share_url(story), {"instance": "mastodon.social"}).status_code == 404
    client.force_login(author)
    assert "Partager ce récit" not in html_of(client, story.get_absolute_url())


def test_pages_with_the_form_let_it_lead_to_an_https_instance(client):
    # Browsers check form-action along the redirect to the instance.
    story = make_story()
    for url in (story.get_absolute_url(), share_url(story)):
        csp = client.get(url)["Content-Security-Policy"]
        assert re.search(r"form-action 'self' https:(;|$)", csp), csp
    assert (
        "form-action 'self';"
        in client.get(reverse("stories:list"))["Content-Security-Policy"] + ";"
    )
