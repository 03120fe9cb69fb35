from django.urls import path

from placette.embed import views

app_name = "embed"

urlpatterns = [
    path("", views.builder, name="builder"),
    path("carte/", views.widget_map, name="map"),
    path("agenda/", views.agenda_builder, name="agenda_builder"),
    path("agenda/liste/", views.widget_agenda, name="agenda"),
]
