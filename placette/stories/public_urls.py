"""The public side of stories (mounted after edit_urls.py: "recits/ecrire/" is not a slug)."""

from django.urls import path

from . import feeds, views

urlpatterns = [
    path("recits/", views.story_list, name="list"),
    path("recits/rss.xml", feeds.StoriesRss(), name="feed_rss"),
    path("recits/atom.xml", feeds.StoriesAtom(), name="feed_atom"),
    path("recits/<slug:slug>/", views.story_detail, name="detail"),
    path("recits/<slug:slug>/partager/mastodon/", views.share_mastodon, name="share_mastodon"),
]
