from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "placette.site"
    label = "site"
    verbose_name = _("Le site")
