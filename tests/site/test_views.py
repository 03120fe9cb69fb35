"""The home page (placette.site.views)."""

import pytest
from django.urls import reverse

from tests.factories import make_place

pytestmark = pytest.mark.django_db


def test_home_page(client):
    make_place(name="A", families=["fablab"])
    html = client.get("/").content.decode()
    assert 'action="/lieux/"' in html
    assert "/lieux/?famille=fablab" in html


def test_the_home_page_is_the_site_root_and_linked_from_every_page(client):
    assert reverse("site:home") == "/"
    html = client.get("/lieux/").content.decode()
    assert 'class="site-name" href="/"' in html
