from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "placette.stories"
    verbose_name = _("Récits")

    def ready(self):
        from placette.core import sections
        from placette.stories import sections as own

        sections.register(
            "place", template="stories/_place_stories.html", context=own.place_stories, order=20
        )
        sections.register(
            "event", template="stories/_event_stories.html", context=own.event_stories, order=10
        )
