from django.urls import path

from placette.accounts import views
from placette.core.urls import moved

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    # Moved to the moderation room (/moderation/demandes/<pk>/).
    path(
        "moderation/demandes/<int:pk>/",
        moved("moderation:claim"),
    ),
]
