from django.urls import path

from . import edit_views, organiser_views, registration_views, views

app_name = "events"

# Mounted at the site root (placette/urls.py). Fixed words ("carte", …) come before
# <slug:slug>, so an event slug never hides them.
urlpatterns = [
    path("agenda/", views.agenda, name="agenda"),
    path("agenda/carte/", views.agenda_map, name="agenda_map"),
    path("agenda/evenements.geojson", views.agenda_geojson, name="geojson"),
    path("agenda.ics", views.feed, name="feed"),
    path("lieux/<slug:slug>/agenda.ics", views.place_feed, name="place_feed"),
    # Organisers (edit_views): fixed words first, then per event, per date, per place.
    path("agenda/nouveau/", edit_views.create, name="event_create"),
    path("agenda/mes-evenements/", edit_views.mine, name="my_events"),
    path("agenda/<slug:slug>/modifier/", edit_views.edit, name="event_edit"),
    path("agenda/<slug:slug>/dates/", edit_views.dates, name="event_dates"),
    path("agenda/<slug:slug>/regularite/", edit_views.rule, name="event_rule"),
    path("agenda/<slug:slug>/publier/", edit_views.publish, name="event_publish"),
    path("agenda/<slug:slug>/annuler/", edit_views.cancel, name="event_cancel"),
    path("agenda/<slug:slug>/reporter/", edit_views.postpone, name="event_postpone"),
    path("agenda/<slug:slug>/en-ligne/", edit_views.online, name="event_online"),
    path("agenda/<slug:slug>/dates/<int:pk>/modifier/", edit_views.edit_date, name="date_edit"),
    path("agenda/<slug:slug>/dates/<int:pk>/deplacer/", edit_views.move_date, name="date_move"),
    path("agenda/<slug:slug>/dates/<int:pk>/annuler/", edit_views.cancel_date, name="date_cancel"),
    path(
        "agenda/<slug:slug>/dates/<int:pk>/supprimer/", edit_views.delete_date, name="date_delete"
    ),
    path("lieux/<slug:slug>/calendriers/", edit_views.place_feeds, name="place_feeds"),
    path(
        "lieux/<slug:slug>/calendriers/<int:pk>/actualiser/",
        edit_views.feed_refresh,
        name="feed_refresh",
    ),
    path(
        "lieux/<slug:slug>/calendriers/<int:pk>/retirer/",
        edit_views.feed_remove,
        name="feed_remove",
    ),
    path("agenda/<slug:slug>.ics", views.event_ics, name="ics"),
    path("agenda/<slug:slug>/affiche.pdf", views.poster, name="poster"),
    path("agenda/<slug:slug>/", views.event_detail, name="detail"),
]

# Registration (registration_views: public; organiser_views: the place's team).
urlpatterns += [
    path(
        "agenda/dates/<uuid:uid>/inscription/",
        registration_views.register,
        name="register",
    ),
    path(
        "agenda/dates/<uuid:uid>/inscription/lien/",
        registration_views.resend_link,
        name="resend_link",
    ),
    path("agenda/inscription/<str:token>/", registration_views.registration, name="registration"),
    path(
        "agenda/inscription/<str:token>/annuler/",
        registration_views.cancel,
        name="registration_cancel",
    ),
    path("agenda/dates/<uuid:uid>/inscrits/", organiser_views.registrants, name="registrants"),
    path(
        "agenda/dates/<uuid:uid>/inscrits.csv", organiser_views.export_csv, name="registrants_csv"
    ),
    path("agenda/dates/<uuid:uid>/inscrits/ajouter/", organiser_views.add, name="registrant_add"),
    path(
        "agenda/dates/<uuid:uid>/inscrits/<int:pk>/annuler/",
        organiser_views.cancel,
        name="registrant_cancel",
    ),
    path(
        "agenda/dates/<uuid:uid>/inscrits/<int:pk>/presence/",
        organiser_views.attendance,
        name="attendance",
    ),
    path("lieux/<slug:slug>/statistiques/", organiser_views.place_stats, name="place_stats"),
    path(
        "lieux/<slug:slug>/statistiques.csv",
        organiser_views.place_stats_csv,
        name="place_stats_csv",
    ),
]
