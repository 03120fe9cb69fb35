"""The site's icon: an SVG, a PNG for browsers without SVG icons, linked from every page."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from PIL import Image

pytestmark = pytest.mark.django_db


def test_every_page_links_the_icons_and_they_are_served():
    html = Client().get("/").content.decode()
    svg = re.search(r'<link rel="icon" href="([^"]+\.svg)" type="image/svg\+xml">', html)
    png = re.search(r'<link rel="icon" href="([^"]+\.png)" type="image/png" sizes="32x32">', html)
    assert svg and png
    assert "<svg" in Path(finders.find("img/favicon.svg")).read_text(encoding="utf-8")
    with Image.open(finders.find("img/favicon.png")) as image:
        assert image.format == "PNG" and image.size == (32, 32)
    with Image.open(finders.find("img/apple-touch-icon.png")) as image:
        assert image.size == (180, 180)
