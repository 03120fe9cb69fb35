from django.urls import path

from placette.events.views import organiser, public, registrants, registration

app_name = "events"

# Mounted at the site root (placette/urls.py). Fixed words ("carte", …) come before
# <slug:slug>, so an event slug never hides them.
urlpatterns = [
    path("agenda/", public.agenda, name="agenda"),
    path("agenda/carte/", public.agenda_map, name="agenda_map"),
    path("agenda/evenements.geojson", public.agenda_geojson, name="geojson"),
    path("agenda.ics", public.feed, name="feed"),
    path("lieux/<slug:slug>/agenda.ics", public.place_feed, name="place_feed"),
    # Organisers (views/organiser.py): fixed words first, then per event, per date, per place.
    path("agenda/nouveau/", organiser.create, name="event_create"),
    path("agenda/mes-evenements/", organiser.mine, name="my_events"),
    path("agenda/<slug:slug>/modifier/", organiser.edit, name="event_edit"),
    path("agenda/<slug:slug>/dates/", organiser.dates, name="event_dates"),
    path("agenda/<slug:slug>/regularite/", organiser.rule, name="event_rule"),
    path("agenda/<slug:slug>/publier/", organiser.publish, name="event_publish"),
    path("agenda/<slug:slug>/annuler/", organiser.cancel, name="event_cancel"),
    path("agenda/<slug:slug>/reporter/", organiser.postpone, name="event_postpone"),
    path("agenda/<slug:slug>/en-ligne/", organiser.online, name="event_online"),
    path("agenda/<slug:slug>/dates/<int:pk>/modifier/", organiser.edit_date, name="date_edit"),
    path("agenda/<slug:slug>/dates/<int:pk>/deplacer/", organiser.move_date, name="date_move"),
    path("agenda/<slug:slug>/dates/<int:pk>/annuler/", organiser.cancel_date, name="date_cancel"),
    path("agenda/<slug:slug>/dates/<int:pk>/supprimer/", organiser.delete_date, name="date_delete"),
    path("lieux/<slug:slug>/calendriers/", organiser.place_feeds, name="place_feeds"),
    path(
        "lieux/<slug:slug>/calendriers/<int:pk>/actualiser/",
        organiser.feed_refresh,
        name="feed_refresh",
    ),
    path(
        "lieux/<slug:slug>/calendriers/<int:pk>/retirer/",
        organiser.feed_remove,
        name="feed_remove",
    ),
    path("agenda/<slug:slug>.ics", public.event_ics, name="ics"),
    path("agenda/<slug:slug>/affiche.pdf", public.poster, name="poster"),
    path("agenda/<slug:slug>/", public.event_detail, name="detail"),
]

# Registration (views/registration.py: public; views/registrants.py: the place's team).
urlpatterns += [
    path(
        "agenda/dates/<uuid:uid>/inscription/",
        registration.register,
        name="register",
    ),
    # A series: one form, the date chosen in it.
    path("agenda/<slug:slug>/inscription/", registration.register_event, name="register_event"),
    path(
        "agenda/dates/<uuid:uid>/inscription/lien/",
        registration.resend_link,
        name="resend_link",
    ),
    path(
        "agenda/dates/<uuid:uid>/inscription/courriel/",
        registration.sent,
        name="registration_sent",
    ),
    # Before the token's route: a token never reads "code".
    path("agenda/inscription/code/", registration.by_code, name="registration_code"),
    path("agenda/inscription/<str:token>/", registration.registration, name="registration"),
    path(
        "agenda/inscription/<str:token>/confirmer/",
        registration.confirm,
        name="registration_confirm",
    ),
    path(
        "agenda/inscription/<str:token>/annuler/",
        registration.cancel,
        name="registration_cancel",
    ),
    path("agenda/dates/<uuid:uid>/inscrits/", registrants.registrants, name="registrants"),
    path("agenda/dates/<uuid:uid>/inscrits.csv", registrants.export_csv, name="registrants_csv"),
    path("agenda/dates/<uuid:uid>/inscrits/ajouter/", registrants.add, name="registrant_add"),
    path(
        "agenda/dates/<uuid:uid>/inscrits/<int:pk>/annuler/",
        registrants.cancel,
        name="registrant_cancel",
    ),
    path(
        "agenda/dates/<uuid:uid>/inscrits/<int:pk>/presence/",
        registrants.attendance,
        name="attendance",
    ),
    path("lieux/<slug:slug>/statistiques/", registrants.place_stats, name="place_stats"),
    path(
        "lieux/<slug:slug>/statistiques.csv",
        registrants.place_stats_csv,
        name="place_stats_csv",
    ),
]
