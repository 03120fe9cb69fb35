from django.urls import path

from . import views

app_name = "places"

urlpatterns = [
    path("", views.home, name="home"),
    path("lieux/", views.place_list, name="list"),
    path("lieux/<slug:slug>/", views.place_detail, name="detail"),
    path("carte/", views.place_map, name="map"),
    path("api/v1/places.geojson", views.places_geojson, name="geojson"),
]
