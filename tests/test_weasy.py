"""`make test` on a machine with only the README's prerequisites: WeasyPrint's warning about a
missing HarfBuzz-Subset does not stop the suite, the site loads without WeasyPrint, and the
PDF tests skip with their reason (except under CI=true)."""

import subprocess
import sys
import warnings

import pytest
from django.conf import settings

from tests.weasy import weasyprint_or_skip

HARFBUZZ_SUBSET = (
    "HarfBuzz-Subset will be required by future versions of WeasyPrint. "
    "Please install this library with your package manager."
)


def test_weasyprints_warning_without_harfbuzz_subset_is_not_an_error():
    # What weasyprint/text/ffi.py warns at import when libharfbuzz-subset0 is missing.
    warnings.warn_explicit(
        HARFBUZZ_SUBSET, DeprecationWarning, "weasyprint/text/ffi.py", 528, "weasyprint.text.ffi"
    )


def test_the_site_loads_where_weasyprint_cannot():
    code = (
        "import os, sys\n"
        "sys.modules['weasyprint'] = None  # as if Pango were missing: import fails\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'placette.settings')\n"
        "import django\n"
        "django.setup()\n"
        "from django.urls import resolve\n"
        "print(resolve('/agenda/').func.__module__)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "placette.events.views.public"


def test_pdf_tests_skip_without_weasyprint_but_fail_under_ci(monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="install Pango"):
        weasyprint_or_skip()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(ImportError):
        weasyprint_or_skip()
