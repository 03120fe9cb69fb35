from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonsConfig(AppConfig):
    name = "placette.commons"
    verbose_name = _("Ressources")

    def ready(self):
        from placette.commons import sections as own
        from placette.core import sections

        sections.register(
            "place",
            template="commons/_place_resources.html",
            context=own.place_resources,
            order=30,
        )
