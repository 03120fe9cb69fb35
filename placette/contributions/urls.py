app_name = "contributions"

# Routes are added by each part of the app: proposals, moderation, reports.
urlpatterns: list = []
