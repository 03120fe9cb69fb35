"""The demo directory (placette.site.demo.places) and `manage.py load_demo`."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from placette.places.models import Place

CENSUS = Path(settings.BASE_DIR) / "data" / "cget" / "CGET_TiersLieux_2019.csv"
HEADER = (
    "ID,NOM_TL,ADRESSE,CP,COMINIT,INSEECOM,NOMCOM,WEB,TWITTER,FACEBOOK,TYPO,LAT,LONG,"
    "GEOCOD,PRECISION,CONTACT,MAIL,METRO,NOMMETRO,INSEEREG,NOMREG,INSEEMETRO,INSEEDEP,"
    "NOMCOMMETRO,POPCOM,COMCLASS,INSEE_ZE,NOM_ZE,CLASS_ZE,POP_ZE"
)


@pytest.mark.django_db
def test_load_demo_only_fills_an_empty_database():
    call_command("load_demo", stdout=io.StringIO())
    assert Place.objects.count() == 1512
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "déjà remplie" in out.getvalue()
    assert Place.objects.count() == 1512
