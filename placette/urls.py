from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from placette.core import views as core_views

# Staff sign in through allauth's login, throttled like everyone's (the admin's own is not).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("sante/", core_views.health, name="health"),
    path("admin/", admin.site.urls),
    path("gestion/", include("placette.sources.urls")),
    path("donnees/", include("placette.opendata.urls")),
    path("widget/", include("placette.embed.urls")),
    path("api/", include("placette.api.urls")),
    path("comptes/", include("allauth.urls")),
    path("", include("placette.privacy.urls")),
    path("compte/", include("placette.accounts.urls")),
    path("moderation/", include("placette.moderation.urls")),
    path("", include("placette.contributions.urls")),
    path("", include("placette.events.urls")),
    path("", include("placette.stories.urls")),
    path("", include("placette.commons.urls")),
    path("", include("placette.search.urls")),
    path("", include("placette.places.urls")),
    path("", include("placette.site.urls")),
]

if not settings.PRODUCTION:
    # On a laptop nothing else serves uploads; in production the proxy does.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]
