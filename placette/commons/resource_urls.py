"""Resources, co-edited like a wiki (namespace "commons", mounted by commons/urls.py)."""

from django.urls import path

from . import edit_views, views

urlpatterns = [
    path("ressources/", views.resource_list, name="list"),
    path("ressources/nouvelle/", edit_views.create, name="create"),
    path("ressources/propositions/<int:pk>/", edit_views.review, name="review"),
    path("ressources/<slug:slug>/", views.detail, name="detail"),
    path("ressources/<slug:slug>/modifier/", edit_views.edit, name="edit"),
    path("ressources/<slug:slug>/historique/", views.revision_history, name="history"),
    path(
        "ressources/<slug:slug>/historique/<int:number>/",
        views.revision_detail,
        name="revision",
    ),
    path(
        "ressources/<slug:slug>/historique/<int:number>/restaurer/",
        edit_views.revert,
        name="revert",
    ),
    path("ressources/<slug:slug>/auteurs/", views.authors, name="authors"),
    path("ressources/<slug:slug>/fichiers/", edit_views.attachment_list, name="attachments"),
    path(
        "ressources/<slug:slug>/fichiers/<int:pk>/supprimer/",
        edit_views.attachment_delete,
        name="attachment_delete",
    ),
]
