from django.core.cache import cache

from placette.places.importers.cget import SOURCE as CGET_SOURCE
from placette.places.models import Place


def cget(request):
    """`shows_cget`: whether to credit the census, wherever its places are shown. Cached: it is
    read on every page."""
    shows_cget = cache.get("shows_cget")
    if shows_cget is None:
        shows_cget = Place.objects.filter(source=CGET_SOURCE, is_published=True).exists()
        cache.set("shows_cget", shows_cget, 300)
    return {"shows_cget": shows_cget}
