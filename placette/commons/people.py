"""How people appear on the commons' public pages: a public name, never an e-mail address."""

from django.utils.translation import gettext as _


def public_name(user) -> str:
    """The person's full name when they gave one, else the part of their e-mail before "@"
    (what they chose as an address, not the address itself)."""
    if user is None:
        return _("compte supprimé")
    full = (user.get_full_name() or "").strip()
    if full:
        return full
    local = (user.email or "").split("@", 1)[0].strip()
    return local or _("contributeur·rice n° %(id)s") % {"id": user.pk}
