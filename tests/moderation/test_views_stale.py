"""The moderation room: places not known true for a year."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from placette.moderation.views import STALE_PER_PAGE
from placette.places import queries
from tests.factories import make_manager, make_moderator, make_user
from tests.places.test_freshness import dated

pytestmark = pytest.mark.django_db


def test_stale_list_is_for_moderators_only(client):
    today = timezone.localdate()
    old = dated(500, today=today, name="Oublié")
    dated(10, today=today, name="Frais")
    make_manager(old)
    url = reverse("moderation:stale")

    assert client.get(url).status_code == 302
    client.force_login(make_user())
    assert client.get(url).status_code == 403
    client.force_login(make_moderator())
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Oublié" in html and "Frais" not in html
    assert response.context["page"].object_list[0].manager_count == 1


def test_stale_list_is_paginated(client):
    for n in range(STALE_PER_PAGE + 1):
        dated(None, name=f"Lieu oublié {n:03d}")
    client.force_login(make_moderator())
    first = client.get(reverse("moderation:stale"))
    second = client.get(reverse("moderation:stale"), {"page": 2})
    assert len(first.context["page"].object_list) == STALE_PER_PAGE
    assert len(second.context["page"].object_list) == 1


def test_queue_partial_lists_stale_places():
    today = timezone.localdate()
    dated(500, today=today, name="Oublié <b>gras</b>")
    dated(5, today=today, name="Frais")
    html = render_to_string(
        "moderation/_queue_stale.html", {"stale_places": queries.stale_places()}
    )
    assert "1 lieu publié n'a pas été confirmé" in html
    assert "Oublié &lt;b&gt;gras&lt;/b&gt;" in html
    assert "Frais" not in html
    assert reverse("moderation:stale") in html
