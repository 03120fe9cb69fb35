from django.contrib import admin
from django.urls import include, path

from placette.core import views as core_views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("sante/", core_views.health, name="health"),
    path("admin/", admin.site.urls),
    path("", include("placette.places.urls")),
]
