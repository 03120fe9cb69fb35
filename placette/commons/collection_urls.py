"""Collections of resources (namespace "commons", mounted by commons/urls.py)."""

from django.urls import path

from . import collection_views as views

urlpatterns = [
    path("collections/", views.collection_list, name="collections"),
    path("collections/miennes/", views.my_collections, name="my_collections"),
    path("collections/nouvelle/", views.collection_new, name="collection_new"),
    path("collections/ajouter/<slug:slug>/", views.collection_add, name="collection_add"),
    path("collections/<slug:slug>/", views.collection_detail, name="collection"),
    path("collections/<slug:slug>/modifier/", views.collection_edit, name="collection_edit"),
    path("collections/<slug:slug>/supprimer/", views.collection_delete, name="collection_delete"),
    path(
        "collections/<slug:slug>/elements/<int:pk>/retirer/",
        views.item_remove,
        name="collection_item_remove",
    ),
    path(
        "collections/<slug:slug>/elements/<int:pk>/deplacer/",
        views.item_move,
        name="collection_item_move",
    ),
    path(
        "collections/<slug:slug>/elements/<int:pk>/note/",
        views.item_note,
        name="collection_item_note",
    ),
]
