from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "placette.places"
    verbose_name = _("Lieux")

    def ready(self):
        from placette.core import sections
        from placette.places import search_index
        from placette.places import sections as own

        # After every migrate: the SQLite text index and its triggers (see search_index).
        post_migrate.connect(search_index.on_post_migrate, sender=self)
        sections.register(
            "account",
            template="places/_account_managed.html",
            context=own.account_managed,
            order=10,
        )
        sections.register(
            "account", template="places/_account_claims.html", context=own.account_claims, order=20
        )
