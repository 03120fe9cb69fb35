from django.urls import path
from django.views.generic import RedirectView

from placette.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    # Moved to the moderation room (/moderation/demandes/<pk>/).
    path(
        "moderation/demandes/<int:pk>/",
        RedirectView.as_view(pattern_name="moderation:claim", permanent=True),
    ),
]
