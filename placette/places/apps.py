from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "placette.places"
    verbose_name = _("Lieux")

    def ready(self):
        from placette.places import search_index

        # After every migrate: the SQLite text index and its triggers (see search_index).
        post_migrate.connect(search_index.on_post_migrate, sender=self)
