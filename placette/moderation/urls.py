"""Every moderation page, under /moderation/ (mounted in placette/urls.py)."""

from django.urls import path

from placette.moderation import views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("contributions/<int:pk>/", views.contribution, name="contribution"),
    path("signalements/<int:pk>/", views.report, name="report"),
    path("demandes/<int:pk>/", views.claim, name="claim"),
    path("a-verifier/", views.stale, name="stale"),
    path("ressources/<int:pk>/", views.resource_proposal, name="resource_proposal"),
]
