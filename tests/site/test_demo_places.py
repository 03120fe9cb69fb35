"""The demo directory (placette.site.demo.places) and `manage.py load_demo`."""

import io

import pytest
from django.core.management import call_command

from placette.places.models import Place


@pytest.mark.django_db
def test_load_demo_only_fills_an_empty_database():
    call_command("load_demo", stdout=io.StringIO())
    assert Place.objects.count() == 1512
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "déjà remplie" in out.getvalue()
    assert Place.objects.count() == 1512
