"""WeasyPrint where the PDF tests need it: a skip with the reason on a machine where it cannot
work (no Pango: the README's prerequisites do not require it), a failure under CI=true."""

import os

import pytest


def weasyprint_or_skip():
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(
            f"WeasyPrint cannot make PDFs here ({error}): install Pango (see the README)",
            allow_module_level=True,
        )
    return weasyprint
