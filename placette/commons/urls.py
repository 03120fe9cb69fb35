"""The commons: resources (resource_urls.py) and collections (collection_urls.py)."""

from . import collection_urls, resource_urls

app_name = "commons"
urlpatterns = resource_urls.urlpatterns + collection_urls.urlpatterns
