from django.urls import path

from placette.accounts import privacy

from . import report_views, views

app_name = "contributions"

# Mounted at the site root, before the places' routes.
urlpatterns = [
    path("proposer-un-lieu/", views.propose, name="propose"),
    path("proposer-un-lieu/merci/", views.sent, name="sent"),
    path("lieux/<slug:slug>/proposer-une-modification/", views.change, name="change"),
    path("contributions/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("contributions/suivi/<str:token>/", views.follow, name="follow"),
    path("moderation/", views.queue, name="queue"),
    path("moderation/contributions/<int:pk>/", views.review, name="review"),
]
# Reports of abusive content (report_views.py, contributions.reports).
urlpatterns += [
    path("signaler/", report_views.report, name="report"),
    path("signaler/confirmer/<str:token>/", report_views.report_confirm, name="report_confirm"),
    path("moderation/signalements/<int:pk>/", report_views.report_review, name="report_review"),
    # The privacy page lives with accounts (accounts.privacy); mounted here for its root address.
    path("confidentialite/", privacy.privacy_page, name="privacy"),
]
