"""The commons: resources, co-edited like a wiki, then collections of resources."""

from django.urls import path

from placette.commons.views import collections, edit, public
from placette.core.urls import moved

app_name = "commons"

# Resources (views/public.py reads, views/edit.py writes).
urlpatterns = [
    path("ressources/", public.resource_list, name="list"),
    path("ressources/nouvelle/", edit.create, name="create"),
    # Decided in the moderation room now (/moderation/ressources/<pk>/).
    path(
        "ressources/propositions/<int:pk>/",
        moved("moderation:resource_proposal"),
    ),
    path("ressources/<slug:slug>/", public.detail, name="detail"),
    path("ressources/<slug:slug>/modifier/", edit.edit, name="edit"),
    path("ressources/<slug:slug>/historique/", public.revision_history, name="history"),
    path(
        "ressources/<slug:slug>/historique/<int:number>/",
        public.revision_detail,
        name="revision",
    ),
    path(
        "ressources/<slug:slug>/historique/<int:number>/restaurer/",
        edit.revert,
        name="revert",
    ),
    path("ressources/<slug:slug>/auteurs/", public.authors, name="authors"),
    path("ressources/<slug:slug>/fichiers/", edit.attachment_list, name="attachments"),
    path(
        "ressources/<slug:slug>/fichiers/<int:pk>/supprimer/",
        edit.attachment_delete,
        name="attachment_delete",
    ),
]

# Collections (views/collections.py).
urlpatterns += [
    path("collections/", collections.collection_list, name="collections"),
    path("collections/miennes/", collections.my_collections, name="my_collections"),
    path("collections/nouvelle/", collections.collection_new, name="collection_new"),
    path("collections/ajouter/<slug:slug>/", collections.collection_add, name="collection_add"),
    path("collections/<slug:slug>/", collections.collection_detail, name="collection"),
    path("collections/<slug:slug>/modifier/", collections.collection_edit, name="collection_edit"),
    path(
        "collections/<slug:slug>/supprimer/",
        collections.collection_delete,
        name="collection_delete",
    ),
    path(
        "collections/<slug:slug>/elements/<int:pk>/retirer/",
        collections.item_remove,
        name="collection_item_remove",
    ),
    path(
        "collections/<slug:slug>/elements/<int:pk>/deplacer/",
        collections.item_move,
        name="collection_item_move",
    ),
    path(
        "collections/<slug:slug>/elements/<int:pk>/note/",
        collections.item_note,
        name="collection_item_note",
    ),
]
