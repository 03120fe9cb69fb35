"""The privacy pages. Mounted at the site root: /confidentialite/ and the account's
/compte/mes-donnees/ and /compte/supprimer/ keep their addresses."""

from django.urls import path

from placette.privacy import views

app_name = "privacy"

urlpatterns = [
    path("confidentialite/", views.page, name="page"),
    path("compte/mes-donnees/", views.data, name="data"),
    path("compte/mes-donnees/telecharger/", views.download, name="download"),
    path("compte/supprimer/", views.delete, name="delete"),
]
