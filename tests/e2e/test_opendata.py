"""The open-data page in a real browser: accessible, readable on a phone, usable without
JavaScript (the extract form downloads the filtered file)."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, assert_axe

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_opendata_page_is_accessible(open_tab, directory, viewport):
    tab = open_tab(bypass_csp=True, viewport=viewport)
    page = tab.goto("/donnees/")
    expect(page.locator("h1")).to_have_text("Données ouvertes")
    expect(page.get_by_role("link", name="Tous les lieux en CSV")).to_be_visible()
    assert_axe(page)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"/donnees/ scrolls sideways by {overflow}px"
    tab.assert_clean()


def test_extract_form_downloads_the_filtered_file_without_javascript(open_tab, directory):
    tab = open_tab(javascript=False)
    page = tab.goto("/donnees/")
    page.get_by_label("Famille").select_option("fablab")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Télécharger en CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith("_lieux-de-mediation-numerique_France.csv")
    text = Path(download.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    # The directory's two fablabs; only the one with an address can be exported.
    assert [row["nom"] for row in rows] == ["Fablab des Champs Libres"]
    tab.assert_clean()
