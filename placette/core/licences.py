"""The licences a story or a resource can carry: open by default, as a commons should be."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Licence(models.TextChoices):
    CC_BY_SA = "cc-by-sa-4.0", _("CC BY-SA 4.0 (partage dans les mêmes conditions)")
    CC_BY = "cc-by-4.0", _("CC BY 4.0 (attribution)")
    CC0 = "cc0-1.0", _("CC0 1.0 (domaine public)")
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("Tous droits réservés")


URLS = {
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/deed.fr",
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/deed.fr",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/deed.fr",
}

SHORT = {
    Licence.CC_BY_SA: "CC BY-SA 4.0",
    Licence.CC_BY: "CC BY 4.0",
    Licence.CC0: "CC0 1.0",
    Licence.ALL_RIGHTS_RESERVED: _("Tous droits réservés"),
}


def url(code: str) -> str:
    """The licence's deed, or "" when it has none (all rights reserved)."""
    return URLS.get(code, "")


def short(code: str) -> str:
    return str(SHORT.get(code, code))
