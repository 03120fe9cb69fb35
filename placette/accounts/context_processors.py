from django.utils.functional import SimpleLazyObject

from placette.core import roles


def account(request):
    """`is_moderator` for menus, asked only when a template reads it."""
    user = getattr(request, "user", None)
    return {"is_moderator": SimpleLazyObject(lambda: roles.is_moderator(user))}
