from django.urls import path

from placette.opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("lieux.csv", views.places_csv, name="places_csv"),
    path("lieux.geojson", views.places_geojson, name="places_geojson"),
]
