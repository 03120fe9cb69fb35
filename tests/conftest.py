import pytest
from django.core.cache import caches
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker


@pytest.fixture(autouse=True)
def _fast_test_passwords(settings):
    # Accounts made by tests/factories.py are hashed with MD5 (deliberately slow Argon2 would
    # cost seconds per test); sign-ups through the site still use Argon2, listed first.
    settings.PASSWORD_HASHERS = [
        *settings.PASSWORD_HASHERS,
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]


@pytest.fixture(autouse=True)
def _local_cache(settings):
    # The default cache is a database table in production (shared by workers); a per-test
    # in-memory one keeps tests without database access and independent of each other.
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def run_tasks(monkeypatch):
    """Run the queued background tasks (e-mail…) with `manage.py db_worker --batch`.

    The worker closes "old" connections between tasks; inside a test's transaction Django
    takes the test connection for one, so that step is skipped here."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> None:
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    return run
