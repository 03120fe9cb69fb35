"""Privacy (RGPD): the download of a person's data and account deletion, over every app.

Each app that holds personal data has a `privacy.py` beside its models with
`export(user) -> dict` (its keys of the download) and `forget(user) -> None` (its part of the
deletion: anonymise what stays, delete what goes). This app finds them by convention and no app
imports it. Order: INSTALLED_APPS. Exports are merged in that order; forgets run in reverse
(the apps higher up first, while what they build on is still there), then the account is
deleted: the foreign keys left to it are SET_NULL (what stays, anonymised) or CASCADE.
"""

from datetime import date
from importlib import import_module
from types import ModuleType
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

MODULE = "privacy"


def app_modules() -> list[ModuleType]:
    """Every installed app's privacy module, in INSTALLED_APPS order (this app's own excepted)."""
    found = []
    for config in apps.get_app_configs():
        if config.name == __package__ or not module_has_submodule(config.module, MODULE):
            continue
        found.append(import_module(f"{config.name}.{MODULE}"))
    return found


def export_data(*, user) -> dict[str, Any]:
    """Everything the site holds about the person, as JSON-ready values."""
    data: dict[str, Any] = {
        "site": settings.SITE_NAME,
        "exported_at": timezone.now().isoformat(),
    }
    for module in app_modules():
        part = module.export(user)
        if clash := data.keys() & part.keys():
            raise ImproperlyConfigured(f"{module.__name__} exports {sorted(clash)} twice")
        data.update(part)
    return _plain(data)


def _plain(value):
    """Dates and times as ISO 8601 strings, all the way down."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    return value


@transaction.atomic
def delete_account(*, user) -> None:
    """Delete the account; what the person gave the commons stays, without their name."""
    for module in reversed(app_modules()):
        module.forget(user)
    user.delete()
