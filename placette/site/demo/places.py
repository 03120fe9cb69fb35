"""The directory of the demo data (`manage.py load_demo`): the 2019 CGET census of tiers-lieux,
imported once into an empty database."""

from django.conf import settings
from django.core.management import call_command

from placette.places.models import Place

DEMO_FILE = settings.BASE_DIR / "data" / "cget" / "CGET_TiersLieux_2019.csv"


def load(*, stdout) -> bool:
    """Import the census unless the directory has places already; True when it did."""
    if Place.objects.exists():
        return False
    call_command("import_places", str(DEMO_FILE), format="cget", stdout=stdout)
    return True


def showcase() -> list[Place]:
    """The places the demo stories and resources are about."""
    return list(Place.objects.filter(is_published=True).order_by("name")[:10])
