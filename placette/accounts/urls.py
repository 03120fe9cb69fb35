from django.urls import path

from placette.accounts import privacy, views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("moderation/demandes/<int:pk>/", views.claim_review, name="claim_review"),
    # Privacy (accounts.privacy): the person's data, and deleting the account.
    path("mes-donnees/", privacy.data_page, name="data"),
    path("mes-donnees/telecharger/", privacy.data_download, name="data_download"),
    path("supprimer/", privacy.delete_page, name="delete"),
]
