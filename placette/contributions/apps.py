from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "placette.contributions"
    verbose_name = _("Contributions et modération")

    def ready(self):
        from placette.contributions import sections as own
        from placette.core import sections

        sections.register(
            "account",
            template="contributions/_account_contributions.html",
            context=own.account_contributions,
            order=30,
        )
