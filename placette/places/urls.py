from django.urls import path

from placette.places.views import directory, freshness, manage

app_name = "places"

urlpatterns = [
    path("lieux/", directory.place_list, name="list"),
    path("lieux/imprimer.pdf", directory.place_list_pdf, name="list_pdf"),
    path("lieux/<slug:slug>/", directory.place_detail, name="detail"),
    path("lieux/<slug:slug>/apercu/", directory.place_preview, name="preview"),
    path("carte/", directory.place_map, name="map"),
    path("api/v1/places.geojson", directory.places_geojson, name="geojson"),
    # The freshness loop (services/freshness.py).
    path("lieux/<slug:slug>/confirmer/", freshness.confirm_by_manager, name="confirm"),
    path(
        "lieux/<slug:slug>/confirmer/<str:token>/",
        freshness.confirm_by_link,
        name="confirm_link",
    ),
    # Managers and moderators (views/manage.py): claim, direct edit, history and revert.
    path("lieux/<slug:slug>/gerer/", manage.claim, name="claim"),
    path("lieux/<slug:slug>/modifier/", manage.edit, name="edit"),
    path("lieux/<slug:slug>/historique/", manage.history, name="history"),
    path(
        "lieux/<slug:slug>/historique/<int:version_id>/retablir/",
        manage.revert,
        name="revert",
    ),
]
