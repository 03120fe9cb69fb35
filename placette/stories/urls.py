"""Stories: the writing side (edit_urls.py) before the public side (public_urls.py), so that
"recits/ecrire/" is not read as a story's slug."""

from . import edit_urls, public_urls

app_name = "stories"
urlpatterns = edit_urls.urlpatterns + public_urls.urlpatterns
