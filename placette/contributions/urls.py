from django.urls import path

from placette.contributions.views import proposals, reports

app_name = "contributions"

# Mounted at the site root, before the places' routes.
urlpatterns = [
    path("proposer-un-lieu/", proposals.propose, name="propose"),
    path("proposer-un-lieu/merci/", proposals.sent, name="sent"),
    path("lieux/<slug:slug>/proposer-une-modification/", proposals.change, name="change"),
    path("contributions/confirmer/<str:token>/", proposals.confirm, name="confirm"),
    path("contributions/suivi/<str:token>/", proposals.follow, name="follow"),
]
# Reports of abusive content (reports.py, contributions.reports).
urlpatterns += [
    path("signaler/", reports.report, name="report"),
    path("signaler/confirmer/<str:token>/", reports.report_confirm, name="report_confirm"),
]
