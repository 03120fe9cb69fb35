"""How the privacy app collects each app's `privacy.py` (export and forget)."""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from placette.privacy import services
from tests.factories import make_user

pytestmark = pytest.mark.django_db

# The download's keys, as before the privacy modules were split per app.
KEYS = {
    "site",
    "exported_at",
    "account",
    "managed_places",
    "claims",
    "contributions",
    "reports",
    "registrations",
    "place_versions",
    "stories",
    "resource_revisions",
    "collections",
}


def holds_people(config) -> bool:
    """An app with a model pointing at the user model (foreign key or many-to-many)."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return any(
        field.is_relation and field.related_model is user_model and not field.auto_created
        for model in config.get_models()
        for field in model._meta.get_fields()
    )


def test_every_app_with_personal_data_has_a_privacy_module():
    ours = [c for c in apps.get_app_configs() if c.name.startswith("placette.")]
    with_people = {c.name for c in ours if holds_people(c)}
    assert {"placette.places", "placette.contributions", "placette.events"} <= with_people
    covered = {module.__name__.rsplit(".", 1)[0] for module in services.app_modules()}
    assert with_people <= covered, with_people - covered
    for module in services.app_modules():
        assert callable(module.export) and callable(module.forget), module.__name__


def test_modules_come_in_installed_apps_order_and_the_export_keeps_its_keys():
    names = [module.__name__ for module in services.app_modules()]
    order = [config.name for config in apps.get_app_configs()]
    assert names == sorted(names, key=lambda name: order.index(name.rsplit(".", 1)[0]))
    assert set(services.export_data(user=make_user())) == KEYS


def test_forget_runs_top_apps_first_then_the_account_goes(monkeypatch):
    user = make_user()
    calls = []
    for module in services.app_modules():
        monkeypatch.setattr(
            module, "forget", lambda person, name=module.__name__: calls.append(name)
        )
    services.delete_account(user=user)
    assert calls == [module.__name__ for module in reversed(services.app_modules())]
    assert not type(user).objects.filter(pk=user.pk).exists()


def test_two_apps_exporting_one_key_is_an_error(monkeypatch):
    first, second = services.app_modules()[:2]
    monkeypatch.setattr(first, "export", lambda user: {"same": 1})
    monkeypatch.setattr(second, "export", lambda user: {"same": 2})
    with pytest.raises(ImproperlyConfigured):
        services.export_data(user=make_user())


def test_dates_are_written_out_in_iso_format():
    user = make_user()
    account = services.export_data(user=user)["account"]
    assert account["date_joined"] == user.date_joined.isoformat()
    assert account["last_login"] is None
