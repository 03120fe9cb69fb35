from django.urls import path

from placette.search import views

app_name = "search"
urlpatterns = [
    path("recherche/", views.results, name="results"),
]
