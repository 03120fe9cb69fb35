"""Writers' routes (edit_views.py), mounted before the public ones (urls.py)."""

from django.urls import path

from . import edit_views

urlpatterns = [
    path("recits/ecrire/", edit_views.create, name="create"),
    path("recits/mes-recits/", edit_views.mine, name="mine"),
    path("recits/<slug:slug>/modifier/", edit_views.edit, name="edit"),
    path("recits/<slug:slug>/auteurs/", edit_views.authors, name="authors"),
    path("recits/<slug:slug>/photos/", edit_views.photos, name="photos"),
    path("recits/<slug:slug>/photos/<int:pk>/modifier/", edit_views.photo_edit, name="photo_edit"),
    path("recits/<slug:slug>/photos/<int:pk>/deplacer/", edit_views.photo_move, name="photo_move"),
    path(
        "recits/<slug:slug>/photos/<int:pk>/supprimer/",
        edit_views.photo_delete,
        name="photo_delete",
    ),
    path("recits/<slug:slug>/videos/", edit_views.videos, name="videos"),
    path(
        "recits/<slug:slug>/videos/<int:pk>/supprimer/",
        edit_views.video_delete,
        name="video_delete",
    ),
    path("recits/<slug:slug>/publier/", edit_views.status, name="status"),
    path("recits/<slug:slug>/supprimer/", edit_views.delete, name="delete"),
]
