"""placette/settings.py refuses to start in production without its safe values."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "PLACETTE_ENV": "production",
    "DJANGO_SECRET_KEY": "a-test-key-long-enough-to-be-taken-for-a-real-one-0123456789",
    "DJANGO_ALLOWED_HOSTS": "placette.example",
    "PLACETTE_BASE_URL": "https://placette.example",
}


def _start(code: str = "import placette.settings", **env: str) -> subprocess.CompletedProcess:
    """Run `code` (importing the settings) in a fresh interpreter with `env` (None: unset)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PLACETTE_", "DJANGO_"))}
    environ.update({k: v for k, v in env.items() if v is not None})
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_starts_with_its_settings():
    started = _start(**PRODUCTION)
    assert started.returncode == 0, started.stderr


def test_production_needs_the_public_address():
    for missing in (None, "", "placette.example"):
        started = _start(**{**PRODUCTION, "PLACETTE_BASE_URL": missing})
        assert started.returncode != 0
        assert "ImproperlyConfigured" in started.stderr and "PLACETTE_BASE_URL" in started.stderr


def test_production_refuses_a_weak_secret_key():
    varied = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for key in ("x", varied[:49], "abcd" * 20, "django-insecure-" + varied):
        started = _start(**{**PRODUCTION, "DJANGO_SECRET_KEY": key})
        assert started.returncode != 0, key
        assert "ImproperlyConfigured" in started.stderr and "DJANGO_SECRET_KEY" in started.stderr


def test_outside_production_the_laptop_address_is_the_default():
    started = _start("import placette.settings as s; print(s.PLACETTE_BASE_URL)")
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "http://127.0.0.1:8000"
