"""One linked graph: a place shows its stories and the resources it wrote, an event its stories,
a story its places and events — each link followed both ways."""

import re

import pytest
from django.urls import reverse

from placette.commons.models import Resource
from placette.stories.models import Story
from tests.factories import make_event, make_place, make_resource, make_story
from tests.factories.stories import add_photo
from tests.pages import html_of

pytestmark = pytest.mark.django_db


def section(html: str, css_class: str) -> str:
    start = html.index(f'<section class="{css_class}"')
    return html[start : html.index("</section>", start)]


def test_place_page_shows_its_three_newest_published_stories_and_links_to_all(client):
    place = make_place(name="Fablab des Capucins")
    other = make_place(name="Autre lieu")
    for i in range(4):
        make_story(title=f"Récit {i}", places=[place], days_ago=i)
    make_story(title="Brouillon du lieu", places=[place], status=Story.Status.DRAFT)
    make_story(title="Récit d’ailleurs", places=[other])
    html = section(html_of(client, place.get_absolute_url()), "place-stories")
    assert re.findall(r'<h3><a href="/recits/[^"]+/">([^<]+)</a></h3>', html) == [
        "Récit 0",
        "Récit 1",
        "Récit 2",
    ]
    assert f'href="/recits/?lieu={place.slug}"' in html
    # …and that link lists exactly the place's published stories.
    listed = html_of(client, f"/recits/?lieu={place.slug}")
    assert "4 récits" in listed and "Brouillon du lieu" not in listed
    assert "Récit d’ailleurs" not in listed


def test_place_page_without_stories_or_resources_has_no_empty_sections(client):
    place = make_place()
    html = html_of(client, place.get_absolute_url())
    assert "place-stories" not in html and "place-resources" not in html


def test_place_page_shows_the_five_newest_resources_it_wrote(client):
    place = make_place(name="EPN des Lilas")
    for i in range(6):
        make_resource(f"Fiche {i}", places=[place], days_ago=i)
    make_resource("Fiche d’un autre lieu", places=[make_place()])
    html = section(html_of(client, place.get_absolute_url()), "place-resources")
    shown = re.findall(r'<a href="(/ressources/[^"]+/)">([^<]+)</a>', html)
    assert [title for _, title in shown] == [f"Fiche {i}" for i in range(5)]
    resource = Resource.objects.get(title="Fiche 0")
    assert shown[0][0] == reverse("commons:detail", kwargs={"slug": resource.slug})
    assert "Fiche d’un autre lieu" not in html


def test_place_page_queries_do_not_grow_with_stories_and_resources(
    client, django_assert_max_num_queries
):
    place = make_place()
    story = make_story(places=[place])
    add_photo(story)
    make_resource("Première", places=[place])
    with django_assert_max_num_queries(80) as one:
        html_of(client, place.get_absolute_url())
    for i in range(5):
        story = make_story(places=[place, make_place()])
        add_photo(story)
        make_resource(f"Autre {i}", places=[place])
    with django_assert_max_num_queries(len(one.captured_queries)):
        html_of(client, place.get_absolute_url())


def test_event_page_shows_its_published_stories(client):
    event = make_event(title="Install party")
    story = make_story(title="Retour sur l’install party", events=[event])
    make_story(title="Brouillon de l’événement", events=[event], status=Story.Status.DRAFT)
    make_story(title="Sans rapport")
    html = section(html_of(client, event.get_absolute_url()), "event-stories")
    assert f'<a href="{story.get_absolute_url()}">Retour sur l’install party</a>' in html
    assert "Brouillon de l’événement" not in html and "Sans rapport" not in html


def test_event_page_without_stories_has_no_section(client):
    event = make_event()
    assert "event-stories" not in html_of(client, event.get_absolute_url())


def test_story_page_links_its_places_and_events_and_they_link_back(client):
    place = make_place(name="La Ruche")
    event = make_event(place=place, title="Atelier couture")
    story = make_story(title="Des robes et des octets", places=[place], events=[event])
    html = html_of(client, story.get_absolute_url())
    assert f'<a href="{place.get_absolute_url()}">La Ruche</a>' in html
    assert f'<a href="{event.get_absolute_url()}">Atelier couture</a>' in html
    for url in (place.get_absolute_url(), event.get_absolute_url()):
        assert f'<a href="{story.get_absolute_url()}">Des robes et des octets</a>' in html_of(
            client, url
        )


def test_story_page_hides_unpublished_places_and_draft_events(client):
    hidden = make_place(name="Lieu retiré", is_published=False)
    draft = make_event(title="Événement brouillon", status="draft")
    story = make_story(places=[hidden], events=[draft])
    html = html_of(client, story.get_absolute_url())
    assert "Lieu retiré" not in html and "Événement brouillon" not in html


def test_a_manager_writes_a_story_or_a_resource_from_the_place_page(client):
    from tests.factories import make_manager

    place = make_place(name="EPN des Capucins")
    manager = make_manager(place)
    client.force_login(manager)
    html = client.get(place.get_absolute_url()).content.decode()
    story_link = f"/recits/ecrire/?lieu={place.slug}"
    resource_link = f"/ressources/nouvelle/?lieu={place.slug}"
    assert story_link in html and resource_link in html
    for link in (story_link, resource_link):
        form = client.get(link).content.decode()
        # The place comes ticked in the form.
        assert re.search(rf'<input[^>]*value="{place.pk}"[^>]*checked', form), link
    client.logout()
    assert story_link not in client.get(place.get_absolute_url()).content.decode()
