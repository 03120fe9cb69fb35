from django.conf import settings
from django.core.cache import cache

from placette.places.importers.cget import SOURCE as CGET_SOURCE
from placette.places.models import Place


def site(request):
    # Credit the census wherever its places are shown; cached, it is read on every page.
    shows_cget = cache.get("shows_cget")
    if shows_cget is None:
        shows_cget = Place.objects.filter(source=CGET_SOURCE, is_published=True).exists()
        cache.set("shows_cget", shows_cget, 300)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
        "shows_cget": shows_cget,
    }
