from django.urls import path

from placette.api import views
from placette.api.api import api

app_name = "api"

# Only "v1/..." operations and the page: api/v1/places.geojson (the map) falls through to places.
urlpatterns = [
    path("", views.docs, name="docs"),
    path("v1/", api.urls),
]
