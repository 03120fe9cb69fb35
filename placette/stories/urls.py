"""Stories: the writing side first, so that "recits/ecrire/" is not read as a story's slug."""

from django.urls import path

from placette.stories import feeds
from placette.stories.views import edit, public

app_name = "stories"

# Writers (views/edit.py).
urlpatterns = [
    path("recits/ecrire/", edit.create, name="create"),
    path("recits/mes-recits/", edit.mine, name="mine"),
    path("recits/<slug:slug>/modifier/", edit.edit, name="edit"),
    path("recits/<slug:slug>/auteurs/", edit.authors, name="authors"),
    path("recits/<slug:slug>/rejoindre/<str:token>/", edit.join, name="join"),
    path("recits/<slug:slug>/photos/", edit.photos, name="photos"),
    path("recits/<slug:slug>/photos/<int:pk>/modifier/", edit.photo_edit, name="photo_edit"),
    path("recits/<slug:slug>/photos/<int:pk>/deplacer/", edit.photo_move, name="photo_move"),
    path(
        "recits/<slug:slug>/photos/<int:pk>/supprimer/",
        edit.photo_delete,
        name="photo_delete",
    ),
    path("recits/<slug:slug>/videos/", edit.videos, name="videos"),
    path(
        "recits/<slug:slug>/videos/<int:pk>/supprimer/",
        edit.video_delete,
        name="video_delete",
    ),
    path("recits/<slug:slug>/publier/", edit.status, name="status"),
    path("recits/<slug:slug>/supprimer/", edit.delete, name="delete"),
]

# The public side (views/public.py, feeds.py).
urlpatterns += [
    path("recits/", public.story_list, name="list"),
    path("recits/rss.xml", feeds.StoriesRss(), name="feed_rss"),
    path("recits/atom.xml", feeds.StoriesAtom(), name="feed_atom"),
    path("recits/<slug:slug>/", public.story_detail, name="detail"),
    path("recits/<slug:slug>/partager/mastodon/", public.share_mastodon, name="share_mastodon"),
]
