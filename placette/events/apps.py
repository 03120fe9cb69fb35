from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "placette.events"
    verbose_name = _("Agenda")

    def ready(self):
        from placette.core import sections
        from placette.events import sections as own

        sections.register(
            "place", template="events/_next_events.html", context=own.place_next_events, order=10
        )
        sections.register(
            "place_popup",
            template="events/_popup_next_event.html",
            context=own.place_popup_next_event,
            order=10,
        )
