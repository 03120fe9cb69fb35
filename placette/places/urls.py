from django.urls import path

from . import freshness_views, manage_views, views

app_name = "places"

urlpatterns = [
    path("", views.home, name="home"),
    path("lieux/", views.place_list, name="list"),
    path("lieux/<slug:slug>/", views.place_detail, name="detail"),
    path("carte/", views.place_map, name="map"),
    path("api/v1/places.geojson", views.places_geojson, name="geojson"),
    # The freshness loop (places.freshness).
    path("lieux/<slug:slug>/confirmer/", freshness_views.confirm_by_manager, name="confirm"),
    path(
        "lieux/<slug:slug>/confirmer/<str:token>/",
        freshness_views.confirm_by_link,
        name="confirm_link",
    ),
    path("moderation/a-verifier/", freshness_views.stale_list, name="stale"),
    # Managers and moderators (places.manage_views): claim, direct edit, history and revert.
    path("lieux/<slug:slug>/gerer/", manage_views.claim, name="claim"),
    path("lieux/<slug:slug>/modifier/", manage_views.edit, name="edit"),
    path("lieux/<slug:slug>/historique/", manage_views.history, name="history"),
    path(
        "lieux/<slug:slug>/historique/<int:version_id>/retablir/",
        manage_views.revert,
        name="revert",
    ),
]
