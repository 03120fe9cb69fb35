from django.urls import path

from placette.sources import views

app_name = "sources"

urlpatterns = [
    path("imports/", views.imports, name="imports"),
    path("imports/<int:pk>/", views.run_detail, name="import"),
    path("imports/<int:pk>/confirmer/", views.run_confirm, name="confirm"),
    path("imports/<int:pk>/abandonner/", views.run_discard, name="discard"),
    path("doublons/", views.duplicate_list, name="duplicates"),
    path("doublons/<int:pk>/", views.duplicate_decide, name="decide"),
]
